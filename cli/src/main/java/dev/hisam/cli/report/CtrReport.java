package dev.hisam.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hisam.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The CTR part of a run's report: P2 AUC/GAUC of every model under {@code ctr/}, P3's AUC per
 * training-frequency bucket (table and {@code ctr-buckets.png}) and the new-item runs.
 */
final class CtrReport {
  private CtrReport() {}

  /** Every {@code ctr/<name>/metrics.json}, by name. */
  static List<JsonNode> read(Path ctrDir) {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.isDirectory(ctrDir)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(ctrDir)) {
      for (Path d : dirs.sorted().toList()) {
        Path m = d.resolve("metrics.json");
        if (Files.isRegularFile(m)) {
          out.add(Json.mapper().readTree(m.toFile()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ctrDir, e);
    }
    return out;
  }

  /** Appends the CTR sections; returns false (nothing written) when there are no CTR results. */
  static boolean append(StringBuilder md, List<JsonNode> models, Path dir) throws IOException {
    if (models.isEmpty()) {
      return false;
    }
    md.append("## P2 CTR ranking (test: the chronologically last 10% of labelled ratings)\n\n")
        .append(
            "| model | kind | AUC | GAUC | valid AUC | history spread | user-offset AUC | examples |"
                + " positives | epochs (best) | seconds | peak RSS MiB |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (JsonNode m : models) {
      JsonNode t = m.path("test");
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.4f | %.4f | %.4f | %s | %s | %,d | %,d | %d (%d) | %.0f | %d |%n",
              m.path("model").asText(),
              m.path("kind").asText(),
              t.path("auc").asDouble(),
              t.path("gauc").asDouble(),
              m.path("validationAuc").asDouble(),
              fmt(m.path("spread").path("history").asDouble(Double.NaN)),
              fmt(m.path("spread").path("userOffsetAuc").asDouble(Double.NaN)),
              t.path("examples").asInt(),
              t.path("positives").asInt(),
              m.path("epochs").asInt(),
              m.path("bestEpoch").asInt(),
              m.path("seconds").asDouble(),
              m.path("peakRssMiB").asLong()));
    }
    md.append(
        "\nHistory spread: the standard deviation of a test item's logit across the users who"
            + " see it, i.e. what the history changes (0 = the model scores the item alone)."
            + " User-offset AUC: the AUC of each user's mean logit, the part of AUC that orders"
            + " users rather than items (GAUC does not see it).\n\n");
    List<String> buckets = new ArrayList<>();
    for (JsonNode b : models.get(0).path("buckets")) {
      buckets.add(b.path("bucket").asText());
    }
    md.append("## P3 AUC per training frequency of the scored item\n\n| model |");
    buckets.forEach(b -> md.append(' ').append(b).append(" |"));
    md.append("\n|---|");
    buckets.forEach(b -> md.append("---|"));
    md.append('\n');
    for (JsonNode m : models) {
      md.append("| ").append(m.path("model").asText()).append(" |");
      for (JsonNode b : m.path("buckets")) {
        md.append(
            String.format(
                Locale.ROOT,
                " %s (%,d) |",
                fmt(b.path("auc").asDouble(Double.NaN)),
                b.path("examples").asInt()));
      }
      md.append('\n');
    }
    md.append("\n![AUC per bucket](ctr-buckets.png)\n\n");
    plotBuckets(models, buckets, dir.resolve("ctr-buckets.png"));
    List<JsonNode> newItem = models.stream().filter(m -> m.path("newItems").asBoolean()).toList();
    if (!newItem.isEmpty()) {
      md.append("## P3 new-item run (a seeded share of items held out of all training data)\n\n")
          .append("| model | held-out items | AUC all | AUC held-out items | GAUC held-out |")
          .append(" AUC seen items |\n|---|---|---|---|---|---|\n");
      for (JsonNode m : newItem) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %,d | %s | %s (%,d) | %s | %s |%n",
                m.path("model").asText(),
                m.path("heldOutItems").asInt(),
                fmt(m.path("test").path("auc").asDouble(Double.NaN)),
                fmt(m.path("heldOut").path("auc").asDouble(Double.NaN)),
                m.path("heldOut").path("examples").asInt(),
                fmt(m.path("heldOut").path("gauc").asDouble(Double.NaN)),
                fmt(m.path("seen").path("auc").asDouble(Double.NaN))));
      }
      md.append('\n');
    }
    return true;
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static void plotBuckets(List<JsonNode> models, List<String> buckets, Path file)
      throws IOException {
    CategoryChart c =
        new CategoryChartBuilder()
            .width(900)
            .height(480)
            .title("P2 test AUC per training frequency of the scored item")
            .xAxisTitle("training interactions of the item")
            .yAxisTitle("AUC")
            .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setYAxisMin(0.4);
    for (JsonNode m : models) {
      List<Double> auc = new ArrayList<>();
      for (JsonNode b : m.path("buckets")) {
        double v = b.path("auc").asDouble(Double.NaN);
        auc.add(Double.isNaN(v) ? 0.0 : v); // an empty bucket shows as no bar
      }
      if (auc.size() == buckets.size()) {
        c.addSeries(m.path("model").asText(), buckets, auc);
      }
    }
    BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
