package dev.hisam.tokenizer;

import java.util.SplittableRandom;

/** Plain-Java measurements for the report: reconstruction, alignment, MI (CLUB), correlation. */
public final class Diagnostics {
  private Diagnostics() {}

  /** sum_i ||xhat_i - x_i||^2 / sum_i ||x_i||^2 over rows where both are non-null. */
  public static double relativeError(float[][] x, float[][] xhat) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] == null || xhat[i] == null) {
        continue;
      }
      num += Vectors.squaredDistance(x[i], xhat[i]);
      den += Vectors.dot(x[i], x[i]);
    }
    return den == 0 ? 0 : num / den;
  }

  /** {matched, random}: mean cosine of (a_i, b_i) and of (a_i, b_j) with j a random other item. */
  public static double[] matchedVsRandom(float[][] a, float[][] b, SplittableRandom rng) {
    int[] both =
        java.util.stream.IntStream.range(0, a.length)
            .filter(i -> a[i] != null && b[i] != null)
            .toArray();
    double matched = 0;
    double random = 0;
    for (int i : both) {
      matched += Vectors.cosine(a[i], b[i]);
      int j = both[rng.nextInt(both.length)];
      if (j == i && both.length > 1) {
        j = both[(java.util.Arrays.binarySearch(both, i) + 1) % both.length];
      }
      random += Vectors.cosine(a[i], b[j]);
    }
    int n = Math.max(1, both.length);
    return new double[] {matched / n, random / n};
  }

  /**
   * The CLUB upper bound of I(x; y) (Cheng et al. 2020) with a Gaussian q(y|x) = N(Ax + c,
   * diag(s^2)) fitted by ridge least squares: mean_i log q(y_i|x_i) - mean_ij log q(y_j|x_i).
   */
  public static double linearClub(float[][] x, float[][] y) {
    int n = x.length;
    int dx = x[0].length;
    int dy = y[0].length;
    int p = dx + 1;
    double[][] xtx = new double[p][p];
    double[][] xty = new double[p][dy];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < p; a++) {
        double xa = a < dx ? x[i][a] : 1;
        for (int b = 0; b < p; b++) {
          xtx[a][b] += xa * (b < dx ? x[i][b] : 1);
        }
        for (int d = 0; d < dy; d++) {
          xty[a][d] += xa * y[i][d];
        }
      }
    }
    double trace = 0;
    for (int a = 0; a < p; a++) {
      trace += xtx[a][a];
    }
    for (int a = 0; a < p; a++) {
      xtx[a][a] += 1e-6 * trace / p + 1e-9;
    }
    double[][] coef = solve(xtx, xty); // [p, dy]
    double[][] mu = new double[n][dy];
    double[] var = new double[dy];
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < dy; d++) {
        double m = coef[dx][d];
        for (int a = 0; a < dx; a++) {
          m += x[i][a] * coef[a][d];
        }
        mu[i][d] = m;
        double r = y[i][d] - m;
        var[d] += r * r / n;
      }
    }
    double total = 0;
    for (int d = 0; d < dy; d++) {
      double v = Math.max(var[d], 1e-8);
      double pos = 0;
      double ey = 0;
      double ey2 = 0;
      double emu = 0;
      double emu2 = 0;
      for (int i = 0; i < n; i++) {
        double r = y[i][d] - mu[i][d];
        pos += r * r;
        ey += y[i][d];
        ey2 += y[i][d] * y[i][d];
        emu += mu[i][d];
        emu2 += mu[i][d] * mu[i][d];
      }
      pos /= n;
      // mean_ij (y_j - mu_i)^2 = E[y^2] - 2 E[y] E[mu] + E[mu^2]
      double neg = ey2 / n - 2 * (ey / n) * (emu / n) + emu2 / n;
      total += (neg - pos) / (2 * v);
    }
    return total;
  }

  /** Solves A X = B for symmetric positive definite A by Cholesky. */
  static double[][] solve(double[][] a, double[][] b) {
    int p = a.length;
    double[][] l = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        l[i][j] = i == j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j][j];
      }
    }
    int m = b[0].length;
    double[][] out = new double[p][m];
    for (int c = 0; c < m; c++) {
      double[] z = new double[p];
      for (int i = 0; i < p; i++) {
        double s = b[i][c];
        for (int k = 0; k < i; k++) {
          s -= l[i][k] * z[k];
        }
        z[i] = s / l[i][i];
      }
      for (int i = p - 1; i >= 0; i--) {
        double s = z[i];
        for (int k = i + 1; k < p; k++) {
          s -= l[k][i] * out[k][c];
        }
        out[i][c] = s / l[i][i];
      }
    }
    return out;
  }

  /**
   * Mean |Pearson correlation| over all (dimension of x, dimension of y) pairs; constant dims count
   * 0.
   */
  public static double meanAbsCorrelation(float[][] x, float[][] y) {
    int n = x.length;
    double[][] xs = standardize(x);
    double[][] ys = standardize(y);
    double total = 0;
    for (int a = 0; a < xs.length; a++) {
      for (int b = 0; b < ys.length; b++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += xs[a][i] * ys[b][i];
        }
        total += Math.abs(s / n);
      }
    }
    return total / (xs.length * (double) ys.length);
  }

  private static double[][] standardize(float[][] x) {
    int n = x.length;
    int d = x[0].length;
    double[][] out = new double[d][n];
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (float[] row : x) {
        mean += row[j];
      }
      mean /= n;
      double var = 0;
      for (float[] row : x) {
        var += (row[j] - mean) * (row[j] - mean);
      }
      double sd = Math.sqrt(var / n);
      for (int i = 0; i < n; i++) {
        out[j][i] = sd < 1e-9 ? 0 : (x[i][j] - mean) / sd;
      }
    }
    return out;
  }
}
