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
          + " published Beauty numbers below a Beauty run."
    },
    footer = {"", "Example:", "  bin/hisam results runs/beauty runs/yelp runs/movielens"})
final class ResultsCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "RUN", description = "Evaluated run directories.")
  List<Path> runs;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println(table(runs));
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
        JsonNode t = training(m, model);
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
