package dev.hisam.encode.image;

import java.util.Arrays;

/**
 * A dequantized weight in its Keras layout (row-major).
 *
 * @param shape e.g. {@code [kh, kw, in, out]} for a Conv2D kernel
 * @param data {@code product(shape)} values
 */
public record WeightTensor(int[] shape, float[] data) {
  public WeightTensor {
    long n = 1;
    for (int s : shape) {
      n *= s;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
    }
  }
}
