package dev.hisam.train.sasrec;

/**
 * What one epoch did.
 *
 * @param epoch 1-based
 * @param meanLoss mean training cross-entropy over the epoch's steps, token-weighted
 * @param validation the validator's value, or NaN when this epoch was not validated
 * @param best whether this epoch's weights are the best seen so far (and kept)
 * @param seconds wall time of the training part of the epoch (validation excluded)
 * @param tokens input positions trained on in the epoch
 * @param validationSeconds wall time of the validation (0 when not validated)
 */
public record EpochSummary(
    int epoch,
    double meanLoss,
    double validation,
    boolean best,
    double seconds,
    long tokens,
    double validationSeconds) {

  /** Training throughput in input tokens per second. */
  public double tokensPerSecond() {
    return seconds > 0 ? tokens / seconds : 0;
  }
}
