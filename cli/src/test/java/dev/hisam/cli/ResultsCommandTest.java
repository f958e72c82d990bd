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

  @Test
  void aRunWithoutMetricsIsNamed() {
    InputException e =
        assertThrows(InputException.class, () -> ResultsCommand.table(List.of(tmp.resolve("x"))));
    assertTrue(e.getMessage().contains("metrics.json"), e.getMessage());
  }
}
