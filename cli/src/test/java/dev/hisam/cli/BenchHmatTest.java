package dev.hisam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hisam.core.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --hmat} with a tiny model: both networks measured, ratios and latency written. */
@Tag("smoke")
class BenchHmatTest {
  @TempDir Path tmp;

  @Test
  void measuresHmatAndFlatSideBySide() throws Exception {
    Path out = tmp.resolve("bench.json");
    CliResult r =
        CliResult.run(
            "bench",
            "--hmat",
            "--histories",
            "4,8",
            "--rounds",
            "2",
            "--beam",
            "3",
            "--set",
            "hmat.model.dim=16",
            "--set",
            "hmat.model.heads=2",
            "--set",
            "hmat.model.ffnDim=32",
            "--set",
            "hmat.batchSize=4",
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode j = Json.mapper().readTree(out.toFile());
    assertEquals(2, j.path("training").size());
    for (JsonNode row : j.path("training")) {
      assertEquals(2, row.path("ratios").size());
      assertTrue(row.path("medianRatio").asDouble() > 0, row.toString());
      assertTrue(row.path("hmat").get(0).path("model").path("anchors").asBoolean());
      assertEquals(false, row.path("flat").get(0).path("model").path("anchors").asBoolean());
    }
    assertEquals(2, j.path("decoding").size());
    assertTrue(j.path("decoding").get(0).path("millisPerUser").asDouble() > 0);

    CliResult bad = CliResult.run("bench", "--hmat", "--rounds", "0");
    assertEquals(2, bad.exit(), bad.err());
    assertTrue(bad.err().contains("--rounds"), bad.err());
  }

  /**
   * {@code bench --ctr}: four variants with ordered percentiles; caches sized as the layouts say.
   */
  @Test
  void measuresCtrScoringLatency() throws Exception {
    Path out = tmp.resolve("bench-ctr.json");
    CliResult r =
        CliResult.run(
            "bench",
            "--ctr",
            "--history",
            "12",
            "--candidates",
            "5",
            "--requests",
            "6",
            "--set",
            "ctr.train.model.dim=16",
            "--set",
            "ctr.train.model.heads=2",
            "--set",
            "ctr.train.model.ffnDim=32",
            "--out",
            out.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode j = Json.mapper().readTree(out.toFile());
    JsonNode lat = j.path("latency");
    assertEquals(4, lat.size());
    assertEquals("hmat-cached", lat.get(0).path("variant").asText());
    for (JsonNode l : lat) {
      assertTrue(l.path("p50Millis").asDouble() > 0, l.toString());
      assertTrue(l.path("p99Millis").asDouble() >= l.path("p50Millis").asDouble(), l.toString());
    }
    // HMAT caches one anchor per item, the flat model every code token of every item
    long hmatCache = lat.get(0).path("cacheBytesPerUser").asLong();
    long flatCache = lat.get(3).path("cacheBytesPerUser").asLong();
    assertTrue(hmatCache > 0 && flatCache > hmatCache, hmatCache + " vs " + flatCache);
    assertTrue(j.path("p99RatioHmatCachedToFlat").asDouble() > 0);
  }
}
