package dev.hisam.train;

import dev.hisam.model.sasrec.Parameters;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Model selection on a validation metric, higher is better, as every trainer here does it: a better
 * value snapshots the weights, a value that is not better adds the epochs since the last check to
 * the patience count, and at the end the best weights are put back.
 */
public final class EarlyStopping {
  private final int patience;
  private double bestValue;
  private int bestEpoch;
  private int sinceBest;
  private float[][] best;

  /** Nothing validated yet. */
  public EarlyStopping(int patience) {
    this(patience, Double.NEGATIVE_INFINITY, 0, 0, null);
  }

  /** The state a checkpoint saved (see {@link #bestValue()} and the other accessors). */
  public EarlyStopping(
      int patience, double bestValue, int bestEpoch, int sinceBest, float[][] best) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be positive, got " + patience);
    }
    this.patience = patience;
    this.bestValue = bestValue;
    this.bestEpoch = bestEpoch;
    this.sinceBest = sinceBest;
    this.best = best;
  }

  /**
   * Records the validation value of {@code epoch}.
   *
   * @param epochsPerCheck epochs since the previous check (what a value that is not better adds to
   *     the patience count)
   * @return true when the value is the best so far (the weights were snapshotted)
   */
  public boolean record(int epoch, double value, int epochsPerCheck, Parameters params) {
    if (value > bestValue) {
      bestValue = value;
      bestEpoch = epoch;
      best = params.snapshot();
      sinceBest = 0;
      return true;
    }
    sinceBest += epochsPerCheck;
    return false;
  }

  /** One validation: its value and whether it was the best so far. */
  public record Check(double value, boolean best) {}

  /**
   * Validates and {@link #record records} the value. With {@code average} non-null the averaged
   * weights are swapped in for the validation (so they are what is snapshotted when best) and the
   * training weights are put back afterwards, so training goes on unchanged.
   *
   * @param average the weight average, or null to validate the training weights
   */
  public Check validate(
      int epoch,
      int epochsPerCheck,
      Parameters params,
      WeightAverage average,
      DoubleSupplier validation) {
    Supplier<Check> body =
        () -> {
          double value = validation.getAsDouble();
          return new Check(value, record(epoch, value, epochsPerCheck, params));
        };
    return average == null ? body.get() : average.swappedIn(body);
  }

  /** Whether patience has run out. */
  public boolean exhausted() {
    return sinceBest >= patience;
  }

  /**
   * Puts the best weights back into {@code params}; when nothing was validated the last weights
   * stay and {@code lastEpoch} becomes the kept epoch (with a NaN value).
   */
  public void keepBest(Parameters params, int lastEpoch) {
    if (best != null) {
      params.restore(best);
    } else {
      bestEpoch = lastEpoch;
      bestValue = Double.NaN;
    }
  }

  public double bestValue() {
    return bestValue;
  }

  public int bestEpoch() {
    return bestEpoch;
  }

  public int sinceBest() {
    return sinceBest;
  }

  /** The best weights so far, or null. */
  public float[][] best() {
    return best;
  }
}
