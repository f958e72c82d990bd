package dev.hisam.model.sasrec;

import ai.djl.ndarray.NDArray;

/** Inverted dropout; the identity at inference or when the rate is zero. */
final class Dropout {
  private Dropout() {}

  static NDArray apply(NDArray x, float rate, boolean training) {
    if (!training || rate == 0f) {
      return x;
    }
    return x.getNDArrayInternal().dropout(x, rate, true).singletonOrThrow();
  }
}
