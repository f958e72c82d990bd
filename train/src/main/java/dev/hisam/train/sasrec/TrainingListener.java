package dev.hisam.train.sasrec;

/** Progress callbacks of a training run (for progress bars and log.jsonl); all default to no-op. */
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

  /**
   * Progress of work done once before the first epoch (e.g. a teacher's targets), reported as it
   * goes; the last call of a task has {@code done == total}.
   *
   * @param task what is being prepared, e.g. "distillation targets"
   * @param done units finished so far, in (0, total]
   * @param total units in all
   * @param unit what a unit is, e.g. "histories"
   */
  default void onPrepare(String task, long done, long total, String unit) {}
}
