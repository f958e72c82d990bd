package dev.hisam.model.sasrec;

import ai.djl.ndarray.NDArray;

/** Inverted dropout; the identity at inference or when the rate is zero. */
public final class Dropout {
  private Dropout() {}

  public static NDArray apply(NDArray x, float rate, boolean training) {
    if (!training || rate == 0f) {
      return x;
    }
    return x.getNDArrayInternal().dropout(x, rate, true).singletonOrThrow();
  }
}
