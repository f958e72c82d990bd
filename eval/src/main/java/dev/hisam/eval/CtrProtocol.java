package dev.hisam.eval;

import dev.hisam.data.Dataset;
import dev.hisam.data.Ratings;
import java.util.Arrays;

/**
 * P2 CTR ranking (DESIGN.md section 3, the paper's offline task) on a dataset with explicit
 * ratings.
 *
 * <ul>
 *   <li>The labelled interactions are the rows of {@link Dataset#ratings()}; label = rating {@code
 *       > 3}.
 *   <li>They are ordered chronologically by (timestamp, row order) — a stable sort on the timestamp
 *       — and split by that order: the first {@code floor(9n/10)} are train, the rest test.
 *   <li>History of an example = the user's positive interactions ({@link Dataset#sequences()} with
 *       {@link Dataset#sequenceTimes()}) whose timestamp is <b>strictly earlier</b> than the
 *       example's timestamp, the last {@code historyCap} of them at most. Tie rule: a positive with
 *       the <em>same</em> timestamp (second resolution, frequent in movielens) is not history, even
 *       when it comes earlier in file order; in particular the scored interaction itself, when it
 *       is a positive present in the sequences, never leaks into its own history.
 *   <li>Feedback of an example ({@link CtrExamples#feedback}) = the user's labelled interactions,
 *       positive or not, of either split with a strictly earlier timestamp (the same tie rule): a
 *       test example counts the user's train-split ratings and the earlier ones of the test split,
 *       as its history holds the earlier positives of both.
 * </ul>
 *
 * <p>The user's sequence must be sorted by time (non-decreasing {@code sequenceTimes}), so the
 * history is a slice ending at the first entry with time {@code >= timestamp}, found by binary
 * search.
 */
public final class CtrProtocol {
  /** Fraction of labelled interactions (by time order) used for training. */
  public static final double TRAIN_FRACTION = 0.9;

  private final CtrExamples train;
  private final CtrExamples test;

  private CtrProtocol(CtrExamples train, CtrExamples test) {
    this.train = train;
    this.test = test;
  }

  /** Builds the chronological 90/10 split of {@code dataset}'s ratings. */
  public static CtrProtocol of(Dataset dataset, int historyCap) {
    if (dataset.ratings() == null) {
      throw new IllegalArgumentException(
          "dataset '" + dataset.name() + "' has no explicit ratings; P2 needs them");
    }
    if (dataset.sequenceTimes() == null) {
      throw new IllegalArgumentException(
          "dataset '" + dataset.name() + "' has no interaction times; P2 histories need them");
    }
    return of(dataset.ratings(), dataset.sequences(), dataset.sequenceTimes(), historyCap);
  }

  /**
   * Builds the split from the parts of a dataset.
   *
   * @param ratings labelled interactions, users index {@code sequences}
   * @param sequences per user, positive ItemIds sorted by time
   * @param sequenceTimes per user, the (non-decreasing) time of each sequence entry
   */
  public static CtrProtocol of(
      Ratings ratings, int[][] sequences, long[][] sequenceTimes, int historyCap) {
    if (historyCap < 1) {
      throw new IllegalArgumentException("historyCap must be >= 1, got " + historyCap);
    }
    checkSequences(sequences, sequenceTimes);
    int n = ratings.size();
    // stable chronological order: sort (timestamp, row) pairs
    Integer[] rows = new Integer[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    long[] ts = ratings.timestamp();
    Arrays.sort(rows, (a, b) -> ts[a] != ts[b] ? Long.compare(ts[a], ts[b]) : a - b);
    int trainSize = (int) (9L * n / 10);
    int[] users = new int[n];
    boolean[] labels = new boolean[n];
    long[] times = new long[n];
    for (int i = 0; i < n; i++) {
      users[i] = ratings.user()[rows[i]];
      labels[i] = ratings.rating()[rows[i]] > 3;
      times[i] = ts[rows[i]];
    }
    int[][] earlier = CtrExamples.earlier(users, labels, times); // by chronological position
    return new CtrProtocol(
        examples(ratings, rows, 0, trainSize, sequences, sequenceTimes, historyCap, earlier),
        examples(ratings, rows, trainSize, n, sequences, sequenceTimes, historyCap, earlier));
  }

  public CtrExamples train() {
    return train;
  }

  public CtrExamples test() {
    return test;
  }

  /**
   * Number of entries of {@code times} strictly earlier than {@code t} (times sorted ascending):
   * the end of the history slice.
   */
  public static int historyEnd(long[] times, long t) {
    int lo = 0;
    int hi = times.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static CtrExamples examples(
      Ratings r,
      Integer[] rows,
      int from,
      int to,
      int[][] sequences,
      long[][] times,
      int historyCap,
      int[][] earlier) {
    int m = to - from;
    int[] user = new int[m];
    int[] item = new int[m];
    boolean[] label = new boolean[m];
    long[] timestamp = new long[m];
    int[] end = new int[m];
    for (int i = 0; i < m; i++) {
      int row = rows[from + i];
      int u = r.user()[row];
      if (u < 0 || u >= sequences.length) {
        throw new IllegalArgumentException(
            "rating row "
                + row
                + " has user "
                + u
                + ", outside the "
                + sequences.length
                + " users");
      }
      byte rating = r.rating()[row];
      if (rating < 1 || rating > 5) {
        throw new IllegalArgumentException(
            "rating row " + row + " has rating " + rating + "; ratings are 1..5");
      }
      user[i] = u;
      item[i] = r.item()[row];
      label[i] = rating > 3;
      timestamp[i] = r.timestamp()[row];
      end[i] = historyEnd(times[u], timestamp[i]);
    }
    return new CtrExamples(
        user,
        item,
        label,
        timestamp,
        end,
        sequences,
        historyCap,
        Arrays.copyOfRange(earlier[0], from, to),
        Arrays.copyOfRange(earlier[1], from, to));
  }

  private static void checkSequences(int[][] sequences, long[][] times) {
    if (times.length != sequences.length) {
      throw new IllegalArgumentException(
          times.length + " time rows for " + sequences.length + " sequences");
    }
    for (int u = 0; u < sequences.length; u++) {
      if (times[u].length != sequences[u].length) {
        throw new IllegalArgumentException(
            "user " + u + ": " + times[u].length + " times for " + sequences[u].length + " items");
      }
      for (int j = 1; j < times[u].length; j++) {
        if (times[u][j] < times[u][j - 1]) {
          throw new IllegalArgumentException(
              "user " + u + ": sequence is not sorted by time at position " + j);
        }
      }
    }
  }
}
