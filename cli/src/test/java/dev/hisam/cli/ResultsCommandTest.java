package dev.hisam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCommandTest {
  @TempDir Path tmp;

  private Path run(String name, String metricsJson) throws Exception {
    Path eval = Files.createDirectories(tmp.resolve(name).resolve("eval"));
    Files.writeString(eval.resolve("metrics.json"), metricsJson);
    return tmp.resolve(name);
  }

  @Test
  void keepsOnlyPrimaryTestRowsWithTheirTraining() throws Exception {
    String row =
        "{\"model\":\"%s\",\"split\":\"%s\",\"historyCap\":%d,\"variant\":\"%s\","
            + "\"metrics\":{\"R@5\":%s,\"R@10\":0.2,\"N@5\":0.05,\"N@10\":0.06}}";
    String json =
        "{\"dataset\":\"yelp\",\"results\":["
            + String.format(row, "sasrec", "test", 50, "primary", "0.1")
            + ","
            + String.format(row, "sasrec", "validation", 50, "primary", "0.9")
            + ","
            + String.format(row, "sasrec", "test", 50, "historyExcluded", "0.8")
            + "],\"training\":[{\"model\":\"sasrec\",\"trainSeconds\":90,\"peakRssMiB\":1234}]}";
    String table = ResultsCommand.table(List.of(run("y", json)));
    List<String> lines = table.lines().toList();
    assertEquals(3, lines.size(), table); // header, rule, the one primary test row
    assertEquals(
        "| yelp | sasrec | 50 | 0.1000 | 0.2000 | 0.0500 | 0.0600 | 1.5 min | 1,234 MiB |",
        lines.get(2));
  }

  @Test
  void beautyRunsGetThePublishedRows() throws Exception {
    String table =
        ResultsCommand.table(List.of(run("b", "{\"dataset\":\"beauty\",\"results\":[]}")));
    assertTrue(table.contains("| beauty | *TIGER, published* | | 0.0454 | 0.0648 |"), table);
  }

  private void ctr(String run, String model, boolean newItems, double auc, double gauc)
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(run).resolve("ctr").resolve(model));
    Files.writeString(
        dir.resolve("metrics.json"),
        String.format(
            java.util.Locale.ROOT,
            "{\"newItems\":%s,\"test\":{\"auc\":%s,\"gauc\":%s}}",
            newItems,
            auc,
            gauc));
  }

  @Test
  void ctrTableHasEachRunMeanSdAndPairedDifferences() throws Exception {
    ctr("s1", "hmat", false, 0.74, 0.73);
    Path withSpread = tmp.resolve("s1/ctr/hmat/metrics.json"); // newer metrics carry the spread
    Files.writeString(
        withSpread, Files.readString(withSpread).replace("}}", "},\"spread\":{\"history\":0.25}}"));
    ctr("s1", "item-id", false, 0.75, 0.72);
    ctr("s2", "hmat", false, 0.72, 0.71);
    ctr("s2", "item-id", false, 0.74, 0.69);
    ctr("s2", "hmat-new-items", true, 0.6, 0.6); // a new-item run: not on this table
    ctr("s3", "item-id", false, 0.70, 0.70); // hmat missing here
    String t =
        ResultsCommand.ctrTable(
            List.of(tmp.resolve("s1"), tmp.resolve("s2"), tmp.resolve("s3")), "item-id");
    List<String> lines = t.lines().toList();
    assertEquals(4, lines.size(), t);
    // hmat: AUC mean 0.73, sd sqrt(((0.01)^2 + (0.01)^2) / 1) = 0.0141; paired AUC diffs -0.01,
    // -0.02 -> mean -0.015, sd 0.0071, SE 0.0071 / sqrt(2) = 0.0050, none above zero; GAUC diffs
    // +0.01, +0.02 -> +0.015, both above zero
    assertEquals(
        "| hmat | 2 | 0.7300 ± 0.0141 | 0.7200 ± 0.0141 | 0.7400 / 0.7200 / - |"
            + " 0.7300 / 0.7100 / - | 0.2500 / - / - | -0.0150 ± 0.0050 (2; 0 ahead) |"
            + " +0.0150 ± 0.0050 (2; 2 ahead) |",
        lines.get(2));
    // item-id: mean of 0.75, 0.74, 0.70 = 0.73, sd 0.0265; against itself 0
    assertTrue(lines.get(3).startsWith("| item-id | 3 | 0.7300 ± 0.0265 | 0.7033 ± 0.0153 |"), t);
    assertTrue(
        lines.get(3).endsWith("+0.0000 ± 0.0000 (3; 0 ahead) | +0.0000 ± 0.0000 (3; 0 ahead) |"),
        t);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ResultsCommand.ctrTable(List.of(tmp.resolve("s1")), "logreg"));
    assertTrue(e.getMessage().contains("logreg"), e.getMessage());
    InputException none =
        assertThrows(
            InputException.class, () -> ResultsCommand.ctrTable(List.of(tmp.resolve("x")), null));
    assertTrue(none.getMessage().contains("hisam ctr"), none.getMessage());
  }

  @Test
  void aRunWithoutMetricsIsNamed() {
    InputException e =
        assertThrows(InputException.class, () -> ResultsCommand.table(List.of(tmp.resolve("x"))));
    assertTrue(e.getMessage().contains("metrics.json"), e.getMessage());
  }
}
