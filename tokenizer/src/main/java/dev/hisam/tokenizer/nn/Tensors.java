package dev.hisam.tokenizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hisam.core.nd.NdOps;

/** Conversions between Java arrays and NDArrays. */
public final class Tensors {
  private Tensors() {}

  /** Rows [N, D] as an NDArray (null rows become zeros; {@code dim} is D). */
  public static NDArray rows(NDManager m, float[][] x, int dim) {
    float[] flat = new float[x.length * dim];
    for (int i = 0; i < x.length; i++) {
      if (x[i] != null) {
        System.arraycopy(x[i], 0, flat, i * dim, dim);
      }
    }
    return NdOps.owned(m, flat, new Shape(x.length, dim));
  }

  /** An NDArray [N, D] as Java rows. */
  public static float[][] toRows(NDArray a) {
    int n = (int) a.getShape().get(0);
    int d = (int) a.getShape().get(1);
    float[] flat = a.toFloatArray();
    float[][] out = new float[n][d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * d, out[i], 0, d);
    }
    return out;
  }

  /** A [rows.length, n] selection matrix: S[r, rows[r]] = 1, so S.matMul(x) gathers rows of x. */
  public static NDArray selection(NDManager m, int[] rows, int n) {
    float[] s = new float[rows.length * n];
    for (int r = 0; r < rows.length; r++) {
      s[r * n + rows[r]] = 1f;
    }
    return NdOps.owned(m, s, new Shape(rows.length, n));
  }

  /** Unit rows: x / sqrt(sum x^2 + 1e-8). [N, D] */
  public static NDArray normalizeRows(NDArray x) {
    return x.div(x.square().sum(new int[] {1}, true).add(1e-8f).sqrt());
  }

  /** Straight-through: value of {@code q}, gradient of {@code x}. */
  public static NDArray straightThrough(NDArray x, NDArray q) {
    return x.add(q.sub(x).stopGradient());
  }
}
