package dev.hisam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hisam.model.sasrec.Parameters;
import org.junit.jupiter.api.Test;

class WeightAverageTest {
  /** decay 0.5 by hand: start (0, 4); weights (2, 2) -> (1, 3); weights (4, 0) -> (2.5, 1.5). */
  @Test
  void movingAverageByHand() {
    try (Parameters p = new Parameters(NDManager.newBaseManager())) {
      p.constant("w", new Shape(2), 0f);
      p.constant("b", new Shape(1), 8f);
      p.restore(new float[][] {{0, 4}, {8}});
      try (WeightAverage avg = new WeightAverage(p, 0.5)) {
        p.restore(new float[][] {{2, 2}, {0}});
        avg.update();
        assertArrayEquals(new float[] {1, 3}, avg.snapshot()[0], 0f);
        assertArrayEquals(new float[] {4}, avg.snapshot()[1], 0f);
        p.restore(new float[][] {{4, 0}, {0}});
        avg.update();
        assertArrayEquals(new float[] {2.5f, 1.5f}, avg.snapshot()[0], 0f);
        assertArrayEquals(new float[] {2}, avg.snapshot()[1], 0f);
        // the live weights are left alone by update()
        assertArrayEquals(new float[] {4, 0}, p.snapshot()[0], 0f);
      }
    }
  }

  /** swappedIn shows the average to its body and puts the training weights back, even on error. */
  @Test
  void swappedInRestoresTheTrainingWeights() {
    try (Parameters p = new Parameters(NDManager.newBaseManager())) {
      p.constant("w", new Shape(2), 0f);
      try (WeightAverage avg = new WeightAverage(p, 0.75)) {
        p.restore(new float[][] {{4, -4}});
        avg.update(); // 0.75 * 0 + 0.25 * (4, -4) = (1, -1)
        float[] inside = avg.swappedIn(() -> p.snapshot()[0]);
        assertArrayEquals(new float[] {1, -1}, inside, 0f);
        assertArrayEquals(new float[] {4, -4}, p.snapshot()[0], 0f);
        assertThrows(
            IllegalStateException.class,
            () ->
                avg.swappedIn(
                    () -> {
                      throw new IllegalStateException("validation failed");
                    }));
        assertArrayEquals(new float[] {4, -4}, p.snapshot()[0], 0f);
      }
    }
  }

  /**
   * EarlyStopping.validate with an average validates the averaged weights, snapshots them when
   * best, and leaves the training weights in place; without one it validates the training weights.
   */
  @Test
  void earlyStoppingValidatesAndKeepsTheAverage() {
    try (Parameters p = new Parameters(NDManager.newBaseManager())) {
      p.constant("w", new Shape(2), 0f);
      try (WeightAverage avg = new WeightAverage(p, 0.5)) {
        p.restore(new float[][] {{2, 6}});
        avg.update(); // (1, 3)
        EarlyStopping stopping = new EarlyStopping(2);
        // the "validation" reads the weights in place: the sum of w
        EarlyStopping.Check averaged =
            stopping.validate(1, 1, p, avg, () -> p.snapshot()[0][0] + p.snapshot()[0][1]);
        assertEquals(4.0, averaged.value(), 0.0);
        assertTrue(averaged.best());
        assertArrayEquals(new float[] {2, 6}, p.snapshot()[0], 0f);
        assertFalse(stopping.validate(2, 1, p, avg, () -> 3.0).best());
        stopping.keepBest(p, 2);
        assertArrayEquals(new float[] {1, 3}, p.snapshot()[0], 0f);
        assertEquals(1, stopping.bestEpoch());
        p.restore(new float[][] {{2, 6}});
        EarlyStopping.Check live =
            new EarlyStopping(2)
                .validate(1, 1, p, null, () -> p.snapshot()[0][0] + p.snapshot()[0][1]);
        assertEquals(8.0, live.value(), 0.0);
        assertTrue(live.best());
      }
    }
  }

  @Test
  void rejectsADecayOutsideZeroToOne() {
    try (Parameters p = new Parameters(NDManager.newBaseManager())) {
      p.constant("w", new Shape(1), 0f);
      assertThrows(IllegalArgumentException.class, () -> new WeightAverage(p, 1.0));
      assertThrows(IllegalArgumentException.class, () -> new WeightAverage(p, -0.1));
    }
  }
}
