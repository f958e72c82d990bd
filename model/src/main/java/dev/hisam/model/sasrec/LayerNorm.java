package dev.hisam.model.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Layer normalisation over the last axis with a learned scale and shift. */
public final class LayerNorm {
  static final float EPS = 1e-5f;

  final NDArray gamma; // [D]
  final NDArray beta; // [D]
  private final Shape normalized;

  public LayerNorm(Parameters params, String name, int dim) {
    gamma = params.constant(name + ".gamma", new Shape(dim), 1f);
    beta = params.constant(name + ".beta", new Shape(dim), 0f);
    normalized = new Shape(dim);
  }

  /** [..., D] -> [..., D] */
  public NDArray forward(NDArray x) {
    return x.getNDArrayInternal().layerNorm(x, normalized, gamma, beta, EPS).singletonOrThrow();
  }
}
