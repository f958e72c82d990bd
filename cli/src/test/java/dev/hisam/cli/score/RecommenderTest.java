package dev.hisam.cli.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The top-K selection under P1's tie rule, against hand-worked lists. */
class RecommenderTest {
  private static BitSet of(int... items) {
    BitSet b = new BitSet();
    for (int i : items) {
      b.set(i);
    }
    return b;
  }

  @Test
  void higherScoreFirstThenSmallerItemIdAndSkippedOrUnscoredItemsLeftOut() {
    float nan = Float.NaN;
    float inf = Float.NEGATIVE_INFINITY;
    //              0   1   2    3   4    5   6
    float[] s = {1f, 3f, 3f, inf, 2f, nan, 3f};
    assertArrayEquals(new int[] {1, 2, 6}, Recommender.topK(s, 3, of()));
    assertArrayEquals(new int[] {1, 2, 4, 0}, Recommender.topK(s, 4, of(6)));
    assertArrayEquals(new int[] {2, 6, 4}, Recommender.topK(s, 3, of(1)));
    // fewer scored items than k: only those
    assertArrayEquals(new int[] {1, 2, 6, 4, 0}, Recommender.topK(s, 10, of()));
    assertArrayEquals(new int[] {}, Recommender.topK(new float[] {inf, nan}, 2, of()));
  }
}
