package dev.hisam.eval;

import java.util.Arrays;
import java.util.List;

/**
 * P1 next-item retrieval (DESIGN.md section 3, the TIGER/P5 leave-one-out protocol). Per user
 * sequence {@code s} (chronological ItemIds, at least 3 items):
 *
 * <ul>
 *   <li>train = {@code s[:-2]};
 *   <li>validation: history = {@code s[:-2]} truncated to its last H items, target {@code s[-2]};
 *   <li>test: history = {@code s[:-1]} truncated to its last H items, target {@code s[-1]}.
 * </ul>
 *
 * <p>Every target is ranked over the whole catalogue with {@link Ranking} (no sampled negatives);
 * metrics average over all users. Two variants are computed from the same scores: the primary one
 * (history items stay in the ranking) and the labelled <em>history-excluded</em> one, where the
 * items of the history the scorer saw (the truncated one) are ranked last.
 */
public final class NextItemProtocol {
  /** Which held-out item is the target. */
  public enum Part {
    VALIDATION,
    TEST
  }

  /**
   * Histories and targets of one part, one entry per user in input order.
   *
   * @param histories per user, chronological, at most {@code historyCap} items
   */
  public record Split(Part part, int historyCap, int[][] histories, int[] targets) {
    public int users() {
      return targets.length;
    }
  }

  /**
   * The outcome of one evaluation.
   *
   * @param ranks per user (input order), 0-based rank of the target, history kept in the ranking
   * @param ranksHistoryExcluded per user, 0-based rank with the history ranked last
   */
  public record Result(
      Part part,
      int historyCap,
      int[] ranks,
      int[] ranksHistoryExcluded,
      RankingMetrics metrics,
      RankingMetrics metricsHistoryExcluded) {}

  private final int[][] sequences;
  private final int numItems;

  /**
   * @param sequences per user, chronological ItemIds; every user needs at least 3 items
   * @param numItems catalogue size; every ItemId must be below it
   */
  public NextItemProtocol(int[][] sequences, int numItems) {
    if (numItems < 1) {
      throw new IllegalArgumentException("numItems must be >= 1, got " + numItems);
    }
    for (int u = 0; u < sequences.length; u++) {
      int[] s = sequences[u];
      if (s.length < 3) {
        throw new IllegalArgumentException(
            "user "
                + u
                + " has "
                + s.length
                + " item(s); P1 needs at least 3 per user (train, validation target, test"
                + " target): filter the data to 5-core first");
      }
      for (int item : s) {
        if (item < 0 || item >= numItems) {
          throw new IllegalArgumentException(
              "user " + u + " has item " + item + ", outside the catalogue of " + numItems);
        }
      }
    }
    this.sequences = sequences;
    this.numItems = numItems;
  }

  public int users() {
    return sequences.length;
  }

  public int numItems() {
    return numItems;
  }

  /** The training sequences {@code s[:-2]}, one per user (fresh arrays). */
  public int[][] train() {
    int[][] out = new int[sequences.length][];
    for (int u = 0; u < sequences.length; u++) {
      out[u] = Arrays.copyOf(sequences[u], sequences[u].length - 2);
    }
    return out;
  }

  /** Histories truncated to the last {@code historyCap} items and targets of {@code part}. */
  public Split split(Part part, int historyCap) {
    if (historyCap < 1) {
      throw new IllegalArgumentException("historyCap must be >= 1, got " + historyCap);
    }
    int cut = part == Part.VALIDATION ? 2 : 1; // the target is s[-cut]
    int[][] histories = new int[sequences.length][];
    int[] targets = new int[sequences.length];
    for (int u = 0; u < sequences.length; u++) {
      int[] s = sequences[u];
      int end = s.length - cut;
      histories[u] = Arrays.copyOfRange(s, Math.max(0, end - historyCap), end);
      targets[u] = s[end];
    }
    return new Split(part, historyCap, histories, targets);
  }

  /** Scores every user of {@code part} with {@code scorer} in batches and ranks the targets. */
  public Result evaluate(
      ItemScorer scorer, Part part, int historyCap, int batchSize, List<Integer> ks) {
    return evaluate(scorer, split(part, historyCap), numItems, batchSize, ks);
  }

  /**
   * Scores {@code split}'s histories in batches of {@code batchSize} and ranks each target over the
   * {@code numItems} catalogue items, in both variants.
   */
  public static Result evaluate(
      ItemScorer scorer, Split split, int numItems, int batchSize, List<Integer> ks) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    RankingMetrics.checkKs(ks);
    int n = split.users();
    int[] ranks = new int[n];
    int[] excluded = new int[n];
    for (int from = 0; from < n; from += batchSize) {
      int to = Math.min(n, from + batchSize);
      int[][] batch = Arrays.copyOfRange(split.histories(), from, to);
      float[][] scores = scorer.score(batch); // [B, numItems]
      if (scores == null || scores.length != batch.length) {
        throw new IllegalStateException(
            "scorer returned "
                + (scores == null ? "null" : scores.length + " rows")
                + " for a batch of "
                + batch.length
                + " histories");
      }
      for (int b = 0; b < batch.length; b++) {
        float[] row = scores[b];
        if (row.length != numItems) {
          throw new IllegalStateException(
              "scorer returned " + row.length + " scores; the catalogue has " + numItems);
        }
        int target = split.targets()[from + b];
        int rank = Ranking.rank(row, target);
        ranks[from + b] = rank;
        excluded[from + b] = Ranking.rankHistoryExcluded(row, target, batch[b], rank);
      }
    }
    return new Result(
        split.part(),
        split.historyCap(),
        ranks,
        excluded,
        RankingMetrics.of(ranks, ks),
        RankingMetrics.of(excluded, ks));
  }
}
