package dev.hisam.eval;

import dev.hisam.core.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * P3's <em>new-item</em> run (DESIGN.md section 3): a seeded fraction of the catalogue is held out
 * and removed from every training history and every training label, so those items have no training
 * interactions at all (their SIDs must come from content only). Evaluation inputs (validation/test
 * histories) are left as they are.
 *
 * <p>The held-out set is drawn from the stream {@value #STREAM} of the run's {@link Seeds}: a
 * partial Fisher–Yates shuffle of all ItemIds, the first {@code round(fraction * numItems)} taken.
 */
public final class NewItemSplit {
  /** Name of the seed stream the held-out set is drawn from. */
  public static final String STREAM = "eval.new-items";

  private final int numItems;
  private final int[] heldOut; // sorted
  private final boolean[] isHeldOut;

  private NewItemSplit(int numItems, int[] heldOut) {
    this.numItems = numItems;
    this.heldOut = heldOut;
    this.isHeldOut = new boolean[numItems];
    for (int item : heldOut) {
      isHeldOut[item] = true;
    }
  }

  /** A split holding out exactly {@code heldOut} (for tests and for replaying a recorded split). */
  public static NewItemSplit of(int numItems, int[] heldOut) {
    int[] held = Ranking.distinct(heldOut, numItems);
    return new NewItemSplit(numItems, held);
  }

  /** Holds out {@code round(fraction * numItems)} items chosen by {@code seeds}. */
  public static NewItemSplit draw(int numItems, double fraction, Seeds seeds) {
    if (numItems < 1) {
      throw new IllegalArgumentException("numItems must be >= 1, got " + numItems);
    }
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
    }
    int m = (int) Math.round(fraction * numItems);
    SplittableRandom random = seeds.stream(STREAM);
    int[] items = new int[numItems];
    for (int i = 0; i < numItems; i++) {
      items[i] = i;
    }
    for (int i = 0; i < m; i++) {
      int j = i + random.nextInt(numItems - i);
      int t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    int[] held = Arrays.copyOf(items, m);
    Arrays.sort(held);
    return new NewItemSplit(numItems, held);
  }

  public int numItems() {
    return numItems;
  }

  /** The held-out ItemIds, ascending (a fresh array). */
  public int[] heldOut() {
    return heldOut.clone();
  }

  public boolean isHeldOut(int item) {
    return isHeldOut[item];
  }

  /**
   * Training sequences without the held-out items (e.g. P1's {@code s[:-2]}); a sequence may become
   * empty. Removing an item from a sequence removes it both as history and as a next-item label.
   */
  public int[][] filterSequences(int[][] sequences) {
    int[][] out = new int[sequences.length][];
    for (int u = 0; u < sequences.length; u++) {
      out[u] = Arrays.stream(sequences[u]).filter(i -> !isHeldOut[i]).toArray();
    }
    return out;
  }

  /**
   * P2 training examples without the held-out items: examples whose item is held out are dropped,
   * and every history is re-cut from the user's sequence with the held-out items removed (the cap
   * applies after removal). The result indexes into a new, filtered copy of the sequences, and its
   * feedback counts are recounted over the kept examples (a held-out item's rating is not counted).
   */
  public CtrExamples filterTraining(CtrExamples train) {
    int[][] filtered = filterSequences(train.sequences());
    // keptBefore[u][j] = number of kept entries in sequences[u][0..j)
    int[][] keptBefore = new int[train.sequences().length][];
    for (int u = 0; u < keptBefore.length; u++) {
      int[] s = train.sequences()[u];
      int[] c = new int[s.length + 1];
      for (int j = 0; j < s.length; j++) {
        c[j + 1] = c[j] + (isHeldOut[s[j]] ? 0 : 1);
      }
      keptBefore[u] = c;
    }
    int n = 0;
    for (int i = 0; i < train.size(); i++) {
      n += isHeldOut[train.item()[i]] ? 0 : 1;
    }
    int[] user = new int[n];
    int[] item = new int[n];
    boolean[] label = new boolean[n];
    long[] timestamp = new long[n];
    int[] end = new int[n];
    int k = 0;
    for (int i = 0; i < train.size(); i++) {
      if (isHeldOut[train.item()[i]]) {
        continue;
      }
      user[k] = train.user()[i];
      item[k] = train.item()[i];
      label[k] = train.label()[i];
      timestamp[k] = train.timestamp()[i];
      end[k] = keptBefore[user[k]][train.historyEnd()[i]];
      k++;
    }
    return new CtrExamples(user, item, label, timestamp, end, filtered, train.historyCap());
  }
}
