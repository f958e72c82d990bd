package dev.hisam.eval;

import java.util.Arrays;

/**
 * Labelled CTR examples with compact histories (P2). Example {@code i} is user {@code user[i]}
 * shown item {@code item[i]} at {@code timestamp[i]}, positive iff {@code label[i]}; its history is
 * {@code sequences[user[i]][max(0, historyEnd[i] - historyCap) .. historyEnd[i])}, a chronological
 * slice of the user's positive interactions (see {@link CtrProtocol} for which ones).
 *
 * @param sequences per user, chronological positive ItemIds the history ends index into (shared,
 *     not copied)
 * @param historyCap the most history items an example sees
 */
public record CtrExamples(
    int[] user,
    int[] item,
    boolean[] label,
    long[] timestamp,
    int[] historyEnd,
    int[][] sequences,
    int historyCap) {

  public CtrExamples {
    int n = user.length;
    if (item.length != n || label.length != n || timestamp.length != n || historyEnd.length != n) {
      throw new IllegalArgumentException("CTR example columns differ in length");
    }
    if (historyCap < 1) {
      throw new IllegalArgumentException("historyCap must be >= 1, got " + historyCap);
    }
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
        historyCap);
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
