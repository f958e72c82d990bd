package dev.hisam.data;

/**
 * Explicit feedback, one row per labelled interaction, in source order (chronological where the
 * source is). Users index {@link Dataset#userKeys()}, items are ItemIds.
 *
 * @param rating 1..5
 * @param timestamp unix seconds
 */
public record Ratings(int[] user, int[] item, byte[] rating, long[] timestamp) {
  public int size() {
    return user.length;
  }
}
