package dev.hisam.train;

import ai.djl.ndarray.NDArray;
import dev.hisam.model.sasrec.Parameters;
import java.util.List;
import java.util.function.Supplier;

/**
 * An exponential moving average of a network's weights (Polyak averaging): after every optimiser
 * step {@code average = decay * average + (1 - decay) * weights}, starting from the weights it was
 * created with. {@link #swappedIn} runs code (validation, model selection) with the averaged
 * weights in place and puts the training weights back afterwards, so training goes on unchanged.
 */
public final class WeightAverage implements AutoCloseable {
  private final Parameters params;
  private final float decay;
  private final NDArray[] average;

  /**
   * @param params the live weights (not modified)
   * @param decay in [0, 1): 0 follows the weights exactly
   */
  public WeightAverage(Parameters params, double decay) {
    if (!(decay >= 0 && decay < 1)) {
      throw new IllegalArgumentException("decay must be in [0, 1): " + decay);
    }
    this.params = params;
    this.decay = (float) decay;
    List<Parameters.Parameter> all = params.all();
    average = new NDArray[all.size()];
    for (int i = 0; i < average.length; i++) {
      NDArray w = all.get(i).array();
      average[i] = params.manager().create(w.toFloatArray(), w.getShape());
    }
  }

  /** Folds the current weights into the average (call after each optimiser step). */
  public void update() {
    List<Parameters.Parameter> all = params.all();
    for (int i = 0; i < average.length; i++) {
      try (NDArray part = all.get(i).array().mul(1f - decay)) {
        average[i].muli(decay).addi(part);
      }
    }
  }

  /** The averaged values, in the order of {@link Parameters#snapshot()}. */
  public float[][] snapshot() {
    float[][] out = new float[average.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = average[i].toFloatArray();
    }
    return out;
  }

  /** Runs {@code body} with the averaged weights in place, then restores the training weights. */
  public <T> T swappedIn(Supplier<T> body) {
    float[][] live = params.snapshot();
    params.restore(snapshot());
    try {
      return body.get();
    } finally {
      params.restore(live);
    }
  }

  @Override
  public void close() {
    for (NDArray a : average) {
      a.close();
    }
  }
}
