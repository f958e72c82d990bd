package dev.hisam.cli.tokenize;

import java.util.SplittableRandom;

/** Principal-component projection to two dimensions (power iteration with deflation). */
final class Projection {
  private Projection() {}

  /**
   * The first two principal components of {@code x} [N, D]; returns [N, 2] scores. Deterministic:
   * the power iteration starts from a fixed seeded vector.
   */
  static double[][] pca2(float[][] x, int iterations) {
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    for (float[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[][] c = new double[n][d]; // centred [N, D]
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        c[i][j] = x[i][j] - mean[j];
      }
    }
    double[][] out = new double[n][2];
    SplittableRandom rng = new SplittableRandom(0);
    double[] first = null;
    for (int comp = 0; comp < 2; comp++) {
      double[] v = new double[d];
      for (int j = 0; j < d; j++) {
        v[j] = rng.nextDouble() - 0.5;
      }
      for (int it = 0; it < iterations; it++) {
        if (first != null) {
          orthogonalise(v, first);
        }
        double[] xv = new double[n]; // X v
        for (int i = 0; i < n; i++) {
          xv[i] = dot(c[i], v);
        }
        double[] next = new double[d]; // X^T X v
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < d; j++) {
            next[j] += c[i][j] * xv[i];
          }
        }
        double norm = Math.sqrt(dot(next, next));
        if (norm == 0) {
          break;
        }
        for (int j = 0; j < d; j++) {
          v[j] = next[j] / norm;
        }
      }
      if (first != null) {
        orthogonalise(v, first);
      }
      for (int i = 0; i < n; i++) {
        out[i][comp] = dot(c[i], v);
      }
      first = v;
    }
    return out;
  }

  private static void orthogonalise(double[] v, double[] u) {
    double p = dot(v, u);
    for (int j = 0; j < v.length; j++) {
      v[j] -= p * u[j];
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }
}
