package dev.hisam.hmat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Rotary position embedding over a head of width {@code dh}, split into two disjoint parts: the
 * first {@code first} dimensions are rotated by position {@code a}, the remaining ones by position
 * {@code b}. Hierarchical RoPE uses a = item index, b = within-item index; 1-D RoPE uses {@code
 * first = dh} and a = token index. Within a part, dimension {@code i} pairs with {@code i + half}
 * (the GPT-NeoX layout) at frequency {@code base^(-2i / part)}, so {@code rot(q, a1, b1) . rot(k,
 * a2, b2)} depends on the positions only through {@code a1 - a2} and {@code b1 - b2}.
 */
final class Rope {
  private final int dh;
  private final int first;
  private final double base;

  Rope(int dh, int first, double base) {
    if (first % 2 != 0 || (dh - first) % 2 != 0 || first <= 0 || first > dh) {
      throw new IllegalArgumentException("bad rotary split " + first + " of " + dh);
    }
    this.dh = dh;
    this.first = first;
    this.base = base;
  }

  static Rope of(HmatConfig c) {
    return new Rope(c.headDim(), c.itemRotaryDims(), c.ropeBase());
  }

  int headDim() {
    return dh;
  }

  /**
   * Cosines and sines per token and dimension.
   *
   * @return {@code {cos, sin}}, each [T * dh] row-major
   */
  float[][] table(int[] a, int[] b) {
    int t = a.length;
    float[] cos = new float[t * dh];
    float[] sin = new float[t * dh];
    for (int i = 0; i < t; i++) {
      fill(cos, sin, i * dh, 0, first, a[i]);
      fill(cos, sin, i * dh, first, dh - first, b[i]);
    }
    return new float[][] {cos, sin};
  }

  private void fill(float[] cos, float[] sin, int row, int from, int width, int position) {
    int half = width / 2;
    for (int j = 0; j < half; j++) {
      double angle = position * Math.pow(base, -2.0 * j / width);
      float c = (float) Math.cos(angle);
      float s = (float) Math.sin(angle);
      cos[row + from + j] = c;
      cos[row + from + j + half] = c;
      sin[row + from + j] = s;
      sin[row + from + j + half] = s;
    }
  }

  /**
   * Rotates the last axis of {@code x}: {@code x * cos + rot(x) * sin} where {@code rot} maps each
   * pair {@code (x1, x2)} to {@code (-x2, x1)}.
   *
   * @param x [..., T, dh]
   * @param cos [T, dh] (broadcast over the leading axes)
   * @param sin [T, dh]
   * @return [..., T, dh]
   */
  NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
    int axis = x.getShape().dimension() - 1;
    NDList parts;
    NDList rotated;
    if (first == dh) {
      parts = x.split(new long[] {dh / 2}, axis);
      rotated = new NDList(parts.get(1).neg(), parts.get(0));
    } else {
      int second = dh - first;
      parts = x.split(new long[] {first / 2, first, first + second / 2}, axis);
      rotated = new NDList(parts.get(1).neg(), parts.get(0), parts.get(3).neg(), parts.get(2));
    }
    return x.mul(cos).add(NDArrays.concat(rotated, axis).mul(sin));
  }
}
