package dev.hisam.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.data.Catalog;
import dev.hisam.data.Dataset;
import dev.hisam.data.Ratings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CtrProtocolTest {
  static final int[][] SEQ = {{0, 1, 2, 3}, {4, 5}};
  static final long[][] TIMES = {{100, 200, 200, 300}, {50, 400}};
  // rows:                              0    1    2    3    4
  static final Ratings RATINGS =
      new Ratings(
          new int[] {0, 1, 0, 0, 1},
          new int[] {3, 2, 4, 5, 5},
          new byte[] {5, 2, 3, 4, 5},
          new long[] {300, 200, 200, 100, 400});

  static Dataset dataset() {
    return new Dataset(
        "tiny",
        new Catalog(List.of("a", "b", "c", "d", "e", "f")),
        List.of("u0", "u1"),
        SEQ,
        TIMES,
        RATINGS,
        null,
        Map.of());
  }

  @Test
  void chronologicalSplitLabelsAndStrictlyEarlierHistories() {
    CtrProtocol p = CtrProtocol.of(dataset(), 2);
    // time order (timestamp, row): row3 (100), row1 (200), row2 (200), row0 (300), row4 (400)
    // 5 examples: floor(9 x 5 / 10) = 4 train, 1 test
    CtrExamples train = p.train();
    assertArrayEquals(new int[] {0, 1, 0, 0}, train.user());
    assertArrayEquals(new int[] {5, 2, 4, 3}, train.item());
    // ratings 4, 2, 3, 5 -> label = rating > 3
    assertArrayEquals(new boolean[] {true, false, false, true}, train.label());
    assertArrayEquals(new long[] {100, 200, 200, 300}, train.timestamp());
    // row3 u0 t100: nothing earlier -> []
    assertArrayEquals(new int[0], train.history(0));
    // row1 u1 t200: u1's positive at 50 -> [4]
    assertArrayEquals(new int[] {4}, train.history(1));
    // row2 u0 t200: only t100 is strictly earlier; the two positives at 200 are not -> [0]
    assertArrayEquals(new int[] {0}, train.history(2));
    // row0 u0 t300: 0, 1, 2 are earlier, cap 2 -> the last two [1, 2]
    assertArrayEquals(new int[] {1, 2}, train.history(3));
    assertArrayEquals(new int[] {0, 1, 1, 3}, train.historyEnd());
    CtrExamples test = p.test();
    assertEquals(1, test.size());
    // row4 u1 t400: the positive at 400 is the example itself -> [4]
    assertArrayEquals(new int[] {4}, test.history(0));
    assertTrue(test.label()[0]);
    assertArrayEquals(new int[] {0, 1, 2}, CtrProtocol.of(dataset(), 300).train().history(3));
  }

  @Test
  void feedbackCountsEarlierRatingsOfBothSplitsPositiveOrNot() {
    CtrProtocol p = CtrProtocol.of(dataset(), 2);
    // u0: t100 rating 4 (+), t200 rating 3 (-), t300 rating 5 (+); u1: t200 rating 2 (-), t400 5
    CtrExamples train = p.train();
    assertArrayEquals(new int[] {0, 0, 1, 1}, train.earlierPositives());
    assertArrayEquals(new int[] {0, 0, 1, 2}, train.earlierRatings());
    // the test example (u1, t400) counts u1's negative of the train split
    assertEquals(new UserFeedback(0, 1), p.test().feedback(0));
    // slicing keeps each example's counts
    assertEquals(new UserFeedback(1, 2), train.slice(3, 4).feedback(0));
  }

  @Test
  void earlierCountsSkipTiesAndOtherUsersInAnyRowOrder() {
    // rows in no particular order; user 7 has two rows at t=20 (one +, one -)
    int[] user = {7, 3, 7, 7, 3, 7};
    boolean[] label = {true, true, false, true, false, false};
    long[] time = {20, 5, 10, 20, 1, 30};
    int[][] e = CtrExamples.earlier(user, label, time);
    // user 7 by time: t10 (-), t20 (+), t20 (+), t30 (-); user 3: t1 (-), t5 (+)
    assertArrayEquals(new int[] {0, 0, 0, 0, 0, 2}, e[0]);
    assertArrayEquals(new int[] {1, 1, 0, 1, 0, 3}, e[1]);
    assertThrows(IllegalArgumentException.class, () -> new UserFeedback(2, 1));
    assertThrows(IllegalArgumentException.class, () -> new UserFeedback(-1, 1));
  }

  @Test
  void missingRatingsOrTimesOrUnsortedSequencesFail() {
    Dataset d = dataset();
    Dataset noRatings =
        new Dataset(d.name(), d.catalog(), d.userKeys(), SEQ, TIMES, null, null, Map.of());
    assertThrows(IllegalArgumentException.class, () -> CtrProtocol.of(noRatings, 300));
    Dataset noTimes =
        new Dataset(d.name(), d.catalog(), d.userKeys(), SEQ, null, RATINGS, null, Map.of());
    assertThrows(IllegalArgumentException.class, () -> CtrProtocol.of(noTimes, 300));
    assertThrows(
        IllegalArgumentException.class,
        () -> CtrProtocol.of(RATINGS, SEQ, new long[][] {{100, 300, 200, 400}, {50, 400}}, 300));
  }

  @Test
  void historyEndIsTheCountOfStrictlyEarlierTimes() {
    long[] t = {10, 20, 20, 30};
    assertEquals(0, CtrProtocol.historyEnd(t, 10));
    assertEquals(1, CtrProtocol.historyEnd(t, 11));
    assertEquals(1, CtrProtocol.historyEnd(t, 20));
    assertEquals(3, CtrProtocol.historyEnd(t, 21));
    assertEquals(4, CtrProtocol.historyEnd(t, 99));
    assertEquals(0, CtrProtocol.historyEnd(new long[0], 5));
  }
}
