package dev.hisam.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hisam.eval.ColdStart.BucketCtr;
import dev.hisam.eval.ColdStart.BucketRanking;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColdStartTest {
  @Test
  void bucketBoundaries() {
    assertEquals(FrequencyBucket.ZERO, FrequencyBucket.of(0));
    assertEquals(FrequencyBucket.ONE_TO_FOUR, FrequencyBucket.of(1));
    assertEquals(FrequencyBucket.ONE_TO_FOUR, FrequencyBucket.of(4));
    assertEquals(FrequencyBucket.FIVE_TO_NINETEEN, FrequencyBucket.of(5));
    assertEquals(FrequencyBucket.FIVE_TO_NINETEEN, FrequencyBucket.of(19));
    assertEquals(FrequencyBucket.TWENTY_OR_MORE, FrequencyBucket.of(20));
  }

  @Test
  void frequencies() {
    assertArrayEquals(
        new int[] {2, 1, 0, 1}, ColdStart.frequencies(new int[][] {{0, 1}, {0}, {3}}, 4));
    assertArrayEquals(new int[] {0, 2, 1}, ColdStart.frequencies(new int[] {1, 2, 1}, 3));
  }

  @Test
  void perBucketRanking() {
    int[] freq = {0, 3, 7, 25};
    int[] targets = {0, 1, 1, 3, 3, 3};
    int[] ranks = {0, 9, 2, 5, 1, 20};
    List<BucketRanking> b = ColdStart.ranking(ranks, targets, freq, List.of(5));
    assertEquals(FrequencyBucket.ZERO, b.get(0).bucket());
    assertEquals(1, b.get(0).metrics().users()); // rank 0 -> hit
    assertEquals(1.0, b.get(0).metrics().recall(5));
    assertEquals(2, b.get(1).metrics().users()); // ranks 9, 2 -> 1 hit of 2
    assertEquals(0.5, b.get(1).metrics().recall(5));
    assertEquals(0, b.get(2).metrics().users()); // item 2 is never a target
    assertEquals(Double.NaN, b.get(2).metrics().recall(5));
    assertEquals(3, b.get(3).metrics().users()); // ranks 5, 1, 20 -> 1 hit at rank 1
    assertEquals(1.0 / 3, b.get(3).metrics().recall(5), 1e-15);
    // 1/log2(3) / 3
    assertEquals(1 / (Math.log(3) / Math.log(2)) / 3, b.get(3).metrics().ndcg(5), 1e-15);
  }

  @Test
  void perBucketCtr() {
    int[] freq = {0, 30};
    int[] items = {0, 0, 1, 1, 1};
    float[] s = {0.9f, 0.1f, 0.2f, 0.2f, 0.8f};
    boolean[] y = {true, false, true, false, false};
    int[] users = {0, 0, 0, 1, 1};
    List<BucketCtr> b = ColdStart.ctr(s, y, users, items, freq);
    assertEquals(1.0, b.get(0).metrics().auc()); // 0.9 positive > 0.1 negative
    // bucket >=20: pos 0.2 vs negs 0.2, 0.8 -> (0.5 + 0) / 2
    assertEquals(0.25, b.get(3).metrics().auc());
    assertEquals(0, b.get(1).metrics().examples());
  }
}
