package dev.hisam.model.sasrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DropoutTest {

  /**
   * Over 300,000 elements of value 3 the dropped share is the rate within five binomial standard
   * deviations, every kept value is exactly {@code 3 / (1 - rate)} (so the mean is preserved), and
   * the same seed draws the same mask, another seed another one.
   */
  @ParameterizedTest
  @ValueSource(floats = {0.1f, 0.25f, 0.5f})
  void dropsTheRateAndScalesTheRest(float rate) {
    int n = 300_000;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.full(new Shape(3, 100, 1000), 3f);
      Dropout.seed(11);
      float[] a = Dropout.apply(x, rate, true).toFloatArray();
      Dropout.seed(11);
      float[] again = Dropout.apply(x, rate, true).toFloatArray();
      Dropout.seed(12);
      float[] other = Dropout.apply(x, rate, true).toFloatArray();
      int dropped = 0;
      for (float v : a) {
        if (v == 0f) {
          dropped++;
        } else {
          assertEquals(3f / (1f - rate), v, 1e-4f);
        }
      }
      double sd = Math.sqrt(n * rate * (1 - rate));
      assertEquals(n * rate, dropped, 5 * sd, "dropped " + dropped + " of " + n);
      assertArrayEquals(a, again);
      assertFalse(Arrays.equals(a, other));
    }
  }

  /** Consecutive draws differ (the generator moves on) and odd sizes work. */
  @Test
  void consecutiveMasksDiffer() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.ones(new Shape(7, 13));
      Dropout.seed(3);
      float[] first = Dropout.apply(x, 0.5f, true).toFloatArray();
      float[] second = Dropout.apply(x, 0.5f, true).toFloatArray();
      assertEquals(91, first.length);
      assertFalse(Arrays.equals(first, second));
    }
  }

  /** At inference, or at rate 0, the input itself comes back. */
  @Test
  void identityWhenNotTraining() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.ones(new Shape(4, 5));
      assertSame(x, Dropout.apply(x, 0.3f, false));
      assertSame(x, Dropout.apply(x, 0f, true));
    }
  }

  /**
   * The gradient of sum(dropout(x)) is the mask scaled by 1 / (1 - rate): 0 where dropped, also
   * when the garbage collector runs between the forward and the backward pass.
   */
  @Test
  void gradientIsTheScaledMask() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(50, 40));
      x.setRequiresGradient(true);
      Dropout.seed(5);
      float[] y;
      try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
        NDArray out = Dropout.apply(x, 0.2f, true);
        y = out.toFloatArray();
        for (int i = 0; i < 3; i++) {
          System.gc(); // memory the backward pass still reads must not be the collector's
          byte[][] churn = new byte[64][1 << 16];
          assertEquals(64, churn.length);
        }
        g.backward(out.sum());
      }
      float[] grad = x.getGradient().toFloatArray();
      float[] in = x.toFloatArray();
      boolean someDropped = false;
      for (int i = 0; i < y.length; i++) {
        boolean kept = y[i] != 0f;
        someDropped |= !kept;
        assertEquals(kept ? 1f / 0.8f : 0f, grad[i], 1e-5f, "element " + i);
        if (kept) {
          assertEquals(in[i] / 0.8f, y[i], 1e-5f);
        }
      }
      assertTrue(someDropped);
    }
  }
}
