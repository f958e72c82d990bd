package dev.hisam.tokenizer;

/** Small dense-vector kernels in plain Java (the reference path and the assignment path). */
public final class Vectors {
  private Vectors() {}

  /**
   * y += x W for a row-major W [w.length, y.length] (x has at least w.length entries), skipping
   * zero entries of x (sparse inputs such as attribute bags cost only their non-zeros). The kernel
   * of Mlp.forward and of k-means assignment.
   */
  public static void addVectorMatrix(float[] x, float[][] w, float[] y) {
    for (int i = 0; i < w.length; i++) {
      float xi = x[i];
      if (xi == 0f) {
        continue;
      }
      float[] wi = w[i];
      for (int o = 0; o < y.length; o++) {
        y[o] += xi * wi[o];
      }
    }
  }

  /** Dot product with four accumulators (fixed order, so results are reproducible). */
  public static float dot(float[] a, float[] b) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int n = a.length;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) {
      s0 += a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  public static float squaredDistance(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      float d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }

  /** A new unit vector along {@code v} (zero stays zero). */
  public static float[] normalize(float[] v) {
    float norm = (float) Math.sqrt(dot(v, v));
    float[] out = new float[v.length];
    if (norm > 0) {
      for (int i = 0; i < v.length; i++) {
        out[i] = v[i] / norm;
      }
    }
    return out;
  }

  public static float cosine(float[] a, float[] b) {
    double na = Math.sqrt(dot(a, a));
    double nb = Math.sqrt(dot(b, b));
    return na == 0 || nb == 0 ? 0f : (float) (dot(a, b) / (na * nb));
  }
}
