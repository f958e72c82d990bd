package dev.hisam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hisam.model.sasrec.Parameters;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
  /** A hand-worked run: best at epoch 2, patience 2 with a check every epoch. */
  @Test
  void keepsTheBestWeightsAndStopsAfterPatience() {
    try (Parameters p = new Parameters(NDManager.newBaseManager())) {
      p.constant("w", new Shape(2), 0f);
      EarlyStopping s = new EarlyStopping(2);
      p.restore(new float[][] {{1, 1}});
      assertTrue(s.record(1, 0.10, 1, p));
      p.restore(new float[][] {{2, 2}});
      assertTrue(s.record(2, 0.30, 1, p));
      p.restore(new float[][] {{3, 3}});
      assertFalse(s.record(3, 0.30, 1, p)); // equal is not better
      assertFalse(s.exhausted());
      p.restore(new float[][] {{4, 4}});
      assertFalse(s.record(4, 0.20, 1, p));
      assertTrue(s.exhausted());
      s.keepBest(p, 4);
      assertArrayEquals(new float[] {2, 2}, p.snapshot()[0]);
      assertEquals(2, s.bestEpoch());
      assertEquals(0.30, s.bestValue());
    }
  }

  @Test
  void neverValidatedKeepsTheLastWeights() {
    try (Parameters p = new Parameters(NDManager.newBaseManager())) {
      p.constant("w", new Shape(1), 5f);
      EarlyStopping s = new EarlyStopping(3);
      s.keepBest(p, 7);
      assertArrayEquals(new float[] {5}, p.snapshot()[0]);
      assertEquals(7, s.bestEpoch());
      assertTrue(Double.isNaN(s.bestValue()));
    }
  }

  /** Checks every 2 epochs count 2 towards patience. */
  @Test
  void sparseChecksCountTheirEpochs() {
    try (Parameters p = new Parameters(NDManager.newBaseManager())) {
      p.constant("w", new Shape(1), 0f);
      EarlyStopping s = new EarlyStopping(4);
      s.record(2, 0.5, 2, p);
      s.record(4, 0.4, 2, p);
      assertFalse(s.exhausted());
      s.record(6, 0.4, 2, p);
      assertTrue(s.exhausted());
    }
  }
}
