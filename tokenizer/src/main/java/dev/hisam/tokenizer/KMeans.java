package dev.hisam.tokenizer;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seeded k-means: k-means++ initialisation, then Lloyd iterations. Empty clusters are re-seeded at
 * the point farthest from its centroid. Deterministic for a given stream (assignment runs in
 * parallel per point; sums are taken sequentially in point order).
 */
public final class KMeans {
  private KMeans() {}

  /** Centroids [k, D] of {@code x} [N, D]. When N < k, the extra centroids repeat points. */
  public static float[][] fit(float[][] x, int k, int iterations, SplittableRandom rng) {
    int n = x.length;
    int d = x[0].length;
    float[][] c = plusPlus(x, k, rng);
    int[] assign = new int[n];
    for (int it = 0; it < iterations; it++) {
      int[] next = assign(c, x);
      boolean changed = it == 0;
      for (int i = 0; i < n && !changed; i++) {
        changed = next[i] != assign[i];
      }
      assign = next;
      if (!changed) {
        break;
      }
      double[][] sum = new double[k][d];
      int[] count = new int[k];
      for (int i = 0; i < n; i++) {
        count[assign[i]]++;
        double[] s = sum[assign[i]];
        for (int j = 0; j < d; j++) {
          s[j] += x[i][j];
        }
      }
      boolean[] taken = new boolean[n];
      float[] own = new float[n];
      for (int j = 0; j < k; j++) {
        if (count[j] > 0) {
          for (int t = 0; t < d; t++) {
            c[j][t] = (float) (sum[j][t] / count[j]);
          }
        }
      }
      boolean anyEmpty = false;
      for (int j = 0; j < k; j++) {
        anyEmpty |= count[j] == 0;
      }
      if (anyEmpty && n >= k) {
        int[] a = assign;
        float[][] cc = c;
        IntStream.range(0, n)
            .parallel()
            .forEach(i -> own[i] = Vectors.squaredDistance(x[i], cc[a[i]]));
      }
      for (int j = 0; j < k && n >= k; j++) {
        if (count[j] == 0) {
          int far = -1;
          float best = -1;
          for (int i = 0; i < n; i++) {
            if (!taken[i] && own[i] > best) {
              best = own[i];
              far = i;
            }
          }
          taken[far] = true;
          c[j] = x[far].clone();
        }
      }
    }
    return c;
  }

  static float[][] plusPlus(float[][] x, int k, SplittableRandom rng) {
    int n = x.length;
    float[][] c = new float[k][];
    c[0] = x[rng.nextInt(n)].clone();
    double[] dist = new double[n];
    float[] xn = new float[n];
    for (int i = 0; i < n; i++) {
      xn[i] = Vectors.dot(x[i], x[i]);
      dist[i] = Vectors.squaredDistance(x[i], c[0]);
    }
    for (int j = 1; j < k; j++) {
      double total = 0;
      for (double v : dist) {
        total += v;
      }
      int pick;
      if (total <= 0) {
        pick = rng.nextInt(n);
      } else {
        double r = rng.nextDouble() * total;
        pick = n - 1;
        for (int i = 0; i < n; i++) {
          r -= dist[i];
          if (r < 0) {
            pick = i;
            break;
          }
        }
      }
      c[j] = x[pick].clone();
      float[] cj = c[j];
      float cn = Vectors.dot(cj, cj);
      IntStream.range(0, n)
          .parallel()
          .forEach(
              i ->
                  dist[i] = Math.min(dist[i], Math.max(0, xn[i] + cn - 2 * Vectors.dot(x[i], cj))));
    }
    return c;
  }

  /** Index of the nearest centroid by squared distance; ties go to the lowest index. */
  public static int nearest(float[][] centroids, float[] x) {
    int best = 0;
    float bestD = Float.POSITIVE_INFINITY;
    for (int j = 0; j < centroids.length; j++) {
      float dd = Vectors.squaredDistance(x, centroids[j]);
      if (dd < bestD) {
        bestD = dd;
        best = j;
      }
    }
    return best;
  }

  /**
   * Nearest centroid of every point (-1 for null rows), by ||c||^2 - 2 x.c with the centroids
   * transposed so the inner loop is a vectorizable axpy over centroids; ties go to the lowest
   * index. This is the one assignment kernel of fitting and of {@code assign}. [N]
   */
  public static int[] assign(float[][] centroids, float[][] x) {
    int k = centroids.length;
    int d = centroids[0].length;
    float[][] ct = new float[d][k]; // [D, K]
    float[] norms = new float[k];
    for (int j = 0; j < k; j++) {
      for (int t = 0; t < d; t++) {
        ct[t][j] = centroids[j][t];
      }
      norms[j] = Vectors.dot(centroids[j], centroids[j]);
    }
    int[] out = new int[x.length];
    IntStream.range(0, x.length)
        .parallel()
        .forEach(
            i -> {
              float[] xi = x[i];
              if (xi == null) {
                out[i] = -1;
                return;
              }
              float[] s = new float[k];
              for (int t = 0; t < d; t++) {
                float v = xi[t];
                if (v == 0f) {
                  continue;
                }
                float[] row = ct[t];
                for (int j = 0; j < k; j++) {
                  s[j] += v * row[j];
                }
              }
              int best = 0;
              float bestD = Float.POSITIVE_INFINITY;
              for (int j = 0; j < k; j++) {
                float dd = norms[j] - 2 * s[j];
                if (dd < bestD) {
                  bestD = dd;
                  best = j;
                }
              }
              out[i] = best;
            });
    return out;
  }

  /**
   * One residual-quantization level in place: returns the codes of {@code residual} [N, D] and
   * subtracts the chosen code vectors from it (rows that are {@code null} are skipped, code -1).
   */
  public static int[] quantizeInPlace(float[][] codebook, float[][] residual, float[][] sum) {
    int[] codes = assign(codebook, residual);
    IntStream.range(0, residual.length)
        .parallel()
        .forEach(
            i -> {
              float[] r = residual[i];
              if (r == null) {
                return;
              }
              int c = codes[i];
              float[] cv = codebook[c];
              for (int j = 0; j < r.length; j++) {
                r[j] -= cv[j];
                if (sum != null) {
                  sum[i][j] += cv[j];
                }
              }
            });
    return codes;
  }
}
