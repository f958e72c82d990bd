package dev.hisam.eval;

/**
 * A next-item model as P1 sees it: scores every catalogue item for each history. Higher is better.
 * Implementations must be safe to call from one thread at a time; callers batch histories.
 */
public interface ItemScorer {
  /**
   * @param histories per user, chronological ItemIds, already truncated to the protocol's cap
   * @return scores {@code [histories.length][numItems]}
   */
  float[][] score(int[][] histories);

  /**
   * The most recent history items the model reads; a longer history scores as its last this-many
   * items, so P1 at two caps above it would measure the same thing twice. Unbounded by default.
   */
  default int historyCapacity() {
    return Integer.MAX_VALUE;
  }
}
