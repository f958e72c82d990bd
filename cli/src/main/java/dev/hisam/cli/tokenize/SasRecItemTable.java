package dev.hisam.cli.tokenize;

import dev.hisam.core.Hashing;
import dev.hisam.core.InputException;
import dev.hisam.core.Json;
import dev.hisam.encode.collaborative.ItemTable;
import dev.hisam.model.sasrec.SasRec;
import dev.hisam.train.sasrec.SasRecModel;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The item-embedding table of a SASRec model saved by {@code hisam train --model SASREC} (trained
 * on the P1 training split, or on the CTR training period): row i is the input embedding of ItemId
 * i (the padding row is dropped). An item that never occurs in the model's training sequences (per
 * {@link #ITEM_COUNTS} beside the weights) has a null row: its embedding was only ever pushed down
 * as a softmax negative, so it says nothing about the item and the item goes on without the
 * collaborative modality. Models saved before that file existed keep every row.
 */
public final class SasRecItemTable implements ItemTable {
  /** Beside a SASRec's weights: how often each item occurs in its training sequences. */
  public static final String ITEM_COUNTS = "item-counts.json";

  private final float[][] rows;
  private final String version;

  private SasRecItemTable(float[][] rows, String version) {
    this.rows = rows;
    this.version = version;
  }

  /** Reads {@code dir}/model.json and weights.bin; the table must have {@code items} rows. */
  public static SasRecItemTable load(Path dir, int items) {
    Path info = dir.resolve(SasRecModel.INFO_FILE);
    Path weights = dir.resolve(SasRecModel.WEIGHTS_FILE);
    SasRecModel.Info i;
    try {
      i = SasRecModel.readInfo(info);
    } catch (IOException e) {
      throw InputException.ofFile(info, "cannot read the SASRec model: " + e.getMessage());
    }
    if (i.numItems() != items) {
      throw new InputException(
          info,
          0,
          "numItems",
          "the model has " + i.numItems() + " items, the run's catalogue " + items);
    }
    try (SasRec net = new SasRec(i.config(), i.numItems(), new SplittableRandom(0));
        DataInputStream in =
            new DataInputStream(new BufferedInputStream(Files.newInputStream(weights)))) {
      net.parameters().read(in);
      int d = i.config().dim();
      float[] flat = net.parameters().get("tokenEmbedding").toFloatArray(); // [N + 1, D]
      int[] counts = counts(dir.resolve(ITEM_COUNTS), items);
      float[][] rows = new float[items][];
      for (int r = 0; r < items; r++) {
        if (counts == null || counts[r] > 0) {
          rows[r] = java.util.Arrays.copyOfRange(flat, r * d, (r + 1) * d);
        }
      }
      return new SasRecItemTable(
          rows,
          "sasrec;weights="
              + Hashing.sha256(weights)
              + ";dim="
              + d
              + ";tokenEmbedding"
              + (counts == null ? "" : ";unseen=missing"));
    } catch (IOException e) {
      throw InputException.ofFile(weights, "cannot read the SASRec weights: " + e.getMessage());
    }
  }

  /** The per-item training counts, or null when the model predates the file. */
  private static int[] counts(Path file, int items) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    int[] counts;
    try {
      counts = Json.mapper().readValue(file.toFile(), int[].class);
    } catch (IOException e) {
      throw InputException.ofFile(file, "cannot read the item counts: " + e.getMessage());
    }
    if (counts.length != items) {
      throw new InputException(
          file, 0, "counts", "has " + counts.length + " items, the run's catalogue " + items);
    }
    return counts;
  }

  @Override
  public float[][] itemTable() {
    return rows;
  }

  @Override
  public String source() {
    return "sasrec-item-table";
  }

  @Override
  public String version() {
    return version;
  }
}
