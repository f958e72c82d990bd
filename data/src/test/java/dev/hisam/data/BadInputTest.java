package dev.hisam.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input fails with file, line and field, and leaves no store behind. */
class BadInputTest {
  @TempDir Path tmp;

  private Path root() {
    return tmp.resolve("data");
  }

  private Path store() {
    return tmp.resolve("store");
  }

  /** Ingests, expects an input error, and checks that nothing was written next to the store. */
  private InputException fails(DatasetKind kind) {
    InputException e =
        assertThrows(
            InputException.class,
            () -> DatasetStore.ingest(new DataConfig(kind, root().toString(), 5), store()));
    assertFalse(Files.exists(store()), "store directory must not exist after a failed ingest");
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(root()), s.toList(), "no temporary directory may be left");
    } catch (IOException io) {
      throw new AssertionError(io);
    }
    return e;
  }

  private static void assertNames(InputException e, String file, long line, String field) {
    String m = e.getMessage();
    assertTrue(m.contains(file), m);
    assertTrue(m.contains(file + ":" + line + ":"), m);
    assertTrue(m.contains("field '" + field + "'"), m);
    assertEquals(line, e.line(), m);
    assertEquals(field, e.field(), m);
  }

  @Test
  void malformedLineNonIntegerId() {
    Fixtures.beauty(root());
    Fixtures.write(root().resolve("amazon-beauty/Beauty.txt"), "1 1 2 3\n10 3 x1 1\n");
    InputException e = fails(DatasetKind.BEAUTY);
    assertNames(e, "Beauty.txt", 2, "item_id");
    assertTrue(e.getMessage().contains("'x1'"), e.getMessage());
  }

  @Test
  void malformedUserId() {
    Fixtures.beauty(root());
    Fixtures.write(root().resolve("amazon-beauty/Beauty.txt"), "1 1 2 3\n\nu2 2 2\n");
    assertNames(fails(DatasetKind.BEAUTY), "Beauty.txt", 3, "user_id");
  }

  @Test
  void unknownItemInSequence() {
    Fixtures.beauty(root());
    Fixtures.write(root().resolve("amazon-beauty/Beauty.txt"), "1 1 2 3\n2 2 2\n10 3 99 1\n");
    InputException e = fails(DatasetKind.BEAUTY);
    assertNames(e, "Beauty.txt", 3, "item_id");
    assertTrue(e.getMessage().contains("unknown item 99"), e.getMessage());
  }

  @Test
  void unknownMovieInPositives() {
    Fixtures.movielens(root());
    Fixtures.write(
        root().resolve("movielens-1m-mm/candidate_gen_data/val_positives.tsv"),
        Fixtures.tsv("20 1 5 200", "20 4 5 201"));
    assertNames(fails(DatasetKind.MOVIELENS), "val_positives.tsv", 3, "movie_id");
  }

  @Test
  void emptyFile() {
    Fixtures.beauty(root());
    Fixtures.write(root().resolve("amazon-beauty/Beauty.txt"), "\n");
    InputException e = fails(DatasetKind.BEAUTY);
    assertNames(e, "Beauty.txt", 1, "user_id");
    assertTrue(e.getMessage().contains("empty file"), e.getMessage());
  }

  @Test
  void emptyTsv() {
    Fixtures.movielens(root());
    Fixtures.write(root().resolve("movielens-1m-mm/splits/val_ratings.tsv"), "");
    assertNames(fails(DatasetKind.MOVIELENS), "val_ratings.tsv", 1, "user_id");
  }

  @Test
  void truncatedJson() {
    Fixtures.beauty(root());
    Fixtures.write(
        root().resolve("amazon-beauty/Beauty_item2attributes.json"),
        "{\"1\": [5, 6],\n \"10\": [7");
    InputException e = fails(DatasetKind.BEAUTY);
    assertNames(e, "Beauty_item2attributes.json", 2, "10");
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void truncatedJsonInsideAnObject() {
    Fixtures.yelp(root());
    Fixtures.write(
        root().resolve("yelp/Yelp.item.json"),
        "{\n  \"0\": {\n    \"title\": \"A\",\n    \"description\": \"Diners, Gr");
    assertNames(fails(DatasetKind.YELP), "Yelp.item.json", 4, "description");
  }

  @Test
  void truncatedTsvLastLine() {
    Fixtures.movielens(root());
    Fixtures.write(
        root().resolve("movielens-1m-mm/candidate_gen_data/test_positives.tsv"),
        Fixtures.tsv("7 2 4 100", "9 1 4 300").concat("5\t3"));
    InputException e = fails(DatasetKind.MOVIELENS);
    // header = line 1, two rows, the cut row is line 4 and lacks 'rating' onwards
    assertNames(e, "test_positives.tsv", 4, "rating");
    assertTrue(e.getMessage().contains("2 of 4 columns"), e.getMessage());
  }

  @Test
  void truncatedMoviesLine() {
    Fixtures.movielens(root());
    Fixtures.write(
        root().resolve("movielens-1m-mm/MovieData/movies.dat"),
        "1::Toy Story (1995)::Animation\n2::Jumanji (1995)".getBytes(StandardCharsets.ISO_8859_1));
    assertNames(fails(DatasetKind.MOVIELENS), "movies.dat", 2, "genres");
  }

  @Test
  void badEncodingInSequenceFile() {
    Fixtures.beauty(root());
    byte[] bytes = "1 1 2 3\n2 2 \u0000\n".getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length - 2] = (byte) 0xC3; // a lead byte followed by '\n': invalid UTF-8
    Fixtures.write(root().resolve("amazon-beauty/Beauty.txt"), bytes);
    InputException e = fails(DatasetKind.BEAUTY);
    assertNames(e, "Beauty.txt", 2, "item_id");
    assertTrue(e.getMessage().contains("0xC3"), e.getMessage());
  }

  @Test
  void badEncodingInJsonNamesTheKey() {
    Fixtures.yelp(root());
    // latin-1 'é' (0xE9) is not valid UTF-8: line 3 of the file, inside "title"
    Fixtures.write(
        root().resolve("yelp/Yelp.item.json"),
        "{\n  \"0\": {\n    \"title\": \"Caf\u00e9\", \"description\": \"x\"}\n}\n"
            .getBytes(StandardCharsets.ISO_8859_1));
    assertNames(fails(DatasetKind.YELP), "Yelp.item.json", 3, "title");
  }

  @Test
  void badEncodingInTsvNamesTheColumn() {
    Fixtures.movielens(root());
    byte[] bytes = Fixtures.tsv("20 3 2 150", "7 1 4 100").getBytes(StandardCharsets.UTF_8);
    // replace the '4' of "7\t1\t4\t100" (line 3, column rating) with 0xFF
    int at = new String(bytes, StandardCharsets.UTF_8).lastIndexOf("\t4\t") + 1;
    bytes[at] = (byte) 0xFF;
    Fixtures.write(root().resolve("movielens-1m-mm/splits/val_ratings.tsv"), bytes);
    assertNames(fails(DatasetKind.MOVIELENS), "val_ratings.tsv", 3, "rating");
  }

  @Test
  void missingColumnInTsvHeader() {
    Fixtures.movielens(root());
    Fixtures.write(
        root().resolve("movielens-1m-mm/splits/test_ratings.tsv"),
        "user_id\tmovie_id\trating\n30\t10\t1\n");
    InputException e = fails(DatasetKind.MOVIELENS);
    assertNames(e, "test_ratings.tsv", 1, "timestamp");
    assertTrue(e.getMessage().contains("missing column"), e.getMessage());
  }

  @Test
  void missingItemColumnInTsvHeader() {
    Fixtures.movielens(root());
    Fixtures.write(
        root().resolve("movielens-1m-mm/splits/test_ratings.tsv"),
        "user_id\tmovie\trating\ttimestamp\n30\t10\t1\t5\n");
    assertNames(fails(DatasetKind.MOVIELENS), "test_ratings.tsv", 1, "movie_id|item_id");
  }

  @Test
  void missingFile() throws IOException {
    Fixtures.beauty(root());
    Files.delete(root().resolve("amazon-beauty/datamaps.json"));
    InputException e = fails(DatasetKind.BEAUTY);
    // a whole-file problem: no line, no field
    assertTrue(e.getMessage().contains("datamaps.json"), e.getMessage());
    assertTrue(e.getMessage().contains("missing file"), e.getMessage());
    assertEquals(0, e.line());
  }

  @Test
  void missingDatamapsSection() {
    Fixtures.beauty(root());
    Fixtures.write(
        root().resolve("amazon-beauty/datamaps.json"), "{\"item2id\": {\"B001\": \"1\"}}");
    assertNames(fails(DatasetKind.BEAUTY), "datamaps.json", 1, "id2item");
  }

  @Test
  void ratingOutOfRange() {
    Fixtures.movielens(root());
    Fixtures.write(
        root().resolve("movielens-1m-mm/splits/val_ratings.tsv"), Fixtures.tsv("20 3 200 150"));
    assertNames(fails(DatasetKind.MOVIELENS), "val_ratings.tsv", 2, "rating");
  }

  @Test
  void existingStoreIsNeverOverwritten() throws IOException {
    Fixtures.beauty(root());
    Files.createDirectories(store());
    Files.writeString(store().resolve("keep.txt"), "mine");
    DataConfig c = new DataConfig(DatasetKind.BEAUTY, root().toString(), 0);
    assertThrows(IllegalStateException.class, () -> DatasetStore.ingest(c, store()));
    assertEquals("mine", Files.readString(store().resolve("keep.txt")));
  }
}
