package dev.hisam.cli.tokenize;

import dev.hisam.tokenizer.SemanticIdTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of a fitted tokenizer (XChart, same look as the run report). */
final class TokenizerPlots {
  /** Categories drawn in their own colour; the rest are drawn as "other". */
  static final int TOP_CATEGORIES = 10;

  private TokenizerPlots() {}

  /**
   * One histogram per level: items per code, codes ordered by use (a flat curve that reaches K is a
   * fully used, balanced codebook). Returns the file names.
   */
  static List<String> codeUsage(SemanticIdTable table, int k, Path dir) throws IOException {
    List<String> files = new ArrayList<>();
    for (int l = 0; l < table.levels(); l++) {
      long[] count = new long[k];
      long absent = 0;
      for (int i = 0; i < table.items(); i++) {
        int c = table.code(i, l);
        if (c < k) {
          count[c]++;
        } else {
          absent++;
        }
      }
      long[] sorted = count.clone();
      Arrays.sort(sorted);
      double[] x = new double[k];
      double[] y = new double[k];
      for (int r = 0; r < k; r++) {
        x[r] = r + 1;
        y[r] = sorted[k - 1 - r];
      }
      long used = Arrays.stream(count).filter(c -> c > 0).count();
      String name = table.levelNames().get(l);
      XYChart chart =
          chart(
              String.format(
                  Locale.ROOT,
                  "Code usage, level %s: %d of %d codes used%s",
                  name,
                  used,
                  k,
                  absent > 0 ? ", " + absent + " items absent" : ""),
              "code (ranked by items)",
              "items");
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setYAxisMin(0.0);
      XYSeries s = chart.addSeries(name, x, y);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
      s.setMarker(SeriesMarkers.NONE);
      String file = "usage-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
      save(chart, dir.resolve(file));
      files.add(file);
    }
    return files;
  }

  /** Mean training loss per epoch. */
  static void loss(double[] perEpoch, String title, Path file) throws IOException {
    XYChart chart = chart(title, "epoch", "loss");
    chart.getStyler().setLegendVisible(false);
    double[] x = new double[perEpoch.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
    }
    chart.addSeries("loss", x, perEpoch).setMarker(SeriesMarkers.CIRCLE);
    save(chart, file);
  }

  /**
   * A scatter of 2-D points coloured by category (the {@link #TOP_CATEGORIES} most frequent, the
   * rest as "other"; items without a category are not drawn). Returns the number of points drawn.
   */
  static int scatter(double[][] points, String[] labels, String title, Path file)
      throws IOException {
    Map<String, Integer> freq = new HashMap<>();
    for (String l : labels) {
      if (l != null) {
        freq.merge(l, 1, Integer::sum);
      }
    }
    List<String> top =
        freq.entrySet().stream()
            .sorted(
                Map.Entry.<String, Integer>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(TOP_CATEGORIES)
            .map(Map.Entry::getKey)
            .toList();
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (String t : top) {
      series.put(t, new ArrayList<>());
    }
    int drawn = 0;
    for (int i = 0; i < points.length; i++) {
      if (labels[i] == null) {
        continue;
      }
      String key = top.contains(labels[i]) ? labels[i] : "other";
      series.computeIfAbsent(key, x -> new ArrayList<>()).add(points[i]);
      drawn++;
    }
    XYChart chart = chart(title, "PC 1", "PC 2");
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(4);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    for (var e : series.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
      double[] y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
      chart.addSeries(e.getKey() + " (" + x.length + ")", x, y).setMarker(SeriesMarkers.CIRCLE);
    }
    if (drawn == 0) {
      chart.addSeries("no category", new double[] {0}, new double[] {0});
    }
    save(chart, file);
    return drawn;
  }

  private static XYChart chart(String title, String x, String y) {
    XYChart c =
        new XYChartBuilder()
            .width(900)
            .height(500)
            .title(title)
            .xAxisTitle(x)
            .yAxisTitle(y)
            .build();
    c.getStyler().setMarkerSize(4);
    return c;
  }

  private static void save(XYChart chart, Path file) throws IOException {
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
