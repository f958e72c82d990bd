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
