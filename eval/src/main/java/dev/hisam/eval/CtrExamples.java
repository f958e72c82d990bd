package dev.hisam.eval;

import java.util.Arrays;

/**
 * Labelled CTR examples with compact histories (P2). Example {@code i} is user {@code user[i]}
 * shown item {@code item[i]} at {@code timestamp[i]}, positive iff {@code label[i]}; its history is
 * {@code sequences[user[i]][max(0, historyEnd[i] - historyCap) .. historyEnd[i])}, a chronological
 * slice of the user's positive interactions (see {@link CtrProtocol} for which ones). Its {@link
 * #feedback} counts the user's labelled interactions strictly earlier than it (positive or not).
 *
 * @param sequences per user, chronological positive ItemIds the history ends index into (shared,
 *     not copied)
 * @param historyCap the most history items an example sees
 * @param earlierPositives per example, the user's positive labelled interactions with an earlier
 *     timestamp
 * @param earlierRatings per example, all of the user's labelled interactions with an earlier
 *     timestamp
 */
public record CtrExamples(
    int[] user,
    int[] item,
    boolean[] label,
    long[] timestamp,
    int[] historyEnd,
    int[][] sequences,
    int historyCap,
    int[] earlierPositives,
    int[] earlierRatings) {

  public CtrExamples {
    int n = user.length;
    if (item.length != n
        || label.length != n
        || timestamp.length != n
        || historyEnd.length != n
        || earlierPositives.length != n
        || earlierRatings.length != n) {
      throw new IllegalArgumentException("CTR example columns differ in length");
    }
    if (historyCap < 1) {
      throw new IllegalArgumentException("historyCap must be >= 1, got " + historyCap);
    }
    for (int i = 0; i < n; i++) {
      if (earlierPositives[i] < 0 || earlierRatings[i] < earlierPositives[i]) {
        throw new IllegalArgumentException(
            "example " + i + ": " + earlierPositives[i] + " of " + earlierRatings[i] + " positive");
      }
    }
  }

  /**
   * Examples whose feedback counts come from these examples alone: example {@code i}'s are the
   * examples of the same user with a strictly earlier timestamp (what a training set knows).
   */
  public CtrExamples(
      int[] user,
      int[] item,
      boolean[] label,
      long[] timestamp,
      int[] historyEnd,
      int[][] sequences,
      int historyCap) {
    this(
        user,
        item,
        label,
        timestamp,
        historyEnd,
        sequences,
        historyCap,
        earlier(user, label, timestamp));
  }

  private CtrExamples(
      int[] user,
      int[] item,
      boolean[] label,
      long[] timestamp,
      int[] historyEnd,
      int[][] sequences,
      int historyCap,
      int[][] earlier) {
    this(user, item, label, timestamp, historyEnd, sequences, historyCap, earlier[0], earlier[1]);
  }

  /**
   * For each row, the number of positive rows and of all rows of the same user with a strictly
   * earlier timestamp (ties do not count, as for histories).
   *
   * @return {positives, ratings}, each one value per row
   */
  public static int[][] earlier(int[] user, boolean[] label, long[] timestamp) {
    int n = user.length;
    if (label.length != n || timestamp.length != n) {
      throw new IllegalArgumentException("CTR example columns differ in length");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order,
        (a, b) ->
            user[a] != user[b]
                ? Integer.compare(user[a], user[b])
                : Long.compare(timestamp[a], timestamp[b]));
    int[] positives = new int[n];
    int[] ratings = new int[n];
    int from = 0;
    while (from < n) {
      int u = user[order[from]];
      int seen = 0;
      int liked = 0;
      int i = from;
      while (i < n && user[order[i]] == u) {
        int j = i; // rows [i, j) share one timestamp: each sees only what came before the group
        long t = timestamp[order[i]];
        while (j < n && user[order[j]] == u && timestamp[order[j]] == t) {
          positives[order[j]] = liked;
          ratings[order[j]] = seen;
          j++;
        }
        for (int k = i; k < j; k++) {
          seen++;
          liked += label[order[k]] ? 1 : 0;
        }
        i = j;
      }
      from = i;
    }
    return new int[][] {positives, ratings};
  }

  /** The feedback counts of example {@code i}. */
  public UserFeedback feedback(int i) {
    return new UserFeedback(earlierPositives[i], earlierRatings[i]);
  }

  public int size() {
    return user.length;
  }

  /** Index of the first history item of example {@code i} in its user's sequence. */
  public int historyStart(int i) {
    return Math.max(0, historyEnd[i] - historyCap);
  }

  /** The history of example {@code i} (a fresh array, chronological, at most historyCap items). */
  public int[] history(int i) {
    return Arrays.copyOfRange(sequences[user[i]], historyStart(i), historyEnd[i]);
  }

  /** Examples {@code [from, to)} (the histories still index the same sequences). */
  public CtrExamples slice(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IllegalArgumentException("slice [" + from + ", " + to + ") of " + size());
    }
    return new CtrExamples(
        Arrays.copyOfRange(user, from, to),
        Arrays.copyOfRange(item, from, to),
        Arrays.copyOfRange(label, from, to),
        Arrays.copyOfRange(timestamp, from, to),
        Arrays.copyOfRange(historyEnd, from, to),
        sequences,
        historyCap,
        Arrays.copyOfRange(earlierPositives, from, to),
        Arrays.copyOfRange(earlierRatings, from, to));
  }

  /** Number of positive examples. */
  public int positives() {
    int p = 0;
    for (boolean l : label) {
      p += l ? 1 : 0;
    }
    return p;
  }
}
