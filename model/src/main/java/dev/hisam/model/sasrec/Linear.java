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

  /** [..., in] -> [..., out] */
  public NDArray forward(NDArray x) {
    return x.matMul(weight).add(bias);
  }
}
