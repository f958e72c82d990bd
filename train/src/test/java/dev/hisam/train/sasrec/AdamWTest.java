package dev.hisam.train.sasrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.hisam.model.sasrec.Parameters;
import org.junit.jupiter.api.Test;

class AdamWTest {

  /** Accumulates the gradient of sum(p * c), i.e. g = c, into p. */
  @SuppressWarnings("try")
  static void gradient(NDArray p, float[] c) {
    try (NDScope scope = new NDScope();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(p.mul(p.getManager().create(c)).sum());
    }
  }

  /**
   * lr 0.1, wd 0.5 (decayed parameter), b1 0.9, b2 0.999, eps 1e-8, p0 = [1, -2].
   *
   * <pre>
   * step 1, g = [3, -0.5]: p <- p * (1 - 0.1*0.5) = [0.95, -1.9]
   *   m = 0.1 g = [0.3, -0.05], v = 0.001 g^2 = [0.009, 0.00025]
   *   mhat = m / 0.1 = g, vhat = v / 0.001 = g^2 -> step = 0.1 * g/|g| = [0.1, -0.1]
   *   p = [0.85, -1.8]
   * step 2, g = [1, 1]: p <- 0.95 p = [0.8075, -1.71]
   *   m = 0.9 m + 0.1 g = [0.37, 0.055], v = 0.999 v + 0.001 = [0.009991, 0.00124975]
   *   mhat = m / 0.19 = [1.947368, 0.289474], vhat = v / 0.001999 = [4.998, 0.625188]
   *   step = 0.1 * mhat / sqrt(vhat) = [0.0871051, 0.0366104]
   *   p = [0.7203949, -1.7466104]
   * </pre>
   */
  @Test
  void twoStepsMatchHandWorkedValues() {
    try (Parameters params = new Parameters(NDManager.newBaseManager())) {
      NDArray p = decayed(params, new float[] {1f, -2f});
      params.attachGradients();
      try (AdamW opt = new AdamW(params, 0.1, 0.9, 0.999, 1e-8, 0.5)) {
        gradient(p, new float[] {3f, -0.5f});
        opt.step();
        assertArrayEquals(new float[] {0.85f, -1.8f}, p.toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0f, 0f}, p.getGradient().toFloatArray(), 0f, "zeroed");
        gradient(p, new float[] {1f, 1f});
        opt.step();
        assertArrayEquals(new float[] {0.7203936f, -1.7466104f}, p.toFloatArray(), 2e-6f);
        assertEquals(2, opt.steps());
      }
    }
  }

  /** Parameters not marked for decay are not shrunk: step 1 only moves by lr * sign(g). */
  @Test
  void noDecayOnUndecayedParameters() {
    try (Parameters params = new Parameters(NDManager.newBaseManager())) {
      NDArray p = params.manager().create(new float[] {1f, -2f});
      params.add("bias", p, false);
      params.attachGradients();
      try (AdamW opt = new AdamW(params, 0.1, 0.9, 0.999, 1e-8, 0.5)) {
        gradient(p, new float[] {3f, -0.5f});
        opt.step();
        // 1 - 0.1 = 0.9; -2 + 0.1 = -1.9
        assertArrayEquals(new float[] {0.9f, -1.9f}, p.toFloatArray(), 1e-6f);
      }
    }
  }

  static NDArray decayed(Parameters params, float[] values) {
    NDArray p = params.manager().create(values, new Shape(values.length));
    params.add("weight", p, true);
    return p;
  }
}
