package dev.hisam.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hisam.core.Json;
import dev.hisam.core.io.AtomicFiles;
import dev.hisam.core.io.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Writes {@code report/report.md} with PNG plots from a run's {@code eval/metrics.json} and {@code
 * log.jsonl}: result tables (primary protocol, history-excluded variant, validation), published
 * numbers beside ours, the run's semantic IDs (one row per tokenizer), training time and memory,
 * loss and validation curves, a metric bar chart.
 */
public final class ReportWriter {
  private static final String[] METRICS = {"R@5", "R@10", "N@5", "N@10"};

  private ReportWriter() {}

  /** Writes the report directory of {@code run}; returns the markdown file. */
  public static Path write(RunDirectory run) {
    List<JsonNode> ctr = CtrReport.read(run.root().resolve("ctr"));
    JsonNode metrics =
        ctr.isEmpty() || Files.isRegularFile(run.metrics())
            ? readJson(run.metrics())
            : Json.mapper().createObjectNode();
    List<JsonNode> log = readLog(run.log());
    List<JsonNode> tokenizers = readTokenizers(run.root().resolve("tokenizer"));
    AtomicFiles.replaceDirectory(
        run.report(),
        dir -> {
          StringBuilder md = new StringBuilder();
          md.append("# Hi-SAM run report: ")
              .append(metrics.path("dataset").asText("?"))
              .append("\n\n");
          appendDataset(md, metrics.path("datasetStats"));
          appendTokenizers(md, tokenizers);
          for (String split : List.of("test", "validation")) {
            for (String variant : List.of("primary", "historyExcluded")) {
              if (split.equals("validation") && variant.equals("historyExcluded")) {
                continue;
              }
              appendResults(md, metrics, split, variant);
            }
          }
          appendBuckets(md, metrics);
          appendPublished(md, metrics.path("published"));
          appendTraining(md, metrics.path("training"));
          if (plotCurves(log, dir)) {
            md.append(
                "## Training curves\n\n![loss](loss.png)\n\n![validation](validation.png)\n\n");
          }
          if (plotBars(metrics, dir)) {
            md.append("## Test metrics\n\n![metrics](metrics.png)\n\n");
          }
          CtrReport.append(md, ctr, dir);
          Files.writeString(dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
        });
    return run.report().resolve("report.md");
  }

  private static void appendDataset(StringBuilder md, JsonNode stats) {
    if (stats.isMissingNode() || !stats.isObject()) {
      return;
    }
    md.append("## Dataset\n\n| quantity | value |\n|---|---|\n");
    stats
        .fields()
        .forEachRemaining(
            e ->
                md.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(
                        e.getValue().isNumber() ? fmtNumber(e.getValue()) : e.getValue().asText())
                    .append(" |\n"));
    md.append('\n');
  }

  /** Each tokenizer's {@code report.json} under {@code tokenizer/}, by directory name. */
  static List<JsonNode> readTokenizers(Path base) {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.isDirectory(base)) {
      return out;
    }
    try (var dirs = Files.list(base)) {
      for (Path d : dirs.sorted().toList()) {
        Path f = d.resolve("report.json");
        if (Files.isRegularFile(f)) {
          ObjectNode r = (ObjectNode) readJson(f);
          r.put("dir", d.getFileName().toString());
          out.add(r);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The run's semantic IDs, one row per tokenizer: the code-use bars (utilisation, perplexity,
   * unique before the collision code) and a link to the tokenizer's own report.
   */
  static void appendTokenizers(StringBuilder md, List<JsonNode> tokenizers) {
    if (tokenizers.isEmpty()) {
      return;
    }
    md.append("## Semantic IDs\n\n")
        .append("Bars: every level uses >= 90% of its codes, perplexity >= K/4, >= 95% of items")
        .append(" unique before the collision code.\n\n")
        .append("| tokenizer | modalities | levels (K) | min utilisation | min perplexity |")
        .append(" unique | bars met | encode + fit | report |\n")
        .append("|---|---|---|---|---|---|---|---|---|\n");
    for (JsonNode r : tokenizers) {
      JsonNode s = r.path("summary");
      JsonNode a = r.path("acceptance");
      List<String> modalities = new ArrayList<>();
      r.path("modalities").forEach(m -> modalities.add(m.path("name").asText()));
      List<String> levels = new ArrayList<>();
      r.path("levelNames").forEach(l -> levels.add(l.asText()));
      boolean met =
          a.path("utilisationOk").asBoolean()
              && a.path("perplexityOk").asBoolean()
              && a.path("uniqueOk").asBoolean();
      String dir = r.path("dir").asText();
      md.append("| ")
          .append(dir)
          .append(" | ")
          .append(String.join(" + ", modalities))
          .append(" | ")
          .append(String.join(" ", levels))
          .append(" (")
          .append(r.path("codebookSize").asInt())
          .append(") | ")
          .append(String.format(Locale.ROOT, "%.1f%%", 100 * s.path("minUtilisation").asDouble()))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.1f", s.path("minPerplexity").asDouble()))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.1f%%", 100 * s.path("uniqueFraction").asDouble()))
          .append(" | ")
          .append(met ? "yes" : "no")
          .append(" | ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%.1f + %.1f s",
                  r.path("timing").path("encodeTotalSeconds").asDouble(),
                  r.path("timing").path("fitSeconds").asDouble()))
          .append(" | [report](../tokenizer/")
          .append(dir)
          .append("/report.md) |\n");
    }
    md.append('\n');
  }

  private static void appendResults(
      StringBuilder md, JsonNode metrics, String split, String variant) {
    List<JsonNode> rows = new ArrayList<>();
    for (JsonNode r : metrics.path("results")) {
      if (r.path("split").asText().equals(split) && r.path("variant").asText().equals(variant)) {
        rows.add(r);
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    md.append("## P1 ")
        .append(split)
        .append(
            variant.equals("primary")
                ? " (primary: history items not removed)"
                : " (history excluded: history items ranked last)")
        .append("\n\n| model | history | users | R@5 | R@10 | N@5 | N@10 | ms/user |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    for (JsonNode r : rows) {
      md.append("| ")
          .append(r.path("model").asText())
          .append(" | ")
          .append(r.path("historyCap").asInt())
          .append(" | ")
          .append(r.path("users").asInt());
      for (String m : METRICS) {
        md.append(" | ")
            .append(String.format(Locale.ROOT, "%.4f", r.path("metrics").path(m).asDouble()));
      }
      md.append(" | ")
          .append(String.format(Locale.ROOT, "%.3f", r.path("msPerUser").asDouble()))
          .append(" |\n");
    }
    md.append('\n');
  }

  /** P3: test NDCG@10 / Recall@10 by the target item's training frequency. */
  private static void appendBuckets(StringBuilder md, JsonNode metrics) {
    List<JsonNode> rows = new ArrayList<>();
    for (JsonNode r : metrics.path("results")) {
      if (r.path("split").asText().equals("test")
          && r.path("variant").asText().equals("primary")
          && r.path("buckets").isArray()) {
        rows.add(r);
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    md.append("## P3: test R@10 / N@10 by the target's training frequency\n\n| model | history");
    JsonNode first = rows.get(0).path("buckets");
    for (JsonNode b : first) {
      md.append(" | ").append(b.path("bucket").asText()).append(" (users)");
    }
    md.append(" |\n|---|---");
    first.forEach(b -> md.append("|---"));
    md.append("|\n");
    for (JsonNode r : rows) {
      md.append("| ")
          .append(r.path("model").asText())
          .append(" | ")
          .append(r.path("historyCap").asInt());
      for (JsonNode b : r.path("buckets")) {
        if (b.path("users").asInt() == 0) {
          md.append(" | - (0)");
          continue;
        }
        md.append(
            String.format(
                Locale.ROOT,
                " | %.4f / %.4f (%d)",
                b.path("metrics").path("R@10").asDouble(),
                b.path("metrics").path("N@10").asDouble(),
                b.path("users").asInt()));
      }
      md.append(" |\n");
    }
    md.append('\n');
  }

  private static void appendPublished(StringBuilder md, JsonNode published) {
    if (!published.isArray() || published.isEmpty()) {
      return;
    }
    md.append(
            "## Published numbers (same protocol)\n\n| model | R@5 | R@10 | N@5 | N@10 | source |\n")
        .append("|---|---|---|---|---|---|\n");
    for (JsonNode p : published) {
      md.append("| ").append(p.path("model").asText());
      for (String m : METRICS) {
        md.append(" | ").append(String.format(Locale.ROOT, "%.4f", p.path(m).asDouble()));
      }
      md.append(" | ").append(p.path("source").asText()).append(" |\n");
    }
    md.append('\n');
  }

  private static void appendTraining(StringBuilder md, JsonNode training) {
    if (!training.isArray() || training.isEmpty()) {
      return;
    }
    List<String> cols = new ArrayList<>();
    training.get(0).fieldNames().forEachRemaining(cols::add);
    md.append("## Training time and memory\n\n| ")
        .append(String.join(" | ", cols))
        .append(" |\n|")
        .append("---|".repeat(cols.size()))
        .append('\n');
    for (JsonNode t : training) {
      md.append("|");
      for (String c : cols) {
        JsonNode v = t.path(c);
        md.append(' ').append(v.isNumber() ? fmtNumber(v) : v.asText()).append(" |");
      }
      md.append('\n');
    }
    md.append('\n');
  }

  private static String fmtNumber(JsonNode v) {
    if (v.isIntegralNumber()) {
      return Long.toString(v.asLong());
    }
    double d = v.asDouble();
    return Math.abs(d) >= 100
        ? String.format(Locale.ROOT, "%.1f", d)
        : String.format(Locale.ROOT, "%.4f", d);
  }

  /** Loss and validation NDCG@10 per epoch, one series per model, from log.jsonl "epoch" events. */
  private static boolean plotCurves(List<JsonNode> log, Path dir) throws IOException {
    Map<String, List<double[]>> byModel = new LinkedHashMap<>();
    for (JsonNode e : log) {
      if (e.path("event").asText().equals("epoch")) {
        byModel
            .computeIfAbsent(e.path("model").asText(), k -> new ArrayList<>())
            .add(
                new double[] {
                  e.path("epoch").asDouble(),
                  e.path("loss").asDouble(),
                  e.path("validNdcg10").asDouble(Double.NaN)
                });
      }
    }
    if (byModel.isEmpty()) {
      return false;
    }
    XYChart loss = xy("Training loss (cross-entropy)", "epoch", "loss");
    XYChart valid = xy("Validation NDCG@10", "epoch", "NDCG@10");
    for (var e : byModel.entrySet()) {
      List<double[]> pts = e.getValue();
      double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
      loss.addSeries(e.getKey(), x, pts.stream().mapToDouble(p -> p[1]).toArray());
      valid.addSeries(e.getKey(), x, pts.stream().mapToDouble(p -> p[2]).toArray());
    }
    BitmapEncoder.saveBitmap(
        loss, dir.resolve("loss.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    BitmapEncoder.saveBitmap(
        valid, dir.resolve("validation.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    return true;
  }

  private static XYChart xy(String title, String x, String y) {
    XYChart c =
        new XYChartBuilder()
            .width(800)
            .height(450)
            .title(title)
            .xAxisTitle(x)
            .yAxisTitle(y)
            .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    c.getStyler().setMarkerSize(4);
    return c;
  }

  /** Test R@10 and N@10 per model and history cap (primary protocol), with published numbers. */
  private static boolean plotBars(JsonNode metrics, Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    List<Number> r10 = new ArrayList<>();
    List<Number> n10 = new ArrayList<>();
    for (JsonNode r : metrics.path("results")) {
      if (r.path("split").asText().equals("test") && r.path("variant").asText().equals("primary")) {
        names.add(r.path("model").asText() + " h" + r.path("historyCap").asInt());
        r10.add(r.path("metrics").path("R@10").asDouble());
        n10.add(r.path("metrics").path("N@10").asDouble());
      }
    }
    for (JsonNode p : metrics.path("published")) {
      names.add(p.path("model").asText() + " (pub.)");
      r10.add(p.path("R@10").asDouble());
      n10.add(p.path("N@10").asDouble());
    }
    if (names.isEmpty()) {
      return false;
    }
    CategoryChart c =
        new CategoryChartBuilder()
            .width(900)
            .height(480)
            .title("Test Recall@10 and NDCG@10 (" + metrics.path("dataset").asText() + ")")
            .xAxisTitle("model")
            .yAxisTitle("metric")
            .build();
    c.getStyler().setXAxisLabelRotation(30);
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    c.addSeries("Recall@10", names, r10);
    c.addSeries("NDCG@10", names, n10);
    BitmapEncoder.saveBitmap(
        c, dir.resolve("metrics.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    return true;
  }

  private static JsonNode readJson(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          file + " not found; run `hisam evaluate` (or `hisam ctr`) first");
    }
    try {
      return Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static List<JsonNode> readLog(Path file) {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(Json.mapper().readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return out;
  }
}
