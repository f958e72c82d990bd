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

  /**
   * Balanced k-means (the RQ-Kmeans of OneRec, arXiv 2502.18965): every cluster takes exactly
   * {@code N / K} points (the first {@code N mod K} clusters one more). Each iteration visits the
   * clusters in a seeded random order; a cluster takes its quota of the nearest points not yet
   * taken and moves to their mean. Starts from k-means++ centroids; stops when no assignment
   * changes. Needs N >= k. [k, D]
   */
  public static float[][] fitBalanced(float[][] x, int k, int iterations, SplittableRandom rng) {
    return balanced(x, k, iterations, rng).centroids();
  }

  /** Centroids [k, D] and the balanced assignment [N] they are the means of. */
  record Balanced(float[][] centroids, int[] assignment) {}

  static Balanced balanced(float[][] x, int k, int iterations, SplittableRandom rng) {
    int n = x.length;
    if (n < k) {
      throw new IllegalArgumentException("balanced k-means needs N >= k, got " + n + " < " + k);
    }
    int d = x[0].length;
    float[][] c = plusPlus(x, k, rng);
    int[] assign = new int[n];
    java.util.Arrays.fill(assign, -1);
    for (int it = 0; it < iterations; it++) {
      float[][] dist = distances(c, x); // [N, K]
      int[] order = Dst.permutation(k, rng);
      int[] next = new int[n];
      java.util.Arrays.fill(next, -1);
      long[] keys = new long[n];
      for (int slot = 0; slot < k; slot++) {
        int j = order[slot];
        int quota = n / k + (slot < n % k ? 1 : 0);
        // (distance, point) packed into one long: the bits of a non-negative float sort like its
        // value, so a primitive sort gives nearest first, ties by point index
        int m = 0;
        for (int i = 0; i < n; i++) {
          if (next[i] < 0) {
            keys[m++] = ((long) Float.floatToIntBits(dist[i][j]) << 32) | i; // dist >= 0
          }
        }
        java.util.Arrays.sort(keys, 0, m);
        double[] sum = new double[d];
        for (int q = 0; q < quota; q++) {
          int i = (int) keys[q];
          next[i] = j;
          for (int t = 0; t < d; t++) {
            sum[t] += x[i][t];
          }
        }
        for (int t = 0; t < d; t++) {
          c[j][t] = (float) (sum[t] / quota);
        }
      }
      boolean changed = !java.util.Arrays.equals(next, assign);
      assign = next;
      if (!changed) {
        break;
      }
    }
    return new Balanced(c, assign);
  }

  /** Squared distances of every point to every centroid, by the kernel of {@code assign}. [N, K] */
  static float[][] distances(float[][] c, float[][] x) {
    Transposed t = new Transposed(c);
    float[][] out = new float[x.length][];
    IntStream.range(0, x.length)
        .parallel()
        .forEach(
            i -> {
              float[] s = t.dots(x[i]);
              float xn = Vectors.dot(x[i], x[i]);
              for (int j = 0; j < s.length; j++) {
                s[j] = Math.max(0f, xn + t.norms[j] - 2 * s[j]);
              }
              out[i] = s;
            });
    return out;
  }

  /**
   * Centroids transposed [D, K] with their squared norms, so that the dot products of one point
   * with all centroids are a vectorizable axpy over centroids.
   */
  private static final class Transposed {
    final float[][] ct;
    final float[] norms;

    Transposed(float[][] centroids) {
      int k = centroids.length;
      int d = centroids[0].length;
      ct = new float[d][k];
      norms = new float[k];
      for (int j = 0; j < k; j++) {
        for (int t = 0; t < d; t++) {
          ct[t][j] = centroids[j][t];
        }
        norms[j] = Vectors.dot(centroids[j], centroids[j]);
      }
    }

    /** x . c_j for every centroid j. [K] */
    float[] dots(float[] x) {
      float[] s = new float[norms.length];
      Vectors.addVectorMatrix(x, ct, s);
      return s;
    }
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
    Transposed t = new Transposed(centroids);
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
              float[] s = t.dots(xi);
              int best = 0;
              float bestD = Float.POSITIVE_INFINITY;
              for (int j = 0; j < s.length; j++) {
                float dd = t.norms[j] - 2 * s[j];
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
