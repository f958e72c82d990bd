package dev.hisam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad-input case of the foundation issue through the real CLI: exit code 2, one message that
 * names file, line and field, and nothing written (the run directory does not appear).
 */
class BadInputCliTest {
  @TempDir Path tmp;

  private Path data;
  private Path run;

  private CliResult prepare(String... extra) {
    data = data == null ? TinyData.beauty(tmp.resolve("data")) : data;
    run = tmp.resolve("run");
    String[] base = {"prepare", "--run", run.toString(), "--set", "data.root=" + data};
    return CliResult.run(Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new));
  }

  private void assertRejected(CliResult r, String... fragments) {
    assertEquals(2, r.exit(), r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
    }
    assertFalse(Files.exists(run), "run directory must not be created");
    try (Stream<Path> s = Files.list(tmp)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "temp left over");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private Path beautyFile(String name) {
    data = TinyData.beauty(tmp.resolve("data"));
    return data.resolve("amazon-beauty").resolve(name);
  }

  @Test
  void malformedLine() throws Exception {
    Path seq = beautyFile("Beauty.txt");
    String text = Files.readString(seq);
    Files.writeString(seq, text.replaceFirst("\n2 ", "\n2 7x "));
    assertRejected(prepare(), "Beauty.txt:2", "field 'item", "7x");
  }

  @Test
  void unknownItemInASequence() throws Exception {
    Path seq = beautyFile("Beauty.txt");
    Files.writeString(seq, Files.readString(seq) + "999 1 2 3 4 31337\n");
    assertRejected(prepare(), "Beauty.txt:" + (TinyData.USERS + 1), "field 'item", "31337");
  }

  @Test
  void emptyFile() throws Exception {
    Files.writeString(beautyFile("Beauty.txt"), "");
    assertRejected(prepare(), "Beauty.txt", "empty");
  }

  @Test
  void truncatedFile() throws Exception {
    Path maps = beautyFile("datamaps.json");
    String text = Files.readString(maps);
    Files.writeString(maps, text.substring(0, text.length() / 2));
    assertRejected(prepare(), "datamaps.json:1");
  }

  @Test
  void badEncoding() throws Exception {
    Path seq = beautyFile("Beauty.txt");
    byte[] bytes = Files.readAllBytes(seq);
    byte[] bad = new byte[bytes.length + 3];
    System.arraycopy(bytes, 0, bad, 0, bytes.length);
    bad[bytes.length] = '9';
    bad[bytes.length + 1] = (byte) 0xC3; // a lone UTF-8 lead byte, then a newline
    bad[bytes.length + 2] = '\n';
    Files.write(seq, bad);
    assertRejected(prepare(), "Beauty.txt:" + (TinyData.USERS + 1), "UTF-8");
  }

  @Test
  void missingColumn() throws Exception {
    data = tmp.resolve("data");
    Path ml = data.resolve("movielens-1m-mm");
    TinyData.write(
        ml.resolve("MovieData/movies.dat"),
        "1::Toy Story (1995)::Animation\n2::Heat (1995)::Action\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    String good = "user_id\tmovie_id\trating\ttimestamp\n7\t1\t5\t100\n";
    for (String p : new String[] {"train", "val", "test"}) {
      TinyData.write(ml.resolve("candidate_gen_data/" + p + "_positives.tsv"), good);
    }
    TinyData.write(ml.resolve("splits/val_ratings.tsv"), good);
    TinyData.write(
        ml.resolve("splits/test_ratings.tsv"), "user_id\tmovie_id\ttimestamp\n7\t2\t100\n");
    assertRejected(prepare("--set", "data.dataset=movielens"), "test_ratings.tsv:1", "rating");
  }

  @Test
  void unknownConfigKey() {
    assertRejected(
        prepare("--set", "sasrec.model.depth=3"), "'sasrec.model.depth'", "unknown config key");
  }

  @Test
  void unknownKeyInConfigFile() throws Exception {
    Path cfg = tmp.resolve("cfg.json");
    Files.writeString(cfg, "{\n  \"sasrec\": {\n    \"lr\": 0.1\n  }\n}\n");
    assertRejected(prepare("--config", cfg.toString()), "cfg.json:3", "'sasrec.lr'");
  }

  @Test
  void runDirectoryThatHoldsARunIsNotTouched() throws Exception {
    assertEquals(0, prepare().exit());
    Path manifest = run.resolve("manifest.json");
    String before = Files.readString(manifest);
    CliResult again = prepare();
    assertEquals(2, again.exit());
    assertTrue(again.err().contains("already holds a run"), again.err());
    assertEquals(before, Files.readString(manifest));
  }
}
