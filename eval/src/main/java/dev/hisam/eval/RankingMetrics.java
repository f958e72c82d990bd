package dev.hisam.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Recall@K and NDCG@K of one target per user, averaged over <em>all</em> users (DESIGN.md section
 * 3, P1). With one relevant item, Recall@K is the hit rate and NDCG@K = {@code 1 / log2(rank + 2)}
 * when the 0-based rank is below K, else 0. A user whose target was missed ({@link Ranking#MISS})
 * counts as 0. Over zero users the values are NaN.
 *
 * @param users number of users averaged over
 * @param atK one entry per cut-off, in the order the cut-offs were asked for
 */
public record RankingMetrics(int users, List<AtK> atK) {
  /** The cut-offs reported when none are configured. */
  public static final List<Integer> DEFAULT_KS = List.of(5, 10);

  /** The metrics at one cut-off K. */
  public record AtK(int k, double recall, double ndcg) {}

  public RankingMetrics {
    if (users < 0) {
      throw new IllegalArgumentException("users must be >= 0, got " + users);
    }
    atK = List.copyOf(atK);
  }

  /** Metrics of per-user 0-based ranks at each cut-off of {@code ks}. */
  public static RankingMetrics of(int[] ranks, List<Integer> ks) {
    checkKs(ks);
    List<AtK> out = new ArrayList<>(ks.size());
    for (int k : ks) {
      long hits = 0;
      double gain = 0;
      for (int r : ranks) {
        if (r < 0) {
          throw new IllegalArgumentException("ranks are 0-based and >= 0, got " + r);
        }
        if (r < k) {
          hits++;
          gain += gain(r);
        }
      }
      out.add(new AtK(k, (double) hits / ranks.length, gain / ranks.length));
    }
    return new RankingMetrics(ranks.length, out);
  }

  /** The gain of one hit at 0-based rank {@code rank}: {@code 1 / log2(rank + 2)}. */
  public static double gain(int rank) {
    return 1.0 / (Math.log(rank + 2.0) / Math.log(2.0));
  }

  /** Recall@k; fails when {@code k} was not computed. */
  public double recall(int k) {
    return at(k).recall();
  }

  /** NDCG@k; fails when {@code k} was not computed. */
  public double ndcg(int k) {
    return at(k).ndcg();
  }

  /** The entry for cut-off {@code k}; fails when it was not computed. */
  public AtK at(int k) {
    for (AtK a : atK) {
      if (a.k() == k) {
        return a;
      }
    }
    throw new IllegalArgumentException("K=" + k + " was not computed; have " + atK);
  }

  static void checkKs(List<Integer> ks) {
    if (ks.isEmpty()) {
      throw new IllegalArgumentException("at least one cut-off K is needed");
    }
    for (Integer k : ks) {
      if (k == null || k < 1) {
        throw new IllegalArgumentException("cut-offs K must be >= 1, got " + ks);
      }
    }
  }
}
