package dev.hisam.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankingTest {
  // ids:                         0     1     2     3     4
  private static final float[] S = {0.5f, 0.9f, 0.5f, 0.1f, 0.5f};

  @Test
  void handWorkedRanksWithTies() {
    assertEquals(0, Ranking.rank(S, 1)); // nothing above 0.9
    assertEquals(1, Ranking.rank(S, 0)); // item 1 higher; no equal item with a smaller id
    assertEquals(2, Ranking.rank(S, 2)); // item 1 higher + item 0 equal and smaller
    assertEquals(3, Ranking.rank(S, 4)); // item 1 higher + items 0, 2 equal and smaller
    assertEquals(4, Ranking.rank(S, 3)); // items 0, 1, 2, 4 higher
  }

  @Test
  void negativeZeroTiesWithZero() {
    float[] s = {0.0f, -0.0f};
    assertEquals(1, Ranking.rank(s, 1)); // -0.0 == 0.0, item 0 has the smaller id
    assertEquals(0, Ranking.rank(s, 0));
  }

  @Test
  void handWorkedHistoryExcluded() {
    int[] history = {1, 1, 4}; // distinct {1, 4}: ranked last, by id
    // order: 0 (0.5), 2 (0.5), 3 (0.1) | then history 1, 4
    assertEquals(0, Ranking.rankHistoryExcluded(S, 0, history));
    assertEquals(1, Ranking.rankHistoryExcluded(S, 2, history)); // 0 ahead (equal, smaller id)
    assertEquals(2, Ranking.rankHistoryExcluded(S, 3, history));
    assertEquals(3, Ranking.rankHistoryExcluded(S, 1, history)); // 5 - 2 distinct + 0 smaller
    assertEquals(4, Ranking.rankHistoryExcluded(S, 4, history)); // 5 - 2 + 1 (item 1) smaller
  }

  @Test
  void historyIsLastEvenBelowMinusInfinity() {
    float[] s = {Float.NEGATIVE_INFINITY, 0f, Float.NEGATIVE_INFINITY};
    // item 0 in the history goes after every non-history item, including item 2 at -inf
    assertEquals(1, Ranking.rankHistoryExcluded(s, 2, new int[] {0}));
    assertEquals(2, Ranking.rankHistoryExcluded(s, 0, new int[] {0}));
  }

  @Test
  void topKFollowsTheRankingOrder() {
    assertArrayEquals(new int[] {1, 0, 2}, Ranking.topK(S, 3));
    assertArrayEquals(new int[] {1, 0, 2, 4, 3}, Ranking.topK(S, 99));
    assertArrayEquals(new int[] {0, 2, 3}, Ranking.topK(S, 10, new int[] {4, 1}));
    assertArrayEquals(new int[] {0}, Ranking.topK(S, 1, new int[] {4, 1}));
    assertArrayEquals(new int[0], Ranking.topK(S, 0));
  }

  @Test
  void rankInReturnedList() {
    assertEquals(1, Ranking.rankInList(new int[] {7, 3, 9}, 3));
    assertEquals(Ranking.MISS, Ranking.rankInList(new int[] {7, 3, 9}, 4)); // absent: a miss
  }

  @Test
  void rejectsNaNAndBadTargets() {
    float[] s = {0.1f, Float.NaN, 0.3f};
    assertThrows(IllegalArgumentException.class, () -> Ranking.rank(s, 0));
    assertThrows(IllegalArgumentException.class, () -> Ranking.rank(s, 1));
    assertThrows(IllegalArgumentException.class, () -> Ranking.topK(s, 2));
    assertThrows(IllegalArgumentException.class, () -> Ranking.rank(S, 5));
    assertThrows(
        IllegalArgumentException.class, () -> Ranking.rankHistoryExcluded(S, 0, new int[] {7}));
  }

  /** Sort key for descending score; Float.compare tells -0.0 from 0.0, the ranking does not. */
  private static float descending(float v) {
    return v == 0 ? 0f : -v;
  }

  /** Slow reference: sort all items by the documented order and find the target's position. */
  private static int referenceRank(float[] s, int target, int[] history) {
    boolean[] last = new boolean[s.length];
    for (int h : history) {
      last[h] = true;
    }
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      items.add(i);
    }
    items.sort(
        Comparator.<Integer, Boolean>comparing(i -> last[i])
            .thenComparing(i -> last[i] ? 0f : descending(s[i])) // history items all tie
            .thenComparing(i -> i));
    return items.indexOf(target);
  }

  private static List<Integer> referenceOrder(float[] s, int[] excluded) {
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      final int item = i;
      if (Arrays.stream(excluded).noneMatch(e -> e == item)) {
        items.add(i);
      }
    }
    items.sort(Comparator.<Integer, Float>comparing(i -> descending(s[i])).thenComparing(i -> i));
    return items;
  }

  @Test
  void fastRanksEqualSortBasedReferenceOnRandomArraysWithManyTies() {
    SplittableRandom r = new SplittableRandom(7);
    for (int trial = 0; trial < 400; trial++) {
      int n = 1 + r.nextInt(60);
      float[] s = new float[n];
      int levels = 1 + r.nextInt(5); // few distinct values: many ties
      for (int i = 0; i < n; i++) {
        s[i] = r.nextInt(levels) - 1.5f;
        if (r.nextInt(20) == 0) {
          s[i] = r.nextBoolean() ? Float.NEGATIVE_INFINITY : -0.0f;
        }
      }
      int[] history = r.ints(r.nextInt(6), 0, n).toArray();
      int k = r.nextInt(n + 2);
      for (int t = 0; t < n; t++) {
        assertEquals(referenceRank(s, t, new int[0]), Ranking.rank(s, t), "trial " + trial);
        assertEquals(
            referenceRank(s, t, history),
            Ranking.rankHistoryExcluded(s, t, history),
            "trial " + trial);
      }
      List<Integer> full = referenceOrder(s, new int[0]);
      assertEquals(
          full.subList(0, Math.min(k, n)), Arrays.stream(Ranking.topK(s, k)).boxed().toList());
      List<Integer> kept = referenceOrder(s, history);
      assertEquals(
          kept.subList(0, Math.min(k, kept.size())),
          Arrays.stream(Ranking.topK(s, k, history)).boxed().toList());
    }
  }
}
