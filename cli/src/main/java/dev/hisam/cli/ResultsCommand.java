package dev.hisam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hisam.core.InputException;
import dev.hisam.core.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** One markdown table of the P1 test results of several runs (the README's results table). */
@Command(
    name = "results",
    mixinStandardHelpOptions = true,
    description = {
      "Print one markdown table of the P1 test results of several evaluated runs.",
      "",
      "Primary protocol; every model at every history cap, with training time and peak RSS, and the"
          + " published Beauty numbers below a Beauty run.",
      "",
      "With --ctr: the P2 test AUC and GAUC of every CTR model (ctr/<name>/, not new-item runs)"
          + " over the runs, e.g. the same commands in runs prepared with different seeds: the"
          + " figure of each run, mean and sample standard deviation; with --versus NAME also"
          + " each model's paired difference to NAME over the runs that hold both: mean, standard"
          + " error, the number of pairs and how many of them are above zero."
    },
    footer = {
      "",
      "Examples:",
      "  bin/hisam results runs/beauty runs/yelp runs/movielens",
      "  bin/hisam results --ctr --versus item-id runs/ml-s1 runs/ml-s2 runs/ml-s3"
    })
final class ResultsCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "RUN", description = "Evaluated run directories.")
  List<Path> runs;

  @Option(names = "--ctr", description = "Tabulate the runs' CTR models (P2) instead of P1.")
  boolean ctr;

  @Option(
      names = "--versus",
      paramLabel = "NAME",
      description = "With --ctr: add each model's paired difference to this CTR model.")
  String versus;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (versus != null && !ctr) {
      throw new IllegalArgumentException("--versus only applies with --ctr");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(ctr ? ctrTable(runs, versus) : table(runs));
    out.flush();
    return 0;
  }

  /** The markdown table; rows in run order, then model order as evaluated, then history cap. */
  static String table(List<Path> runs) {
    StringBuilder md = new StringBuilder();
    md.append("| dataset | model | history | R@5 | R@10 | N@5 | N@10 | train time | peak RSS |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Path run : runs) {
      JsonNode m = read(run.resolve("eval").resolve("metrics.json"));
      String dataset = m.path("dataset").asText();
      List<JsonNode> rows = new ArrayList<>();
      for (JsonNode r : m.path("results")) {
        if ("test".equals(r.path("split").asText())
            && "primary".equals(r.path("variant").asText())) {
          rows.add(r);
        }
      }
      for (JsonNode r : rows) {
        String model = r.path("model").asText();
        // a beam-width row (hmat-beam50) was trained as its modelDir (hmat)
        JsonNode t = training(m, r.path("modelDir").asText(model));
        JsonNode k = r.path("metrics");
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d | %.4f | %.4f | %.4f | %.4f | %s | %s |%n",
                dataset,
                model,
                r.path("historyCap").asInt(),
                k.path("R@5").asDouble(),
                k.path("R@10").asDouble(),
                k.path("N@5").asDouble(),
                k.path("N@10").asDouble(),
                t == null ? "" : minutes(t.path("trainSeconds").asDouble()),
                t == null
                    ? ""
                    : String.format(Locale.ROOT, "%,d MiB", t.path("peakRssMiB").asLong())));
      }
      if ("beauty".equals(dataset)) {
        for (Published p : Published.BEAUTY) {
          md.append(
              String.format(
                  Locale.ROOT,
                  "| beauty | *%s, published* | | %.4f | %.4f | %.4f | %.4f | | |%n",
                  p.model(),
                  p.r5(),
                  p.r10(),
                  p.n5(),
                  p.n10()));
        }
      }
    }
    return md.toString();
  }

  /** One CTR model's test figures; spread is NaN for metrics written before it existed. */
  private record CtrFigures(double auc, double gauc, double spread) {}

  /**
   * The CTR table: one row per model name found under any run's {@code ctr/} (new-item runs left
   * out), its figures per run in run order ("-" where a run lacks it), their mean and sample
   * standard deviation; with {@code versus}, the paired differences to that model.
   */
  static String ctrTable(List<Path> runs, String versus) {
    java.util.Map<String, java.util.Map<Path, CtrFigures>> byModel =
        new java.util.LinkedHashMap<>();
    for (Path run : runs) {
      Path dir = run.resolve("ctr");
      if (!Files.isDirectory(dir)) {
        throw new InputException(dir, 0, null, "no ctr/ directory: run `hisam ctr --run` first");
      }
      List<Path> models;
      try (var list = Files.list(dir)) {
        models = list.sorted().toList();
      } catch (IOException e) {
        throw new InputException(dir, 0, null, "cannot list: " + e.getMessage());
      }
      for (Path model : models) {
        Path f = model.resolve("metrics.json");
        if (!Files.isRegularFile(f)) {
          continue; // an interrupted or refused ctr run
        }
        JsonNode m = read(f);
        if (m.path("newItems").asBoolean()) {
          continue;
        }
        JsonNode t = m.path("test");
        if (!t.path("auc").isNumber() || !t.path("gauc").isNumber()) {
          throw new InputException(f, 0, "test", "has no test auc and gauc");
        }
        byModel
            .computeIfAbsent(model.getFileName().toString(), k -> new java.util.LinkedHashMap<>())
            .put(
                run,
                new CtrFigures(
                    t.path("auc").asDouble(),
                    t.path("gauc").asDouble(),
                    m.path("spread").path("history").asDouble(Double.NaN)));
      }
    }
    if (versus != null && !byModel.containsKey(versus)) {
      throw new IllegalArgumentException(
          "--versus "
              + versus
              + ": no such CTR model in these runs (found "
              + byModel.keySet()
              + ")");
    }
    StringBuilder md = new StringBuilder();
    md.append("| model | runs | test AUC, mean ± sd | test GAUC, mean ± sd | AUC per run |")
        .append(" GAUC per run | history spread per run |");
    if (versus != null) {
      md.append(" AUC - ")
          .append(versus)
          .append(", mean ± SE (pairs; ahead) | GAUC - ")
          .append(versus)
          .append(", mean ± SE (pairs; ahead) |");
    }
    md.append("\n|").append("---|".repeat(versus == null ? 7 : 9)).append('\n');
    for (var e : byModel.entrySet()) {
      java.util.Map<Path, CtrFigures> got = e.getValue();
      List<Double> auc = new ArrayList<>();
      List<Double> gauc = new ArrayList<>();
      List<String> aucRuns = new ArrayList<>();
      List<String> gaucRuns = new ArrayList<>();
      List<String> spreadRuns = new ArrayList<>();
      for (Path run : runs) {
        CtrFigures f = got.get(run);
        spreadRuns.add(f == null || Double.isNaN(f.spread()) ? "-" : f4(f.spread()));
        aucRuns.add(f == null ? "-" : f4(f.auc()));
        gaucRuns.add(f == null ? "-" : f4(f.gauc()));
        if (f != null) {
          auc.add(f.auc());
          gauc.add(f.gauc());
        }
      }
      md.append("| ")
          .append(e.getKey())
          .append(" | ")
          .append(auc.size())
          .append(" | ")
          .append(meanSd(auc))
          .append(" | ")
          .append(meanSd(gauc))
          .append(" | ")
          .append(String.join(" / ", aucRuns))
          .append(" | ")
          .append(String.join(" / ", gaucRuns))
          .append(" | ")
          .append(String.join(" / ", spreadRuns))
          .append(" |");
      if (versus != null) {
        List<Double> dAuc = new ArrayList<>();
        List<Double> dGauc = new ArrayList<>();
        for (Path run : runs) {
          CtrFigures a = got.get(run);
          CtrFigures b = byModel.get(versus).get(run);
          if (a != null && b != null) {
            dAuc.add(a.auc() - b.auc());
            dGauc.add(a.gauc() - b.gauc());
          }
        }
        md.append(' ').append(paired(dAuc)).append(" | ").append(paired(dGauc)).append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String f4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** "mean ± sd" (sample sd, n - 1), or the single value when there is one. */
  static String meanSd(List<Double> v) {
    double[] ms = meanAndSd(v);
    return v.size() < 2 ? f4(ms[0]) : f4(ms[0]) + " ± " + f4(ms[1]);
  }

  /**
   * Paired differences: "mean ± standard error (pairs; how many above zero)", or the single
   * difference when there is one pair.
   */
  private static String paired(List<Double> v) {
    if (v.isEmpty()) {
      return "-";
    }
    double[] ms = meanAndSd(v);
    String mean = String.format(Locale.ROOT, "%+.4f", ms[0]);
    long ahead = v.stream().filter(d -> d > 0).count();
    return v.size() < 2
        ? mean
        : mean
            + " ± "
            + f4(ms[1] / Math.sqrt(v.size()))
            + " ("
            + v.size()
            + "; "
            + ahead
            + " ahead)";
  }

  private static double[] meanAndSd(List<Double> v) {
    double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return new double[] {mean, v.size() < 2 ? Double.NaN : Math.sqrt(ss / (v.size() - 1))};
  }

  private static JsonNode training(JsonNode metrics, String model) {
    for (JsonNode t : metrics.path("training")) {
      if (model.equals(t.path("model").asText())) {
        return t;
      }
    }
    return null;
  }

  private static String minutes(double seconds) {
    return seconds < 60
        ? String.format(Locale.ROOT, "%.1f s", seconds)
        : String.format(Locale.ROOT, "%.1f min", seconds / 60);
  }

  private static JsonNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InputException(
          file, 0, null, "no eval/metrics.json: run `hisam evaluate --run` on this run first");
    }
    try {
      return Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new InputException(file, 0, null, "not valid JSON: " + e.getMessage());
    }
  }
}
