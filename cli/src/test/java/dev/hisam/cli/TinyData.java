package dev.hisam.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A tiny self-made dataset in the Amazon Beauty layout (sequence file, attribute JSON, datamaps):
 * users walk forward through a ring of items with some noise, so a sequence model can learn it.
 */
public final class TinyData {
  static final int USERS = 80;
  static final int ITEMS = 30;

  private TinyData() {}

  /** Writes {@code root/amazon-beauty/...} (one attribute per item) and returns {@code root}. */
  static Path beauty(Path root) {
    return beauty(root, USERS, ITEMS, i -> new int[] {i % 4 + 1});
  }

  /**
   * Writes {@code root/amazon-beauty/...} with {@code users} users walking a ring of {@code items}
   * items and {@code attributes.apply(item)} as each item's attribute ids; returns {@code root}.
   */
  public static Path beauty(
      Path root, int users, int items, java.util.function.IntFunction<int[]> attributes) {
    SplittableRandom r = new SplittableRandom(7);
    StringBuilder seq = new StringBuilder();
    StringBuilder attrs = new StringBuilder("{");
    StringBuilder ids = new StringBuilder("{\"id2item\": {");
    for (int u = 1; u <= users; u++) {
      seq.append(u);
      int len = 5 + r.nextInt(8);
      int item = 1 + r.nextInt(items);
      for (int k = 0; k < len; k++) {
        seq.append(' ').append(item);
        item = 1 + (item + (r.nextInt(10) == 0 ? r.nextInt(items) : 0)) % items;
      }
      seq.append('\n');
    }
    for (int i = 1; i <= items; i++) {
      attrs.append(i > 1 ? ", " : "").append('"').append(i).append("\": [");
      int[] a = attributes.apply(i);
      for (int k = 0; k < a.length; k++) {
        attrs.append(k > 0 ? ", " : "").append(a[k]);
      }
      attrs.append(']');
      ids.append(i > 1 ? ", " : "").append('"').append(i).append("\": \"B").append(1000 + i);
      ids.append('"');
    }
    write(root.resolve("amazon-beauty/Beauty.txt"), seq.toString());
    write(
        root.resolve("amazon-beauty/Beauty_item2attributes.json"), attrs.append("}\n").toString());
    write(root.resolve("amazon-beauty/datamaps.json"), ids.append("}}\n").toString());
    return root;
  }

  static final String[] GENRES = {"Comedy", "Drama", "Action"};

  /**
   * Writes {@code root/movielens-1m-mm/...} without posters: {@code movies} movies of three genres;
   * each user likes one genre, has 8 train-period positives of it, and rates 8 random movies later
   * (5 when the genre is theirs, 2 otherwise; the first 4 in the validation period, the rest in the
   * test period, the 5s also as positives). Returns {@code root}.
   */
  static Path movielens(Path root, int users, int movies) {
    SplittableRandom r = new SplittableRandom(3);
    Path dir = root.resolve("movielens-1m-mm");
    StringBuilder m = new StringBuilder();
    for (int i = 1; i <= movies; i++) {
      m.append(i).append("::Movie ").append(i).append(" (199").append(i % 10).append(")::");
      m.append(GENRES[i % 3]).append('\n');
    }
    write(dir.resolve("MovieData/movies.dat"), m.toString().getBytes(StandardCharsets.ISO_8859_1));
    String header = "user_id\tmovie_id\trating\ttimestamp\n";
    StringBuilder train = new StringBuilder(header);
    StringBuilder[] pos = {new StringBuilder(header), new StringBuilder(header)};
    StringBuilder[] rated = {new StringBuilder(header), new StringBuilder(header)};
    for (int u = 1; u <= users; u++) {
      int taste = u % 3;
      for (int k = 0; k < 8; k++) {
        int movie = 3 * r.nextInt(movies / 3) + taste;
        movie = movie == 0 ? 3 : movie;
        train.append(u).append('\t').append(movie).append("\t5\t").append(100 + 10 * k);
        train.append('\n');
      }
      for (int k = 0; k < 8; k++) {
        int movie = 1 + r.nextInt(movies);
        int rating = movie % 3 == taste ? 5 : 2;
        int part = k < 4 ? 0 : 1;
        String row = u + "\t" + movie + "\t" + rating + "\t" + (1000 + 10 * k) + "\n";
        rated[part].append(row);
        if (rating == 5) {
          pos[part].append(row);
        }
      }
    }
    write(dir.resolve("candidate_gen_data/train_positives.tsv"), train.toString());
    write(dir.resolve("candidate_gen_data/val_positives.tsv"), pos[0].toString());
    write(dir.resolve("candidate_gen_data/test_positives.tsv"), pos[1].toString());
    write(dir.resolve("splits/val_ratings.tsv"), rated[0].toString());
    write(dir.resolve("splits/test_ratings.tsv"), rated[1].toString());
    return root;
  }

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

  /** CLI options that make SASRec tiny and fast. */
  static String[] tinyModel(Path dataRoot) {
    return new String[] {
      "--set", "data.root=" + dataRoot,
      "--set", "sasrec.model.dim=16",
      "--set", "sasrec.model.ffnDim=32",
      "--set", "sasrec.model.maxLen=10",
      "--set", "sasrec.batchSize=32",
      "--set", "sasrec.maxEpochs=3",
      "--set", "eval.historyCaps=[5,10]"
    };
  }
}
