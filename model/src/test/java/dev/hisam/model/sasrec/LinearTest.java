package dev.hisam.model.sasrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinearTest {

  /**
   * Outputs and the gradients of input, weight and bias equal a loop reference of {@code y = x W +
   * b}, for 2-D, contiguous 3-D (PyTorch's flattened addmm path), non-contiguous 3-D and 4-D input.
   */
  @ParameterizedTest
  @ValueSource(strings = {"2d", "3d", "3d-transposed", "4d"})
  void equalsTheLoopReferenceWithGradients(String layout) {
    int in = 5;
    int out = 3;
    try (NDManager m = NDManager.newBaseManager();
        Parameters params = new Parameters(m)) {
      Linear linear = new Linear(params, "l", in, out, 0.5, new SplittableRandom(7));
      params.get("l.bias").set(new float[] {0.25f, -1f, 2f});
      SplittableRandom random = new SplittableRandom(3);
      Shape shape =
          switch (layout) {
            case "2d" -> new Shape(4, in);
            case "3d" -> new Shape(2, 3, in);
            case "3d-transposed" -> new Shape(3, 2, in); // transposed to [2, 3, in] below
            default -> new Shape(2, 2, 2, in);
          };
      float[] values = new float[(int) shape.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) random.nextGaussian();
      }
      NDArray x = m.create(values, shape);
      x.setRequiresGradient(true);
      float[] w = params.get("l.weight").toFloatArray(); // [in, out]
      float[] b = params.get("l.bias").toFloatArray();
      params.attachGradients();
      float[] y;
      float[] xs;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray input = layout.equals("3d-transposed") ? x.transpose(1, 0, 2) : x;
        xs = input.toFloatArray(); // row-major values as the layer sees them
        NDArray result = linear.forward(input);
        assertEquals(
            input.getShape().slice(0, input.getShape().dimension() - 1).add(out),
            result.getShape());
        y = result.toFloatArray();
        // loss = sum(y * c) with c = 1, 2, 3, ... so every output has its own gradient
        float[] c = new float[y.length];
        for (int i = 0; i < c.length; i++) {
          c[i] = i + 1;
        }
        gc.backward(result.mul(m.create(c, result.getShape())).sum());
      }
      int rows = xs.length / in;
      float[] gradX = new float[xs.length];
      float[] gradW = new float[in * out];
      float[] gradB = new float[out];
      for (int r = 0; r < rows; r++) {
        for (int o = 0; o < out; o++) {
          double sum = b[o];
          for (int i = 0; i < in; i++) {
            sum += xs[r * in + i] * w[i * out + o];
          }
          assertEquals(sum, y[r * out + o], 1e-5, layout + " y[" + r + "," + o + "]");
          float c = r * out + o + 1;
          gradB[o] += c;
          for (int i = 0; i < in; i++) {
            gradX[r * in + i] += c * w[i * out + o];
            gradW[i * out + o] += c * xs[r * in + i];
          }
        }
      }
      NDArray gx = x.getGradient();
      if (layout.equals("3d-transposed")) {
        gx = gx.transpose(1, 0, 2); // into the layout the layer saw
      }
      assertArrayEquals(gradX, gx.toFloatArray(), 1e-4f, layout + " dL/dx");
      assertArrayEquals(gradW, params.get("l.weight").getGradient().toFloatArray(), 1e-3f);
      assertArrayEquals(gradB, params.get("l.bias").getGradient().toFloatArray(), 1e-4f);
    }
  }
}
