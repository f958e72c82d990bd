package dev.hisam.train.sasrec;

import dev.hisam.eval.ItemScorer;
import java.util.Arrays;

/**
 * A tiny P1 evaluator for tests and experiments (the real one lives in module eval): rank = items
 * scoring strictly higher + items scoring equal with a smaller ItemId (0-based), whole catalogue.
 */
record P1Metrics(double recall5, double recall10, double ndcg5, double ndcg10, int users) {

  static P1Metrics evaluate(ItemScorer scorer, int[][] histories, int[] targets) {
    double r5 = 0;
    double r10 = 0;
    double n5 = 0;
    double n10 = 0;
    int chunk = 1024;
    for (int from = 0; from < histories.length; from += chunk) {
      int to = Math.min(histories.length, from + chunk);
      float[][] scores = scorer.score(Arrays.copyOfRange(histories, from, to));
      for (int i = from; i < to; i++) {
        int rank = rank(scores[i - from], targets[i]);
        double gain = 1.0 / (Math.log(rank + 2) / Math.log(2));
        if (rank < 5) {
          r5++;
          n5 += gain;
        }
        if (rank < 10) {
          r10++;
          n10 += gain;
        }
      }
    }
    int n = histories.length;
    return new P1Metrics(r5 / n, r10 / n, n5 / n, n10 / n, n);
  }

  static int rank(float[] s, int target) {
    float t = s[target];
    int rank = 0;
    for (int i = 0; i < s.length; i++) {
      if (s[i] > t || (s[i] == t && i < target)) {
        rank++;
      }
    }
    return rank;
  }

  @Override
  public String toString() {
    return String.format(
        "R@5 %.4f R@10 %.4f N@5 %.4f N@10 %.4f (%d users)",
        recall5, recall10, ndcg5, ndcg10, users);
  }
}
