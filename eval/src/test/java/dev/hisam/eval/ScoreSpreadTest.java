package dev.hisam.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoreSpreadTest {
  @Test
  void handWorkedSpreadsAndUserOffsetAuc() {
    float[] s = {1, 3, 2, 2, 5};
    boolean[] y = {true, true, false, false, true};
    int[] users = {0, 1, 0, 1, 1};
    int[] items = {7, 7, 8, 8, 9};
    ScoreSpread sp = ScoreSpread.of(s, y, users, items);
    // item 7: mean 2, deviations -1, +1; item 8: both 2; item 9 has one example and is left out
    assertEquals(Math.sqrt(2.0 / 4), sp.historySpread(), 1e-12);
    assertEquals(2, sp.spreadItems());
    // user 0: {1, 2} around 1.5 -> 0.25 + 0.25; user 1: {3, 2, 5} around 10/3 -> 42/9
    assertEquals(Math.sqrt((0.5 + 42.0 / 9) / 5), sp.userSpread(), 1e-12);
    // all: mean 2.6, squared deviations 2.56 + 0.16 + 0.36 + 0.36 + 5.76 = 9.2
    assertEquals(Math.sqrt(9.2 / 5), sp.totalSpread(), 1e-12);
    // user means 1.5 (a positive and a negative) and 10/3 (two positives, one negative):
    // positive at 1.5: ties the negative at 1.5 (0.5), loses to 10/3 (0); each positive at 10/3
    // beats 1.5 (1) and ties 10/3 (0.5): (0.5 + 1.5 + 1.5) / 6
    assertEquals(3.5 / 6, sp.userOffsetAuc(), 1e-12);
  }

  @Test
  void aScoreOfTheItemAloneHasNoHistorySpreadAndNoUserOffset() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 400;
    float[] itemScore = new float[20];
    for (int i = 0; i < itemScore.length; i++) {
      itemScore[i] = (float) r.nextGaussian();
    }
    float[] s = new float[n];
    float[] userOnly = new float[n];
    boolean[] y = new boolean[n];
    int[] users = new int[n];
    int[] items = new int[n];
    for (int k = 0; k < n; k++) {
      users[k] = k % 10;
      items[k] = r.nextInt(itemScore.length);
      s[k] = itemScore[items[k]];
      userOnly[k] = users[k] * 0.5f;
      y[k] = r.nextBoolean();
    }
    ScoreSpread itemOnly = ScoreSpread.of(s, y, users, items);
    assertEquals(0.0, itemOnly.historySpread());
    assertEquals(20, itemOnly.spreadItems());
    ScoreSpread byUser = ScoreSpread.of(userOnly, y, users, items);
    assertEquals(0.0, byUser.userSpread());
    // a score of the user alone is its own user offset
    assertEquals(ClassificationMetrics.auc(userOnly, y), byUser.userOffsetAuc(), 1e-12);
  }

  @Test
  void mismatchedLengthsAndNaNAreErrors() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ScoreSpread.of(new float[2], new boolean[2], new int[2], new int[1]));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ScoreSpread.of(
                new float[] {Float.NaN, 1}, new boolean[] {true, false}, new int[2], new int[2]));
    assertThrows(
        IllegalArgumentException.class,
        () -> ScoreSpread.of(new float[0], new boolean[0], new int[0], new int[0]));
  }
}
