package dev.hisam.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.eval.NextItemProtocol.Part;
import dev.hisam.eval.NextItemProtocol.Result;
import dev.hisam.eval.NextItemProtocol.Split;
import java.util.List;
import org.junit.jupiter.api.Test;

class NextItemProtocolTest {
  private static final int[][] SEQ = {
    {0, 1, 2, 3, 4}, // train [0,1,2]; val: hist [1,2] (H=2) -> 3; test: hist [2,3] -> 4
    {4, 4, 1}, // train [4];     val: hist [4] -> 4;         test: hist [4,4] -> 1
    {2, 0, 3, 1} // train [2,0]; val: hist [2,0] -> 3;      test: hist [0,3] -> 1
  };

  @Test
  void splitsAreLeaveOneOutWithTruncatedHistories() {
    NextItemProtocol p = new NextItemProtocol(SEQ, 5);
    assertArrayEquals(new int[][] {{0, 1, 2}, {4}, {2, 0}}, p.train());
    Split val = p.split(Part.VALIDATION, 2);
    assertArrayEquals(new int[][] {{1, 2}, {4}, {2, 0}}, val.histories());
    assertArrayEquals(new int[] {3, 4, 3}, val.targets());
    Split test = p.split(Part.TEST, 2);
    assertArrayEquals(new int[][] {{2, 3}, {4, 4}, {0, 3}}, test.histories());
    assertArrayEquals(new int[] {4, 1, 1}, test.targets());
    assertArrayEquals(new int[] {0, 1, 2, 3}, p.split(Part.TEST, 20).histories()[0]);
  }

  /** Scores item i as a fixed value, and records the batch sizes it was called with. */
  private static final float[] FIXED = {0.2f, 0.5f, 0.5f, 0.9f, 0.1f};

  @Test
  void evaluateRanksBothVariantsInAnyBatchSize() {
    NextItemProtocol p = new NextItemProtocol(SEQ, 5);
    ItemScorer scorer =
        histories -> {
          assertTrue(histories.length <= 2);
          float[][] out = new float[histories.length][];
          for (int b = 0; b < histories.length; b++) {
            out[b] = FIXED.clone();
          }
          return out;
        };
    // order by FIXED: 3 (0.9), 1 (0.5), 2 (0.5), 0 (0.2), 4 (0.1)
    // test targets 4, 1, 1 -> ranks 4, 1, 1
    // excluded, H=2: user 0 hist {2,3}: 4 is not in it; ahead of it were 3, 2 -> 4 - 2 = 2
    //   user 1 hist {4}: 1 -> 3 ahead, 4 not ahead -> 1
    //   user 2 hist {0,3}: 1 -> 3 was ahead -> 0
    Result r = p.evaluate(scorer, Part.TEST, 2, 2, List.of(1, 2));
    assertArrayEquals(new int[] {4, 1, 1}, r.ranks());
    assertArrayEquals(new int[] {2, 1, 0}, r.ranksHistoryExcluded());
    assertEquals(0.0, r.metrics().recall(1));
    assertEquals(2.0 / 3, r.metrics().recall(2), 1e-15);
    // excluded @2: ranks 1 and 0 hit: (1/log2(3) + 1) / 3
    assertEquals(
        (1 / (Math.log(3) / Math.log(2)) + 1) / 3, r.metricsHistoryExcluded().ndcg(2), 1e-15);
    Result one = p.evaluate(scorer, Part.TEST, 2, 1, List.of(1, 2));
    assertArrayEquals(r.ranks(), one.ranks());
    assertArrayEquals(r.ranksHistoryExcluded(), one.ranksHistoryExcluded());
  }

  @Test
  void targetInHistoryIsAMissWhenExcluded() {
    NextItemProtocol p = new NextItemProtocol(SEQ, 5);
    ItemScorer scorer = h -> new float[][] {FIXED, FIXED, FIXED};
    // validation user 1: hist [4] -> target 4 is in it: rank 5 - 1 + 0 = 4
    Result r = p.evaluate(scorer, Part.VALIDATION, 20, 8, List.of(1));
    assertEquals(4, r.ranksHistoryExcluded()[1]);
    assertEquals(4, r.ranks()[1]); // primary: 4 is last by score anyway
  }

  @Test
  void shortSequencesAndBadScorersFailClearly() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NextItemProtocol(new int[][] {{0, 1, 2}, {1, 2}}, 3));
    assertTrue(e.getMessage().contains("user 1 has 2 item(s)"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new NextItemProtocol(new int[][] {{0, 1, 5}}, 3));
    NextItemProtocol p = new NextItemProtocol(SEQ, 5);
    assertThrows(
        IllegalStateException.class,
        () -> p.evaluate(h -> new float[h.length][4], Part.TEST, 20, 8, List.of(5)));
    assertThrows(
        IllegalStateException.class,
        () -> p.evaluate(h -> new float[1][5], Part.TEST, 20, 8, List.of(5)));
  }
}
