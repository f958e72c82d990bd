package dev.hisam.eval;

import java.util.HashMap;
import java.util.Map;

/**
 * Where a CTR model's test scores vary: across the users who see the same item (what their
 * histories change), across the items one user sees, and in total; plus the AUC of the user offset
 * alone. It answers "does the model read the history at all?", which AUC and GAUC do not: a model
 * whose score depends on the candidate only has a history spread of zero, ranks each user's
 * candidates by item alone (its GAUC can still be good) and has no per-user offset (its global AUC
 * loses what GAUC does not measure).
 *
 * @param historySpread pooled standard deviation of the scores around their item's mean, over the
 *     items scored for two or more examples: {@code sqrt(Σ_i Σ_k (s_ik - mean_i)² / Σ_i n_i)}
 * @param spreadItems the items with two or more examples (those {@code historySpread} pools)
 * @param userSpread the same, pooled around each user's mean, over the users with two or more
 *     examples
 * @param totalSpread population standard deviation of all scores
 * @param userOffsetAuc global AUC when every example is scored by its user's mean score (ties
 *     within a user count one half): the part of AUC that comes from ordering users, not items
 */
public record ScoreSpread(
    double historySpread,
    int spreadItems,
    double userSpread,
    double totalSpread,
    double userOffsetAuc) {

  /**
   * The spreads of one test set.
   *
   * @param scores one per example (logits or probabilities; NaN rejected)
   * @param labels one per example
   * @param users non-negative user of each example
   * @param items the scored item of each example
   */
  public static ScoreSpread of(float[] scores, boolean[] labels, int[] users, int[] items) {
    int n = scores.length;
    if (labels.length != n || users.length != n || items.length != n) {
      throw new IllegalArgumentException(
          n
              + " scores, "
              + labels.length
              + " labels, "
              + users.length
              + " users, "
              + items.length
              + " items; need one of each per example");
    }
    if (n == 0) {
      throw new IllegalArgumentException("no examples");
    }
    for (int i = 0; i < n; i++) {
      if (Float.isNaN(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is NaN");
      }
    }
    Pooled byItem = pooled(scores, items);
    Pooled byUser = pooled(scores, users);
    double mean = 0;
    for (float s : scores) {
      mean += s;
    }
    mean /= n;
    double ss = 0;
    for (float s : scores) {
      ss += (s - mean) * (s - mean);
    }
    float[] offset = new float[n];
    for (int i = 0; i < n; i++) {
      offset[i] = (float) byUser.means.get(users[i]).doubleValue();
    }
    return new ScoreSpread(
        byItem.sd,
        byItem.groups,
        byUser.sd,
        Math.sqrt(ss / n),
        ClassificationMetrics.auc(offset, labels));
  }

  private record Pooled(double sd, int groups, Map<Integer, Double> means) {}

  /** Pooled within-group sd over groups with two or more members, and every group's mean. */
  private static Pooled pooled(float[] scores, int[] group) {
    Map<Integer, double[]> acc = new HashMap<>(); // group -> {count, sum}
    for (int i = 0; i < scores.length; i++) {
      double[] a = acc.computeIfAbsent(group[i], g -> new double[2]);
      a[0]++;
      a[1] += scores[i];
    }
    Map<Integer, Double> means = new HashMap<>();
    acc.forEach((g, a) -> means.put(g, a[1] / a[0]));
    double ss = 0;
    long members = 0;
    for (int i = 0; i < scores.length; i++) {
      double[] a = acc.get(group[i]);
      if (a[0] >= 2) {
        double d = scores[i] - means.get(group[i]);
        ss += d * d;
        members++;
      }
    }
    int groups = 0;
    for (double[] a : acc.values()) {
      groups += a[0] >= 2 ? 1 : 0;
    }
    return new Pooled(members == 0 ? Double.NaN : Math.sqrt(ss / members), groups, means);
  }
}
