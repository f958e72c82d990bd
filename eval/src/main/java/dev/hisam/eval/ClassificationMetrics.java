package dev.hisam.eval;

import java.util.Arrays;

/**
 * AUC and GAUC of binary labels against scores (DESIGN.md section 3, P2).
 *
 * <p>AUC is the Mann–Whitney statistic with ties: the fraction of (positive, negative) pairs where
 * the positive scores higher, a tied pair counting one half — the same as the rank-sum formula with
 * average ranks for tied scores. It is computed exactly in integers (twice the pair count) after
 * one sort. GAUC is the per-user AUC averaged with weight = the user's number of impressions (all
 * their examples), over the users having both classes; users with one class only are left out.
 * Scores compare as IEEE numbers ({@code -0.0 == 0.0}); NaN scores are rejected.
 */
public final class ClassificationMetrics {
  private ClassificationMetrics() {}

  /**
   * P2's metrics of one example set.
   *
   * @param examples number of examples
   * @param positives number of positive examples
   * @param auc global AUC; NaN when one class is absent
   * @param gauc impression-weighted per-user AUC; NaN when no user has both classes
   * @param gaucUsers users that have both classes (those GAUC averages over)
   * @param gaucExamples impressions of those users (the GAUC weights' sum)
   */
  public record CtrMetrics(
      int examples, int positives, double auc, double gauc, int gaucUsers, int gaucExamples) {}

  /** AUC, GAUC and their counts; {@code users[i]} is the (non-negative) user of example i. */
  public static CtrMetrics of(float[] scores, boolean[] labels, int[] users) {
    int positives = 0;
    for (boolean l : labels) {
      positives += l ? 1 : 0;
    }
    int[] order = ascending(scores, labels.length);
    double auc = auc(order, 0, order.length, scores, labels);
    Gauc g = gauc(order, scores, labels, users);
    return new CtrMetrics(labels.length, positives, auc, g.value, g.users, g.examples);
  }

  /** Global AUC; NaN when there are no positives or no negatives. */
  public static double auc(float[] scores, boolean[] labels) {
    int[] order = ascending(scores, labels.length);
    return auc(order, 0, order.length, scores, labels);
  }

  /** Impression-weighted per-user AUC over users with both classes; NaN when there are none. */
  public static double gauc(float[] scores, boolean[] labels, int[] users) {
    return gauc(ascending(scores, labels.length), scores, labels, users).value;
  }

  private record Gauc(double value, int users, int examples) {}

  private static Gauc gauc(int[] order, float[] scores, boolean[] labels, int[] users) {
    if (users.length != labels.length) {
      throw new IllegalArgumentException(
          users.length + " users for " + labels.length + " labels; need one per example");
    }
    int maxUser = -1;
    for (int u : users) {
      if (u < 0) {
        throw new IllegalArgumentException("user indices must be >= 0, got " + u);
      }
      maxUser = Math.max(maxUser, u);
    }
    // stable counting sort of the score order by user: each user's examples stay score-ascending
    int[] start = new int[maxUser + 2];
    for (int u : users) {
      start[u + 1]++;
    }
    for (int u = 0; u <= maxUser; u++) {
      start[u + 1] += start[u];
    }
    int[] fill = Arrays.copyOf(start, maxUser + 1);
    int[] byUser = new int[order.length];
    for (int i : order) {
      byUser[fill[users[i]]++] = i;
    }
    double weighted = 0;
    int counted = 0;
    int weight = 0;
    for (int u = 0; u <= maxUser; u++) {
      double a = auc(byUser, start[u], start[u + 1], scores, labels);
      if (!Double.isNaN(a)) {
        int n = start[u + 1] - start[u];
        weighted += n * a;
        weight += n;
        counted++;
      }
    }
    return new Gauc(weight == 0 ? Double.NaN : weighted / weight, counted, weight);
  }

  /** AUC of the examples {@code order[from..to)}, which are sorted by ascending score. */
  private static double auc(int[] order, int from, int to, float[] scores, boolean[] labels) {
    long negativesBelow = 0;
    long twicePairs = 0; // 2 x (pairs won by the positive) + 1 x (tied pairs)
    long positives = 0;
    int i = from;
    while (i < to) {
      float s = scores[order[i]];
      long p = 0;
      long q = 0;
      int j = i;
      while (j < to && scores[order[j]] == s) {
        if (labels[order[j]]) {
          p++;
        } else {
          q++;
        }
        j++;
      }
      twicePairs += 2 * p * negativesBelow + p * q;
      negativesBelow += q;
      positives += p;
      i = j;
    }
    long negatives = negativesBelow;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return twicePairs / (2.0 * positives * negatives);
  }

  /** Example indices sorted by ascending score (ties in any order; they are grouped by value). */
  private static int[] ascending(float[] scores, int n) {
    if (scores.length != n) {
      throw new IllegalArgumentException(
          scores.length + " scores for " + n + " labels; need one per example");
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      float s = scores[i];
      if (Float.isNaN(s)) {
        throw new IllegalArgumentException("score of example " + i + " is NaN");
      }
      int bits = Float.floatToIntBits(s == 0 ? 0f : s); // -0.0 and 0.0 are one value
      int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // signed-int order = float order
      keys[i] = ((long) sortable << 32) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = (int) keys[i];
    }
    return order;
  }
}
