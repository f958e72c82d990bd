package dev.hisam.eval;

import dev.hisam.eval.ClassificationMetrics.CtrMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * P3 cold start (DESIGN.md section 3): P1 and P2 metrics per {@link FrequencyBucket} of the target
 * item's training frequency. Which interactions count as training is the caller's choice of input
 * (e.g. P1's {@code s[:-2]}; for P2 the train-split examples and, where the model pre-trains on
 * them, the train-period positives).
 */
public final class ColdStart {
  private ColdStart() {}

  /** P1 metrics of the users whose target falls into {@code bucket}. */
  public record BucketRanking(FrequencyBucket bucket, RankingMetrics metrics) {}

  /** P2 metrics of the examples whose item falls into {@code bucket}. */
  public record BucketCtr(FrequencyBucket bucket, CtrMetrics metrics) {}

  /** Occurrences of each item in {@code sequences} (e.g. a training split). */
  public static int[] frequencies(int[][] sequences, int numItems) {
    int[] freq = new int[numItems];
    for (int[] s : sequences) {
      count(s, freq);
    }
    return freq;
  }

  /** Occurrences of each item in {@code items} (e.g. the items of training examples). */
  public static int[] frequencies(int[] items, int numItems) {
    int[] freq = new int[numItems];
    count(items, freq);
    return freq;
  }

  private static void count(int[] items, int[] freq) {
    for (int item : items) {
      if (item < 0 || item >= freq.length) {
        throw new IllegalArgumentException(
            "item " + item + " is not an ItemId of a catalogue of " + freq.length);
      }
      freq[item]++;
    }
  }

  /**
   * P1 metrics per bucket, all four buckets in order; a bucket without users has NaN metrics.
   *
   * @param ranks per user, 0-based rank of the target
   * @param targets per user, the target ItemId
   * @param frequency per item, its training frequency
   */
  public static List<BucketRanking> ranking(
      int[] ranks, int[] targets, int[] frequency, List<Integer> ks) {
    if (ranks.length != targets.length) {
      throw new IllegalArgumentException(
          ranks.length + " ranks for " + targets.length + " targets");
    }
    List<BucketRanking> out = new ArrayList<>();
    for (FrequencyBucket b : FrequencyBucket.values()) {
      int n = 0;
      for (int t : targets) {
        n += FrequencyBucket.of(frequency[t]) == b ? 1 : 0;
      }
      int[] selected = new int[n];
      int k = 0;
      for (int i = 0; i < targets.length; i++) {
        if (FrequencyBucket.of(frequency[targets[i]]) == b) {
          selected[k++] = ranks[i];
        }
      }
      out.add(new BucketRanking(b, RankingMetrics.of(selected, ks)));
    }
    return out;
  }

  /**
   * P2 metrics per bucket of the example's item, all four buckets in order (AUC/GAUC NaN where a
   * bucket lacks a class).
   */
  public static List<BucketCtr> ctr(
      float[] scores, boolean[] labels, int[] users, int[] items, int[] frequency) {
    int n = labels.length;
    if (scores.length != n || users.length != n || items.length != n) {
      throw new IllegalArgumentException("scores, labels, users and items differ in length");
    }
    List<BucketCtr> out = new ArrayList<>();
    for (FrequencyBucket b : FrequencyBucket.values()) {
      int m = 0;
      for (int item : items) {
        m += FrequencyBucket.of(frequency[item]) == b ? 1 : 0;
      }
      float[] s = new float[m];
      boolean[] l = new boolean[m];
      int[] u = new int[m];
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (FrequencyBucket.of(frequency[items[i]]) == b) {
          s[k] = scores[i];
          l[k] = labels[i];
          u[k] = users[i];
          k++;
        }
      }
      out.add(new BucketCtr(b, ClassificationMetrics.of(s, l, u)));
    }
    return out;
  }
}
