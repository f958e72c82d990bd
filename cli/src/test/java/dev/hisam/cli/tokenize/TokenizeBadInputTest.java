package dev.hisam.cli.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to tokenize: exit code 2, a message naming the problem, and nothing written. */
class TokenizeBadInputTest {
  @TempDir Path tmp;

  private static Set<String> listing(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private Path preparedRun() {
    Path data = TinyBeauty.write(tmp.resolve("data"));
    Path run = tmp.resolve("run");
    TinyBeauty.prepare(data, run);
    return run;
  }

  private static void assertRejected(Cli r, String... fragments) {
    assertEquals(2, r.exit(), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
    }
  }

  @Test
  void runDirectoryNotPrepared() throws Exception {
    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty);
    assertRejected(
        Cli.run(TinyBeauty.tokenize(empty, "dst")), "not a run directory", "hisam prepare");
    assertTrue(listing(empty).equals(Set.of("")), "nothing may be written: " + listing(empty));
    Path missing = tmp.resolve("missing");
    assertRejected(Cli.run(TinyBeauty.tokenize(missing, "all")), "not a run directory");
    assertFalse(Files.exists(missing));
  }

  @Test
  void beautyWithoutSasRecModelNamesTheMissingFolder() throws Exception {
    Path run = preparedRun();
    Set<String> before = listing(run);
    Cli r = Cli.run(TinyBeauty.tokenize(run, "all"));
    assertRejected(
        r,
        "collaborative",
        run.resolve("model").resolve("sasrec").toString(),
        "does not exist",
        "hisam train");
    assertEquals(before, listing(run), "nothing may be written");
  }

  @Test
  void unknownSetKey() throws Exception {
    Path run = preparedRun();
    Set<String> before = listing(run);
    Cli r = Cli.run(TinyBeauty.tokenize(run, "dst", "--set", "dst.bogus=1"));
    assertRejected(r, "dst.bogus", "unknown config key");
    assertEquals(before, listing(run), "nothing may be written");
  }

  @Test
  void codebookSizeInsideATokenizerSectionIsRefused() throws Exception {
    Path run = preparedRun();
    Set<String> before = listing(run);
    Cli r = Cli.run(TinyBeauty.tokenize(run, "rq-vae", "--set", "rqVae.codebookSize=64"));
    assertRejected(r, "codebookSize=K");
    assertEquals(before, listing(run), "nothing may be written");
  }

  @Test
  void modalityTheDatasetLacks() throws Exception {
    Path run = preparedRun();
    Set<String> before = listing(run);
    assertRejected(
        Cli.run(TinyBeauty.tokenize(run, "dst", "--set", "modalities=attributes,text")),
        "modality text",
        "no item text");
    assertRejected(
        Cli.run(TinyBeauty.tokenize(run, "dst", "--set", "modalities=smell")),
        "unknown modality 'smell'");
    assertRejected(Cli.run("tokenize", "--run", run.toString(), "--tokenizer", "lda"), "lda");
    assertEquals(before, listing(run), "nothing may be written");
  }
}
