package dev.hisam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hisam.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole CLI pipeline on a tiny self-made dataset: every artifact of a run is written. */
@Tag("smoke")
class PipelineSmokeTest {
  @TempDir Path tmp;

  @Test
  void pipelineWritesAWholeRunAndRefusesToOverwriteIt() throws Exception {
    Path data = TinyData.beauty(tmp.resolve("data"));
    Path run = tmp.resolve("run");
    List<String> args = new ArrayList<>(List.of("pipeline", "--run", run.toString()));
    args.addAll(List.of(TinyData.tinyModel(data)));
    CliResult r = CliResult.run(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.err());

    for (String f :
        List.of(
            "config.json",
            "manifest.json",
            "log.jsonl",
            "data/dataset.json",
            "model/popularity/training.json",
            "model/sasrec/training.json",
            "eval/metrics.json",
            "eval/ranks/sasrec-test-h10.txt",
            "report/report.md",
            "report/loss.png",
            "report/validation.png",
            "report/metrics.png")) {
      assertTrue(Files.isRegularFile(run.resolve(f)), f + " missing");
    }
    JsonNode metrics = Json.mapper().readTree(run.resolve("eval/metrics.json").toFile());
    Set<String> seen = new HashSet<>();
    for (JsonNode row : metrics.path("results")) {
      double r10 = row.path("metrics").path("R@10").asDouble(-1);
      assertTrue(r10 >= 0 && r10 <= 1, row.toString());
      assertEquals(TinyData.USERS, row.path("users").asInt());
      seen.add(
          row.path("model").asText()
              + "/"
              + row.path("split").asText()
              + "/h"
              + row.path("historyCap").asInt()
              + "/"
              + row.path("variant").asText());
    }
    // 2 models x 2 splits x 2 caps x 2 variants
    assertEquals(16, seen.size(), seen.toString());
    assertEquals(
        TinyData.USERS, Files.readAllLines(run.resolve("eval/ranks/sasrec-test-h10.txt")).size());
    String report = Files.readString(run.resolve("report/report.md"));
    assertTrue(report.contains("## P3: test R@10 / N@10 by the target's training frequency"));
    assertTrue(
        java.util.regex.Pattern.compile(
                "\\| sasrec \\| 10 \\| - \\(0\\) .*\\| [0-9.]+ / [0-9.]+ \\(68\\) \\|")
            .matcher(report)
            .find(),
        report);
    String config = Files.readString(run.resolve("config.json"));
    assertTrue(config.contains("\"maxEpochs\" : 3"), config);

    String manifest = Files.readString(run.resolve("manifest.json"));
    CliResult again = CliResult.run(args.toArray(String[]::new));
    assertEquals(2, again.exit());
    assertTrue(again.err().contains("already holds a run"), again.err());
    assertEquals(manifest, Files.readString(run.resolve("manifest.json")));
  }
}
