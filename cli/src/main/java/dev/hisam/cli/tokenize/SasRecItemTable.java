package dev.hisam.cli.tokenize;

import dev.hisam.core.Hashing;
import dev.hisam.core.InputException;
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
 * on the P1 training split only): row i is the input embedding of ItemId i (the padding row is
 * dropped).
 */
final class SasRecItemTable implements ItemTable {
  private final float[][] rows;
  private final String version;

  private SasRecItemTable(float[][] rows, String version) {
    this.rows = rows;
    this.version = version;
  }

  /** Reads {@code dir}/model.json and weights.bin; the table must have {@code items} rows. */
  static SasRecItemTable load(Path dir, int items) {
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
      float[][] rows = new float[items][];
      for (int r = 0; r < items; r++) {
        rows[r] = java.util.Arrays.copyOfRange(flat, r * d, (r + 1) * d);
      }
      return new SasRecItemTable(
          rows, "sasrec;weights=" + Hashing.sha256(weights) + ";dim=" + d + ";tokenEmbedding");
    } catch (IOException e) {
      throw InputException.ofFile(weights, "cannot read the SASRec weights: " + e.getMessage());
    }
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
