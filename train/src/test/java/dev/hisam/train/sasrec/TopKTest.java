package dev.hisam.train.sasrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TopKTest {
  @Test
  void bestFirstTiesToTheSmallerId() {
    float[] s = {0.5f, 2f, 0.5f, 3f, 2f, -1f};
    // 3 (id 3), then 2 twice (ids 1, 4), then 0.5 twice (ids 0, 2)
    assertArrayEquals(new int[] {3, 1, 4, 0}, TopK.select(s, 4));
    assertArrayEquals(new int[] {3, 1, 4, 0, 2, 5}, TopK.select(s, 10));
  }

  @Test
  void agreesWithTheP1RankOnRandomScores() {
    SplittableRandom r = new SplittableRandom(9);
    float[] s = new float[500];
    for (int i = 0; i < s.length; i++) {
      s[i] = r.nextInt(50); // many ties
    }
    int[] top = TopK.select(s, 10);
    for (int k = 0; k < top.length; k++) {
      org.junit.jupiter.api.Assertions.assertEquals(k, P1Metrics.rank(s, top[k]));
    }
  }
}
