package dev.hisam.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny self-made source folders in the layouts of the real datasets. */
final class Fixtures {
  private Fixtures() {}

  static final String TAB = "\t";

  static void write(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String tsv(String... lines) {
    StringBuilder sb = new StringBuilder("user_id\tmovie_id\trating\ttimestamp\n");
    for (String l : lines) {
      sb.append(l.replace(' ', '\t')).append('\n');
    }
    return sb.toString();
  }

  /**
   * Beauty layout: source item ids 1, 2, 3, 10 (ItemIds 0..3 in numeric order), users 1, 2, 10
   * (indices 0..2).
   */
  static Path beauty(Path root) {
    Path dir = root.resolve("amazon-beauty");
    write(dir.resolve("Beauty.txt"), "1 1 2 3\n10 3 10 1\n2 2 2\n");
    write(dir.resolve("Beauty_item2attributes.json"), "{\"1\": [5, 6],\n \"10\": [7]}\n");
    write(
        dir.resolve("datamaps.json"),
        "{\"user2id\": {\"AU1\": \"1\", \"AU2\": \"2\", \"AU10\": \"10\"},\n"
            + " \"id2item\": {\"1\": \"B001\", \"2\": \"B002\", \"3\": \"B003\",\n"
            + "   \"10\": \"A010\"},\n"
            + " \"id2attribute\": {\"5\": \"Makeup\"}}\n");
    return root;
  }

  /** Yelp layout: as beauty, plus 0-based LETTER texts. */
  static Path yelp(Path root) {
    Path dir = root.resolve("yelp");
    write(dir.resolve("Yelp.txt"), "1 1 2 3\n10 3 10 1 3\n2 2 2\n");
    write(dir.resolve("Yelp_item2attributes.json"), "{\"1\": [5, 6], \"10\": [7]}");
    write(
        dir.resolve("datamaps.json"),
        "{\"id2item\": {\"1\": \"b-one\", \"2\": \"b-two\", \"3\": \"b-three\", \"10\": \"b-ten\"}}");
    write(
        dir.resolve("Yelp.item.json"),
        "{\n"
            + "  \"0\": {\n"
            + "    \"title\": \"Caf\u00e9 A\",\n"
            + "    \"description\": \"Diners, Greek\"\n"
            + "  },\n"
            + "  \"9\": {\"title\": \"Z\", \"description\": \"\"}\n"
            + "}\n");
    return root;
  }

  /**
   * MovieLens layout: movies 1, 2, 3, 10 (ItemIds 0..3); posters for 1 and 10; positives of users
   * 7, 9, 20 with a timestamp tie and one exact duplicate; ratings with one exact duplicate and a
   * user (30) who has ratings only.
   */
  static Path movielens(Path root) {
    Path dir = root.resolve("movielens-1m-mm");
    write(
        dir.resolve("MovieData/movies.dat"),
        ("1::Toy Story (1995)::Animation|Children's|Comedy\n"
                + "2::Caf\u00e9 Society (1995)::Drama\n"
                + "3::Heat (1995)::Action|Crime|Thriller\n"
                + "10::GoldenEye (1995)::Action\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    write(dir.resolve("MovieImages/1.jpg"), new byte[] {1, 2, 3});
    write(dir.resolve("MovieImages/10.jpg"), new byte[] {4, 5});
    write(
        dir.resolve("candidate_gen_data/train_positives.tsv"),
        tsv("7 3 5 100", "7 1 4 100", "20 2 4 50", "7 10 4 90", "20 2 4 50"));
    write(dir.resolve("candidate_gen_data/val_positives.tsv"), tsv("20 1 5 200"));
    write(dir.resolve("candidate_gen_data/test_positives.tsv"), tsv("7 2 4 100", "9 1 4 300"));
    write(dir.resolve("splits/val_ratings.tsv"), tsv("20 3 2 150", "7 1 4 100"));
    write(dir.resolve("splits/test_ratings.tsv"), tsv("30 10 1 400", "20 3 2 150"));
    return root;
  }
}
