package dev.hisam.eval;

/**
 * What a user told us before the interaction being scored: how many labelled interactions (ratings)
 * the user gave strictly earlier, and how many of them were positive. The history holds only the
 * positives (P2); these counts add the negatives, i.e. the user's propensity to like what they are
 * shown, the per-user offset a global AUC rewards and the history alone cannot show.
 *
 * @param positives earlier labelled interactions that were positive
 * @param ratings all earlier labelled interactions, positive or not
 */
public record UserFeedback(int positives, int ratings) {
  /** A user with no earlier labelled interaction. */
  public static final UserFeedback NONE = new UserFeedback(0, 0);

  /** Number of values {@link #features} gives. */
  public static final int FEATURES = 2;

  public UserFeedback {
    if (positives < 0 || ratings < positives) {
      throw new IllegalArgumentException(
          "feedback needs 0 <= positives <= ratings, got positives "
              + positives
              + ", ratings "
              + ratings);
    }
  }

  /**
   * What a model reads of the feedback: the smoothed log-odds of a positive, {@code ln((positives +
   * 1) / (negatives + 1))}, and the amount of feedback, {@code ln(1 + ratings)}; both 0 for a user
   * with none. Every CTR model that reads feedback reads these two values.
   */
  public double[] features() {
    int negatives = ratings - positives;
    return new double[] {Math.log((positives + 1.0) / (negatives + 1.0)), Math.log1p(ratings)};
  }
}
