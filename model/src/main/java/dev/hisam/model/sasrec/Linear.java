package dev.hisam.model.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** {@code y = x W + b} with {@code W [in, out]}. */
public final class Linear {
  final NDArray weight; // [in, out]
  final NDArray bias; // [out]

  public Linear(
      Parameters params, String name, int in, int out, double std, SplittableRandom random) {
    weight = params.normal(name + ".weight", new Shape(in, out), std, random, true);
    bias = params.constant(name + ".bias", new Shape(out), 0f);
  }

  /**
   * [..., in] -> [..., out], as PyTorch's {@code linear}: one {@code addmm} with the bias fused
   * (the weight's transposed view is the [out, in] layout it expects, no copy), instead of a matMul
   * and a separate broadcast add over the whole output.
   */
  public NDArray forward(NDArray x) {
    return x.getNDArrayInternal().linear(x, weight.transpose(), bias).singletonOrThrow();
  }
}
