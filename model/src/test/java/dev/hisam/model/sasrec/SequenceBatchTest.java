package dev.hisam.model.sasrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceBatchTest {
  static final float M = SequenceBatch.MASKED;

  @Test
  void trainingBatchIsLeftPaddedWithCausalAndPaddingMask() {
    // rows: [5 6] (T=2 after padding to the longest, 3) and [7 8 9]
    SequenceBatch b =
        SequenceBatch.training(
            new int[][] {{5, 6}, {7, 8, 9}}, new int[][] {{6, 1}, {8, 9, 2}}, 99);
    assertEquals(2, b.batch());
    assertEquals(3, b.length());
    assertArrayEquals(new long[] {99, 5, 6, 7, 8, 9}, b.tokens());
    // output rows: flattened positions 1, 2 (first sequence) and 3, 4, 5 (second)
    assertArrayEquals(new long[] {1, 2, 3, 4, 5}, b.rows());
    assertArrayEquals(new long[] {6, 1, 8, 9, 2}, b.targets());
    float[] want = {
      // sequence 0: key 0 is padding; query row i sees keys 1..i
      M,
      M,
      M, //
      M,
      0,
      M, //
      M,
      0,
      0, //
      // sequence 1: plain causal
      0,
      M,
      M, //
      0,
      0,
      M, //
      0,
      0,
      0
    };
    assertArrayEquals(want, b.attentionBias());
  }

  @Test
  void inferenceKeepsTheLastMaxLenItemsAndReadsTheLastPosition() {
    SequenceBatch b = SequenceBatch.inference(new int[][] {{1, 2, 3, 4}, {5}, {}}, 0, 3);
    assertEquals(3, b.length());
    assertArrayEquals(new long[] {2, 3, 4, 0, 0, 5, 0, 0, 0}, b.tokens());
    assertArrayEquals(new long[] {2, 5, 8}, b.rows());
    assertEquals(0, b.targets().length);
  }
}
