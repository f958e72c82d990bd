package dev.hisam.encode.collaborative;

import dev.hisam.data.Dataset;
import dev.hisam.encode.Encoder;
import dev.hisam.encode.InputDigest;
import dev.hisam.encode.ItemEmbeddings;
import dev.hisam.encode.Modality;
import dev.hisam.encode.Progress;
import java.util.List;

/** Wraps an {@link ItemTable} as the COLLABORATIVE modality (rows copied as they are). */
public final class CollaborativeEncoder implements Encoder {
  private final ItemTable table;

  public CollaborativeEncoder(ItemTable table) {
    this.table = table;
  }

  @Override
  public Modality modality() {
    return Modality.COLLABORATIVE;
  }

  @Override
  public String name() {
    return table.source();
  }

  @Override
  public String fingerprint() {
    return table.version();
  }

  /** Digest of the table itself (its values are the input). */
  @Override
  public String inputDigest(Dataset dataset) {
    float[][] rows = table.itemTable();
    InputDigest d = new InputDigest().add(rows.length);
    for (float[] row : rows) {
      if (row == null) {
        d.add(-1);
        continue;
      }
      d.add(row.length);
      for (float x : row) {
        d.add(Float.floatToIntBits(x));
      }
    }
    return d.hex();
  }

  @Override
  public ItemEmbeddings encode(Dataset dataset, Progress progress) {
    float[][] rows = table.itemTable();
    int n = dataset.catalog().size();
    if (rows.length != n) {
      throw new IllegalArgumentException(
          "item table has " + rows.length + " rows, catalogue has " + n + " items");
    }
    int dim = -1;
    float[][] vectors = new float[n][];
    for (int i = 0; i < n; i++) {
      if (rows[i] != null) {
        dim = dim < 0 ? rows[i].length : dim;
        vectors[i] = rows[i].clone();
      }
    }
    if (dim < 0) {
      throw new IllegalArgumentException("item table has no rows");
    }
    progress.update(n, n);
    return new ItemEmbeddings(
        Modality.COLLABORATIVE, dim, vectors, name(), fingerprint(), List.of());
  }
}
