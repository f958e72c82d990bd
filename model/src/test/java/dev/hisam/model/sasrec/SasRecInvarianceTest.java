package dev.hisam.model.sasrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDScope;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Metamorphic invariants of the network: causality and padding. */
class SasRecInvarianceTest {
  static final int N = 30;
  static final SasRecConfig CONFIG =
      new SasRecConfig(8, 2, 2, 16, 0.0, 10, SasRecConfig.Activation.GELU, 0.3);
  static SasRec net;

  @BeforeAll
  static void build() {
    net = new SasRec(CONFIG, N, new SplittableRandom(3));
  }

  @AfterAll
  static void close() {
    net.close();
  }

  /** Hidden states [T * D] of one sequence batched alone. */
  @SuppressWarnings("try")
  static float[] hidden(int[][] seqs, int row) {
    try (NDScope scope = new NDScope()) {
      SequenceBatch b = SequenceBatch.training(seqs, seqs, net.padToken());
      float[] all = net.hidden(b, false).toFloatArray();
      int per = b.length() * CONFIG.dim();
      float[] out = new float[per];
      System.arraycopy(all, row * per, out, 0, per);
      return out;
    }
  }

  @Test
  void changingALaterItemNeverChangesEarlierPositions() {
    int[] a = {3, 14, 15, 9, 2, 6};
    int d = CONFIG.dim();
    for (int changed = 0; changed < a.length; changed++) {
      int[] b = a.clone();
      b[changed] = (b[changed] + 7) % N;
      float[] ha = hidden(new int[][] {a}, 0);
      float[] hb = hidden(new int[][] {b}, 0);
      for (int pos = 0; pos < a.length; pos++) {
        float[] ra = java.util.Arrays.copyOfRange(ha, pos * d, (pos + 1) * d);
        float[] rb = java.util.Arrays.copyOfRange(hb, pos * d, (pos + 1) * d);
        if (pos < changed) {
          assertArrayEquals(ra, rb, 0f, "position " + pos + " saw item " + changed);
        } else {
          assertTrue(maxDiff(ra, rb) > 1e-4, "position " + pos + " ignores item " + changed);
        }
      }
    }
  }

  @Test
  void paddingNeverChangesRealPositions() {
    int[] s = {4, 8, 15, 16};
    float[] alone = hidden(new int[][] {s}, 0); // T = 4, no padding
    // batched with a longer sequence: T = 9, s gets 5 padded positions on the left
    float[] padded = hidden(new int[][] {{1, 2, 3, 4, 5, 6, 7, 8, 9}, s}, 1);
    int d = CONFIG.dim();
    float[] real = java.util.Arrays.copyOfRange(padded, 5 * d, 9 * d);
    assertEquals(alone.length, real.length);
    assertTrue(
        maxDiff(alone, real) < 1e-5, "padding changed real outputs: " + maxDiff(alone, real));
  }

  @Test
  @SuppressWarnings("try")
  void inferenceBatchScoresEqualOneByOne() {
    int[][] hs = {{1, 2, 3}, {7}, {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}};
    float[] together;
    try (NDScope scope = new NDScope()) {
      together =
          net.logits(SequenceBatch.inference(hs, net.padToken(), CONFIG.maxLen()), false)
              .toFloatArray();
    }
    for (int i = 0; i < hs.length; i++) {
      float[] one;
      try (NDScope scope = new NDScope()) {
        one =
            net.logits(
                    SequenceBatch.inference(new int[][] {hs[i]}, net.padToken(), CONFIG.maxLen()),
                    false)
                .toFloatArray();
      }
      float[] row = java.util.Arrays.copyOfRange(together, i * N, (i + 1) * N);
      assertTrue(maxDiff(one, row) < 1e-4, "row " + i);
    }
  }

  static double maxDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
