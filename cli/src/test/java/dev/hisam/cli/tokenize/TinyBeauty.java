package dev.hisam.cli.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hisam.cli.TinyData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny self-made dataset in the Amazon Beauty layout (sequences, attribute JSON, datamaps), and
 * the CLI calls that prepare a run from it, train a tiny SASRec and tokenize it with tiny settings.
 */
final class TinyBeauty {
  static final int USERS = 80;
  static final int ITEMS = 40;

  private TinyBeauty() {}

  /**
   * Writes {@code root/amazon-beauty/...} and returns {@code root}: two attributes per item, a
   * "brand" (i % 5) and a "category" (10 + i % 7).
   */
  static Path write(Path root) {
    return TinyData.beauty(root, USERS, ITEMS, i -> new int[] {1 + i % 5, 10 + i % 7});
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

  /** Overrides that make SASRec tiny (2 epochs). */
  static final List<String> TINY_SASREC =
      List.of(
          "--set", "sasrec.model.dim=16",
          "--set", "sasrec.model.ffnDim=32",
          "--set", "sasrec.model.maxLen=10",
          "--set", "sasrec.batchSize=32",
          "--set", "sasrec.maxEpochs=2");

  /** A tiny SASRec for the collaborative modality. */
  static void trainSasRec(Path run) {
    List<String> a =
        new ArrayList<>(List.of("train", "--run", run.toString(), "--model", "SASREC"));
    a.addAll(TINY_SASREC);
    Cli r = Cli.run(a.toArray(String[]::new));
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
