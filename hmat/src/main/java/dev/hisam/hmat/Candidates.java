package dev.hisam.hmat;

import java.util.Arrays;

/**
 * One user's decoded items, best first: descending score, equal scores by ascending ItemId (the P1
 * tie rule, so that ranking these scores gives back this order).
 *
 * @param items ItemIds, distinct
 * @param scores log-probability of each item's whole semantic ID
 */
public record Candidates(int[] items, float[] scores) {
  public Candidates {
    if (items.length != scores.length) {
      throw new IllegalArgumentException("items and scores differ in length");
    }
  }

  public int size() {
    return items.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Candidates c
        && Arrays.equals(items, c.items)
        && Arrays.equals(scores, c.scores);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(items) * 31 + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    return "Candidates" + Arrays.toString(items);
  }
}
