package dev.hisam.cli.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.core.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same run, same seed: refitting gives byte-identical SID tables and codebooks, and the second time
 * the embeddings come from the cache. A different seed gives different codebooks.
 */
@Tag("smoke")
class TokenizeDeterminismTest {
  @TempDir Path tmp;

  private static final List<String> KINDS = List.of("dst", "rq-kmeans", "rq-vae");

  @Test
  void sameSeedGivesIdenticalSidsAndCodebooks() throws Exception {
    Path data = TinyBeauty.write(tmp.resolve("data"));
    Path run = tmp.resolve("run");
    TinyBeauty.prepare(data, run);
    TinyBeauty.trainSasRec(run);

    Cli first = Cli.run(TinyBeauty.tokenize(run, "all"));
    assertEquals(0, first.exit(), first.err());
    Map<String, byte[]> before = snapshot(run);
    AtomicFiles.deleteRecursively(run.resolve("tokenizer"));

    // the second time one kind per call: the comparison appears once the third exists
    Path comparison = run.resolve("tokenizer/comparison.md");
    for (String kind : KINDS) {
      assertFalse(Files.exists(comparison), "comparison before " + kind);
      Cli second = Cli.run(TinyBeauty.tokenize(run, kind));
      assertEquals(0, second.exit(), second.err());
      assertTrue(second.err().contains("attributes: cached"), second.err());
      assertTrue(second.err().contains("collaborative: cached"), second.err());
    }
    assertTrue(Files.isRegularFile(comparison));
    Map<String, byte[]> after = snapshot(run);
    List<String> differing =
        before.keySet().stream()
            .sorted()
            .filter(f -> !Arrays.equals(before.get(f), after.get(f)))
            .toList();
    assertEquals(List.of(), differing, "files that differ between identical runs");

    // another seed (a new run with seed 7, same SASRec table copied in) must change the
    // codebooks, or the test above proves nothing
    Path other = tmp.resolve("other");
    Cli p =
        Cli.run(
            "prepare",
            "--run",
            other.toString(),
            "--set",
            "data.root=" + data,
            "--set",
            "data.kcore=0",
            "--set",
            "seed=7");
    assertEquals(0, p.exit(), p.err());
    Path sasrec = run.resolve("model/sasrec");
    Files.createDirectories(other.resolve("model/sasrec"));
    for (String f : List.of("model.json", "weights.bin")) {
      Files.copy(sasrec.resolve(f), other.resolve("model/sasrec").resolve(f));
    }
    Cli o = Cli.run(TinyBeauty.tokenize(other, "dst"));
    assertEquals(0, o.exit(), o.err());
    assertFalse(Files.exists(other.resolve("tokenizer/comparison.md")), "only dst exists there");
    assertFalse(
        Arrays.equals(
            before.get("dst/codebooks.bin"),
            Files.readAllBytes(other.resolve("tokenizer/dst/codebooks.bin"))),
        "seed 7 gave the same codebooks as seed 42");
  }

  private static Map<String, byte[]> snapshot(Path run) throws Exception {
    Map<String, byte[]> out = new HashMap<>();
    for (String k : KINDS) {
      for (String f : List.of("sids.bin", "codebooks.bin")) {
        out.put(k + "/" + f, Files.readAllBytes(run.resolve("tokenizer").resolve(k).resolve(f)));
      }
    }
    return out;
  }
}
