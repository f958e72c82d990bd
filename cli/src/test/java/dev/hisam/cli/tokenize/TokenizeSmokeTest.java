package dev.hisam.cli.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hisam.core.Json;
import dev.hisam.tokenizer.Codebooks;
import dev.hisam.tokenizer.SemanticIdTable;
import dev.hisam.tokenizer.TokenizerReport;
import dev.hisam.tokenizer.TrainedTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prepare + train SASRec + tokenize all on a tiny Beauty-layout dataset: every artifact is written
 * and consistent with the SID table, a rerun refuses to overwrite, and PyTorch's thread count is
 * what it was before (the pipeline trains HMAT next in the same process).
 */
@Tag("smoke")
class TokenizeSmokeTest {
  @TempDir Path tmp;

  @Test
  void tokenizeAllWritesEveryArtifactAndRefusesToOverwrite() throws Exception {
    Path data = TinyBeauty.write(tmp.resolve("data"));
    Path run = tmp.resolve("run");
    TinyBeauty.prepare(data, run);
    TinyBeauty.trainSasRec(run);

    // the tokenizers train on trainThreads (1) PyTorch threads; the process gets its count back
    ai.djl.engine.Engine.getEngine("PyTorch"); // loaded, so its thread count can be read
    int threads = JniUtils.getNumThreads();
    JniUtils.setNumThreads(2);
    Cli r;
    try {
      r = Cli.run(TinyBeauty.tokenize(run, "all"));
      assertEquals(2, JniUtils.getNumThreads(), "PyTorch threads after tokenize");
    } finally {
      JniUtils.setNumThreads(threads);
    }
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("attributes: encoded"), r.err());
    assertTrue(r.err().contains("collaborative: encoded"), r.err());

    Path base = run.resolve("tokenizer");
    assertTrue(Files.isRegularFile(base.resolve("comparison.md")));
    String comparison = Files.readString(base.resolve("comparison.md"));
    for (String kind : List.of("dst", "rq-kmeans", "rq-vae")) {
      assertTrue(comparison.contains("| " + kind + " |"), comparison);
      Path dir = base.resolve(kind);
      for (String f :
          List.of(
              "tokenizer.json",
              "codebooks.bin",
              "sids.bin",
              "sids.tsv",
              "config.json",
              "report.json",
              "report.md",
              "projection.png")) {
        assertTrue(Files.isRegularFile(dir.resolve(f)), kind + "/" + f + " missing");
      }
      boolean neural = !kind.equals("rq-kmeans");
      assertEquals(neural, Files.isRegularFile(dir.resolve("weights.bin")), kind + " weights");
      assertEquals(neural, Files.isRegularFile(dir.resolve("loss.png")), kind + " loss plot");
      try (Stream<Path> s = Files.list(dir)) {
        assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".")), "temp left");
      }

      SemanticIdTable table = SemanticIdTable.load(dir.resolve("sids.bin"));
      JsonNode report = Json.mapper().readTree(dir.resolve("report.json").toFile());
      int items = report.path("items").asInt();
      assertEquals(table.items(), items);
      assertEquals(items + 1, Files.readAllLines(dir.resolve("sids.tsv")).size());
      assertEquals(4, report.path("codebookSize").asInt());
      // DST: shared.1 shared.2 | attributes.1 | collaborative.1; baselines: level.1..3
      List<String> expected =
          kind.equals("dst")
              ? List.of("shared.1", "shared.2", "attributes.1", "collaborative.1")
              : List.of("level.1", "level.2", "level.3");
      assertEquals(expected, table.levelNames());
      for (int l = 0; l < table.levels(); l++) {
        assertTrue(
            Files.isRegularFile(dir.resolve("usage-" + table.levelNames().get(l) + ".png")),
            kind + " usage plot " + l);
      }
      // the report's statistics are those of the written table (recomputed here)
      JsonNode summary = report.path("summary");
      assertEquals(table.uniqueFraction(), summary.path("uniqueFraction").asDouble(), 1e-12);
      // identical inputs get identical codes: input uniqueness is a ceiling
      assertTrue(
          summary.path("inputUniqueFraction").asDouble() >= table.uniqueFraction(),
          summary.toString());
      double minUtil = 1;
      double minPerp = Double.POSITIVE_INFINITY;
      for (int l = 0; l < table.levels(); l++) {
        int[] codes = new int[items];
        for (int i = 0; i < items; i++) {
          codes[i] = table.code(i, l);
        }
        TokenizerReport.Level lv = TokenizerReport.Level.of("x", 4, codes);
        minUtil = Math.min(minUtil, lv.utilisation());
        minPerp = Math.min(minPerp, lv.perplexity());
      }
      assertEquals(minUtil, summary.path("minUtilisation").asDouble(), 1e-12);
      assertEquals(minPerp, summary.path("minPerplexity").asDouble(), 1e-9);
      assertEquals(
          minPerp >= 1.0, report.path("acceptance").path("perplexityOk").asBoolean(), "K/4 = 1");
      // encoders timed separately, both modalities recorded
      assertEquals(2, report.path("modalities").size());
      assertTrue(report.path("timing").path("encodeSeconds").has("collaborative"));
      assertTrue(report.path("timing").path("fitSeconds").asDouble() > 0);
      assertTrue(report.path("memory").path("peakRssMiB").asLong() > 0);
      assertEquals(neural ? 3 : 0, report.path("lossPerEpoch").size(), kind + " loss curve");

      // the saved tokenizer loads and reproduces the table
      Codebooks books = Codebooks.load(dir.resolve("codebooks.bin"), null);
      assertEquals(table.levels(), books.levels());
      TrainedTokenizer loaded = TrainedTokenizer.load(dir);
      assertEquals(table.levelNames(), loaded.codebooks().names());

      String md = Files.readString(dir.resolve("report.md"));
      assertTrue(md.contains("## Acceptance"), md);
      assertTrue(md.contains("first (anonymous) attribute id"), md);
    }
    assertEquals(2, countEmbeddings(run));

    byte[] sids = Files.readAllBytes(base.resolve("dst/sids.bin"));
    Cli again = Cli.run(TinyBeauty.tokenize(run, "dst"));
    assertEquals(2, again.exit(), again.err());
    assertTrue(again.err().contains("already exists"), again.err());
    assertArrayEquals(sids, Files.readAllBytes(base.resolve("dst/sids.bin")));
    Cli all = Cli.run(TinyBeauty.tokenize(run, "all"));
    assertEquals(2, all.exit(), all.err());
  }

  static long countEmbeddings(Path run) throws Exception {
    try (Stream<Path> s = Files.list(run.resolve("embeddings"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".emb")).count();
    }
  }
}
