package dev.hisam.eval;

/** P3's buckets of a target item's training frequency (DESIGN.md section 3). */
public enum FrequencyBucket {
  /** Never seen in training. */
  ZERO(0, 0),
  /** 1–4 training occurrences. */
  ONE_TO_FOUR(1, 4),
  /** 5–19 training occurrences. */
  FIVE_TO_NINETEEN(5, 19),
  /** 20 or more training occurrences. */
  TWENTY_OR_MORE(20, Integer.MAX_VALUE);

  private final int min;
  private final int max;

  FrequencyBucket(int min, int max) {
    this.min = min;
    this.max = max;
  }

  /** Smallest frequency in the bucket. */
  public int min() {
    return min;
  }

  /** Largest frequency in the bucket ({@code Integer.MAX_VALUE} for the last one). */
  public int max() {
    return max;
  }

  /** The bucket of a training frequency. */
  public static FrequencyBucket of(int frequency) {
    if (frequency < 0) {
      throw new IllegalArgumentException("frequency must be >= 0, got " + frequency);
    }
    if (frequency == 0) {
      return ZERO;
    }
    if (frequency < 5) {
      return ONE_TO_FOUR;
    }
    return frequency < 20 ? FIVE_TO_NINETEEN : TWENTY_OR_MORE;
  }
}
