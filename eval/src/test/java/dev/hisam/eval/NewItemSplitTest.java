package dev.hisam.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.hisam.core.Seeds;
import dev.hisam.data.Ratings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NewItemSplitTest {
  @Test
  void seededTenPercent() {
    NewItemSplit a = NewItemSplit.draw(1000, 0.1, new Seeds(42));
    assertEquals(100, a.heldOut().length); // round(0.1 x 1000)
    assertArrayEquals(a.heldOut(), NewItemSplit.draw(1000, 0.1, new Seeds(42)).heldOut());
    assertFalse(Arrays.equals(a.heldOut(), NewItemSplit.draw(1000, 0.1, new Seeds(43)).heldOut()));
    assertEquals(100, Arrays.stream(a.heldOut()).distinct().count());
    assertEquals(1, NewItemSplit.draw(12, 0.1, new Seeds(1)).heldOut().length); // round(1.2)
  }

  @Test
  void handWorkedCtrFilter() {
    // CtrProtocolTest's data: u0 = [0 1 2 3] at [100 200 200 300]; train rows in time order
    // (u0, 5), (u1, 2), (u0, 4), (u0, 3) with history ends 0, 1, 1, 3
    CtrExamples train = CtrProtocol.of(CtrProtocolTest.dataset(), 2).train();
    CtrExamples f = NewItemSplit.of(6, new int[] {1}).filterTraining(train);
    assertArrayEquals(new int[] {0, 2, 3}, f.sequences()[0]);
    assertArrayEquals(new int[] {0, 1, 1, 2}, f.historyEnd()); // kept entries before each end
    assertArrayEquals(new int[] {0, 2}, f.history(3)); // was [1, 2]; 1 removed, cap 2
    CtrExamples g = NewItemSplit.of(6, new int[] {2}).filterTraining(train);
    assertArrayEquals(new int[] {5, 4, 3}, g.item()); // the example on item 2 is dropped
    assertArrayEquals(new int[] {0, 1}, g.history(2));
  }

  @Test
  void noHeldOutItemRemainsInTrainingData() {
    SplittableRandom r = new SplittableRandom(3);
    int numItems = 40;
    int users = 30;
    int[][] seq = new int[users][];
    long[][] times = new long[users][];
    List<int[]> rows = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int len = 3 + r.nextInt(20);
      seq[u] = r.ints(len, 0, numItems).toArray();
      times[u] = r.longs(len, 0, 50).sorted().toArray();
      for (int k = 0; k < 5; k++) {
        rows.add(new int[] {u, r.nextInt(numItems), 1 + r.nextInt(5), r.nextInt(60)});
      }
    }
    Ratings ratings =
        new Ratings(
            rows.stream().mapToInt(x -> x[0]).toArray(),
            rows.stream().mapToInt(x -> x[1]).toArray(),
            toBytes(rows.stream().mapToInt(x -> x[2]).toArray()),
            rows.stream().mapToLong(x -> x[3]).toArray());
    NewItemSplit split = NewItemSplit.draw(numItems, 0.1, new Seeds(9));
    assertEquals(4, split.heldOut().length);

    int[][] p1 = split.filterSequences(new NextItemProtocol(seq, numItems).train());
    for (int[] s : p1) {
      for (int item : s) {
        assertFalse(split.isHeldOut(item), "P1 training history holds held-out " + item);
      }
    }
    CtrExamples train = CtrProtocol.of(ratings, seq, times, 5).train();
    CtrExamples f = split.filterTraining(train);
    assertNotEquals(train.size(), f.size());
    for (int i = 0; i < f.size(); i++) {
      assertFalse(split.isHeldOut(f.item()[i]), "training label on a held-out item");
      for (int item : f.history(i)) {
        assertFalse(split.isHeldOut(item), "CTR training history holds held-out " + item);
      }
    }
    for (int[] s : f.sequences()) {
      for (int item : s) {
        assertFalse(split.isHeldOut(item));
      }
    }
    // reference: histories recomputed from scratch (strictly earlier positives, filtered, capped)
    int k = 0;
    for (int i = 0; i < train.size(); i++) {
      if (split.isHeldOut(train.item()[i])) {
        continue;
      }
      int u = train.user()[i];
      List<Integer> h = new ArrayList<>();
      for (int j = 0; j < seq[u].length; j++) {
        if (times[u][j] < train.timestamp()[i] && !split.isHeldOut(seq[u][j])) {
          h.add(seq[u][j]);
        }
      }
      int[] expected =
          h.subList(Math.max(0, h.size() - 5), h.size()).stream()
              .mapToInt(Integer::intValue)
              .toArray();
      // feedback: the user's kept training ratings strictly earlier (a held-out item's rating is
      // no more counted than its positive is kept in the history)
      int seen = 0;
      int liked = 0;
      for (int j = 0; j < train.size(); j++) {
        if (train.user()[j] == u
            && train.timestamp()[j] < train.timestamp()[i]
            && !split.isHeldOut(train.item()[j])) {
          seen++;
          liked += train.label()[j] ? 1 : 0;
        }
      }
      assertEquals(new UserFeedback(liked, seen), f.feedback(k), "feedback of example " + k);
      assertArrayEquals(expected, f.history(k++));
    }
  }

  private static byte[] toBytes(int[] v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }
}
