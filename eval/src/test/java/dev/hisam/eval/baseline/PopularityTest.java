package dev.hisam.eval.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PopularityTest {
  @Test
  void scoresAreTrainCountsForEveryHistory() {
    Popularity p = Popularity.fit(new int[][] {{0, 2, 2}, {2, 1}}, 4);
    // item 0: 1, item 1: 1, item 2: 3, item 3: 0
    float[][] s = p.score(new int[][] {{3}, {}});
    assertArrayEquals(new float[] {1, 1, 3, 0}, s[0]);
    assertArrayEquals(s[0], s[1]);
    assertEquals(3, p.count(2));
    s[0][0] = 99; // callers may not change the model
    assertEquals(1, p.count(0));
  }
}
