package dev.hisam.cli.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hisam.core.Json;
import dev.hisam.encode.image.ImageEncoderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizer acceptance of issue #5 on the real MovieLens data (text + posters, default config):
 * K = 256, every DST level uses >= 90% of its codes with perplexity >= K/4, and >= 95% of the items
 * are unique before the collision code. Minutes on 2 cores (run with -Pslow).
 */
@Tag("slow")
class TokenizeAcceptanceSlowTest {
  @TempDir Path tmp;

  @Test
  void movielensTextAndImageDstMeetsTheBars() throws Exception {
    String shared = System.getProperty("hisam.shared");
    Path data = shared == null ? null : Path.of(shared, "data");
    Assumptions.assumeTrue(
        data != null && Files.isDirectory(data.resolve("movielens-1m-mm")),
        "shared movielens data not found (system property hisam.shared): skipping");
    Assumptions.assumeTrue(
        Files.isRegularFile(ImageEncoderConfig.defaultModelDir().resolve("model.json")),
        "image model absent: run scripts/fetch-image-model.sh");
    Path run = tmp.resolve("run");
    Cli p =
        Cli.run(
            "prepare",
            "--run",
            run.toString(),
            "--dataset",
            "movielens",
            "--set",
            "data.root=" + data);
    assertEquals(0, p.exit(), p.err());
    Cli t = Cli.run("tokenize", "--run", run.toString(), "--tokenizer", "all");
    assertEquals(0, t.exit(), t.err());
    JsonNode r = Json.mapper().readTree(run.resolve("tokenizer/dst/report.json").toFile());
    JsonNode s = r.path("summary");
    assertEquals(256, r.path("codebookSize").asInt());
    assertTrue(s.path("minUtilisation").asDouble() >= 0.90, s.toString());
    assertTrue(s.path("minPerplexity").asDouble() >= 64, s.toString());
    assertTrue(s.path("uniqueFraction").asDouble() >= 0.95, s.toString());
    assertTrue(Files.isRegularFile(run.resolve("tokenizer/comparison.md")));
  }
}
