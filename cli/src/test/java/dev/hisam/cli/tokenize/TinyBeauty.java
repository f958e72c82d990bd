package dev.hisam.cli.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A tiny self-made dataset in the Amazon Beauty layout (sequences, attribute JSON, datamaps), and
 * the CLI calls that prepare a run from it, train a tiny SASRec and tokenize it with tiny settings.
 */
final class TinyBeauty {
  static final int USERS = 80;
  static final int ITEMS = 40;

  private TinyBeauty() {}

  /** Writes {@code root/amazon-beauty/...} and returns {@code root}. */
  static Path write(Path root) {
    SplittableRandom r = new SplittableRandom(7);
    StringBuilder seq = new StringBuilder();
    StringBuilder attrs = new StringBuilder("{");
    StringBuilder items = new StringBuilder("{\"id2item\": {");
    for (int u = 1; u <= USERS; u++) {
      seq.append(u);
      int len = 5 + r.nextInt(8);
      int item = 1 + r.nextInt(ITEMS);
      for (int k = 0; k < len; k++) {
        seq.append(' ').append(item);
        item = 1 + (item + (r.nextInt(10) == 0 ? r.nextInt(ITEMS) : 0)) % ITEMS;
      }
      seq.append('\n');
    }
    for (int i = 1; i <= ITEMS; i++) {
      // two attributes per item: a "brand" (i % 5) and a "category" (10 + i % 7)
      attrs
          .append(i > 1 ? ", " : "")
          .append('"')
          .append(i)
          .append("\": [")
          .append(1 + i % 5)
          .append(", ")
          .append(10 + i % 7)
          .append(']');
      items.append(i > 1 ? ", " : "").append('"').append(i).append("\": \"B").append(1000 + i);
      items.append('"');
    }
    put(root.resolve("amazon-beauty/Beauty.txt"), seq.toString());
    put(root.resolve("amazon-beauty/Beauty_item2attributes.json"), attrs.append("}\n").toString());
    put(root.resolve("amazon-beauty/datamaps.json"), items.append("}}\n").toString());
    return root;
  }

  private static void put(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code hisam prepare} of the tiny data into {@code run} (no k-core filter). */
  static void prepare(Path data, Path run) {
    Cli r =
        Cli.run(
            "prepare",
            "--run",
            run.toString(),
            "--dataset",
            "beauty",
            "--set",
            "data.root=" + data,
            "--set",
            "data.kcore=0");
    assertEquals(0, r.exit(), r.err());
  }

  /** A tiny SASRec for the collaborative modality. */
  static void trainSasRec(Path run) {
    Cli r =
        Cli.run(
            "train",
            "--run",
            run.toString(),
            "--model",
            "SASREC",
            "--set",
            "sasrec.model.dim=16",
            "--set",
            "sasrec.model.ffnDim=32",
            "--set",
            "sasrec.model.maxLen=10",
            "--set",
            "sasrec.batchSize=32",
            "--set",
            "sasrec.maxEpochs=2");
    assertEquals(0, r.exit(), r.err());
  }

  /** tokenize arguments with tiny K, networks and epochs, then {@code extra}. */
  static String[] tokenize(Path run, String kind, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "tokenize",
                "--run",
                run.toString(),
                "--tokenizer",
                kind,
                "--set",
                "codebookSize=4",
                "--set",
                "attributes.dim=16",
                "--set",
                "dst.epochs=3",
                "--set",
                "dst.batchSize=16",
                "--set",
                "dst.hiddenDim=16",
                "--set",
                "dst.projectionDim=8",
                "--set",
                "dst.clubHidden=8",
                "--set",
                "dst.kmeansIterations=5",
                "--set",
                "dst.restartEvery=1",
                "--set",
                "rqKmeans.iterations=5",
                "--set",
                "rqVae.epochs=3",
                "--set",
                "rqVae.batchSize=16",
                "--set",
                "rqVae.hidden=[16]",
                "--set",
                "rqVae.latentDim=8",
                "--set",
                "rqVae.kmeansIterations=5"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }
}
