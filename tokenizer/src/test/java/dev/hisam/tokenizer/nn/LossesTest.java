package dev.hisam.tokenizer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tensor losses against slow, literal plain-Java references on tiny inputs. */
class LossesTest {
  static float[][] random(int n, int d, long seed, boolean unit) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] x = new float[n][d];
    for (float[] row : x) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        row[j] = (float) r.nextGaussian();
        s += row[j] * row[j];
      }
      if (unit) {
        for (int j = 0; j < d; j++) {
          row[j] /= (float) Math.sqrt(s);
        }
      }
    }
    return x;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * (double) b[i];
    }
    return s;
  }

  /** -1/2n sum_i [log softmax_j(a_i.b_j/t)_i + log softmax_j(b_i.a_j/t)_i] */
  static double infoNceReference(float[][] a, float[][] b, double t) {
    int n = a.length;
    double total = 0;
    for (int i = 0; i < n; i++) {
      double zab = 0;
      double zba = 0;
      for (int j = 0; j < n; j++) {
        zab += Math.exp(dot(a[i], b[j]) / t);
        zba += Math.exp(dot(b[i], a[j]) / t);
      }
      total += dot(a[i], b[i]) / t - Math.log(zab);
      total += dot(b[i], a[i]) / t - Math.log(zba);
    }
    return -total / (2 * n);
  }

  static double uniformityReference(float[][] z) {
    int n = z.length;
    double s = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (i != j) {
          double d2 = 0;
          for (int k = 0; k < z[i].length; k++) {
            d2 += (z[i][k] - z[j][k]) * (double) (z[i][k] - z[j][k]);
          }
          s += Math.exp(-2 * d2);
        }
      }
    }
    return Math.log(s / (n * (n - 1.0)));
  }

  /** Gaussian log density without constants: -(y-mu)^2 / (2 var). */
  static double clubReference(float[][] mu, float[][] logvar, float[][] y) {
    int n = y.length;
    double pos = 0;
    double neg = 0;
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < y[0].length; k++) {
        double var = Math.exp(logvar[i][k]);
        pos += -Math.pow(y[i][k] - mu[i][k], 2) / (2 * var);
        for (int j = 0; j < n; j++) {
          neg += -Math.pow(y[j][k] - mu[i][k], 2) / (2 * var) / n;
        }
      }
    }
    return (pos - neg) / n;
  }

  @Test
  void infoNceMatchesReference() {
    float[][] a = random(5, 3, 1, true);
    float[][] b = random(5, 3, 2, true);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray na = Tensors.rows(m, a, 3);
      NDArray nb = Tensors.rows(m, b, 3);
      assertEquals(infoNceReference(a, b, 0.1), Losses.infoNce(na, nb, 0.1).getFloat(), 1e-4);
      assertEquals(infoNceReference(a, b, 0.7), Losses.infoNce(na, nb, 0.7).getFloat(), 1e-4);
    }
  }

  @Test
  void uniformityMatchesReference() {
    float[][] z = random(6, 4, 3, true);
    try (NDManager m = NDManager.newBaseManager()) {
      assertEquals(
          uniformityReference(z), Losses.uniformity(Tensors.rows(m, z, 4)).getFloat(), 1e-4);
    }
  }

  @Test
  void clubMatchesReference() {
    float[][] mu = random(4, 3, 4, false);
    float[][] lv = random(4, 3, 5, false);
    float[][] y = random(4, 3, 6, false);
    try (NDManager m = NDManager.newBaseManager()) {
      float got =
          Losses.club(Tensors.rows(m, mu, 3), Tensors.rows(m, lv, 3), Tensors.rows(m, y, 3))
              .getFloat();
      assertEquals(clubReference(mu, lv, y), got, 1e-4);
    }
  }

  @Test
  void gaussianLogLikelihoodOnHandWorkedValues() {
    try (NDManager m = NDManager.newBaseManager()) {
      // one row, two dims: mu = (0, 1), logvar = (0, ln 2), y = (1, 1)
      // -(1-0)^2/1 - 0 + -(0)^2/2 - ln 2 = -1 - 0.693147 = -1.693147
      NDArray mu = Tensors.rows(m, new float[][] {{0, 1}}, 2);
      NDArray lv = Tensors.rows(m, new float[][] {{0, (float) Math.log(2)}}, 2);
      NDArray y = Tensors.rows(m, new float[][] {{1, 1}}, 2);
      assertEquals(-1.693147f, Losses.gaussianLogLikelihood(mu, lv, y).getFloat(), 1e-5f);
    }
  }
}
