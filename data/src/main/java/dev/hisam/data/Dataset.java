package dev.hisam.data;

import java.util.List;
import java.util.Map;

/**
 * One dataset, normalised.
 *
 * @param name e.g. "beauty"
 * @param catalog all items (ItemId = index)
 * @param userKeys source user ids; user index = position
 * @param sequences per user, chronological ItemIds (positive interactions; k-core filtered). Empty
 *     only for a user who has ratings but whose positives the k-core filter removed (movielens)
 * @param sequenceTimes per user, unix seconds of each sequence entry, or null when the source has
 *     only order
 * @param ratings explicit labelled interactions (movielens val/test periods), or null
 * @param content item text / attributes / images
 * @param inputHashes source file name (relative to the data root) to SHA-256
 * @param summary what ingestion removed (duplicates, k-core)
 */
public record Dataset(
    String name,
    Catalog catalog,
    List<String> userKeys,
    int[][] sequences,
    long[][] sequenceTimes,
    Ratings ratings,
    ItemContent content,
    Map<String, String> inputHashes,
    IngestSummary summary) {

  /** A dataset without an ingestion summary (built in memory). */
  public Dataset(
      String name,
      Catalog catalog,
      List<String> userKeys,
      int[][] sequences,
      long[][] sequenceTimes,
      Ratings ratings,
      ItemContent content,
      Map<String, String> inputHashes) {
    this(
        name,
        catalog,
        userKeys,
        sequences,
        sequenceTimes,
        ratings,
        content,
        inputHashes,
        IngestSummary.none());
  }

  public Dataset {
    if (sequences.length != userKeys.size()) {
      throw new IllegalArgumentException(
          sequences.length + " sequences for " + userKeys.size() + " users");
    }
    if (sequenceTimes != null && sequenceTimes.length != sequences.length) {
      throw new IllegalArgumentException("sequenceTimes must have one row per user");
    }
    if (summary == null) {
      summary = IngestSummary.none();
    }
  }

  /** Number of users. */
  public int numUsers() {
    return userKeys.size();
  }

  /** Number of sequence entries over all users. */
  public long numInteractions() {
    long n = 0;
    for (int[] s : sequences) {
      n += s.length;
    }
    return n;
  }
}
