package dev.hisam.tokenizer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResidualVqTest {
  @Test
  void nearestCodeResidualAndLossOnHandWorkedValues() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[][] level1 = {{0, 0}, {1, 0}, {0, 1}};
      float[][] level2 = {{0.5f, 0}, {0, 0.5f}};
      ResidualVq vq = new ResidualVq(m, List.of(level1, level2));
      NDArray x = m.create(new float[] {0.9f, 0.6f}, new Shape(1, 2));
      ResidualVq.Out out = vq.forward(x, null, 0.25);
      // level 1: |x-(0,0)|^2 = .81+.36 = 1.17, |x-(1,0)|^2 = .01+.36 = .37, |x-(0,1)|^2 = .81+.16 =
      // .97
      // -> code 1, residual (-0.1, 0.6)
      // level 2: |r-(.5,0)|^2 = .36+.36 = .72, |r-(0,.5)|^2 = .01+.01 = .02 -> code 1
      assertEquals(1, out.codes()[0][0]);
      assertEquals(1, out.codes()[1][0]);
      assertArrayEquals(new float[] {1f, 0.5f}, out.quantized().toFloatArray(), 1e-6f);
      // loss = (1 + beta) * (0.37 + 0.02) = 1.25 * 0.39 = 0.4875
      assertEquals(0.4875f, out.loss().getFloat(), 1e-5f);
    }
  }

  @Test
  void straightThroughGradientIsIdentity() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[][] book = {{0, 0}, {1, 0}, {0, 1}};
      ResidualVq vq = new ResidualVq(m, List.<float[][]>of(book));
      NDArray x = m.create(new float[] {0.9f, 0.6f, -0.2f, 0.7f}, new Shape(2, 2));
      x.setRequiresGradient(true);
      float[] w = {2f, -3f, 0.5f, 7f};
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray q = Tensors.straightThrough(x, vq.forward(x, null, 0.25).quantized());
        // forward value is the code vector: (1,0) for row 0, (0,1) for row 1
        assertArrayEquals(new float[] {1, 0, 0, 1}, q.toFloatArray(), 1e-6f);
        // d/dx sum(w * q) = w, i.e. dq/dx = I
        gc.backward(q.mul(m.create(w, new Shape(2, 2))).sum());
      }
      assertArrayEquals(w, x.getGradient().toFloatArray(), 1e-6f);
    }
  }
}
