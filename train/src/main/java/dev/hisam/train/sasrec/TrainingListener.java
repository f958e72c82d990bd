package dev.hisam.train.sasrec;

/**
 * Progress callbacks of a training run (for progress bars and log.jsonl); both default to no-op.
 */
public interface TrainingListener {
  /** A no-op listener. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * After each optimisation step.
   *
   * @param epoch 1-based
   * @param step 1-based within the epoch
   * @param tokens input positions in this step
   */
  default void onStep(int epoch, int step, int stepsPerEpoch, double loss, long tokens) {}

  /** After each epoch (and its validation, if any). */
  default void onEpoch(EpochSummary summary) {}
}
