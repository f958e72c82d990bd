package dev.hisam.eval.baseline;

import dev.hisam.eval.ItemScorer;

/**
 * The popularity baseline: every item scores its number of occurrences in the training split (all
 * users), whatever the history. Immutable.
 */
public final class Popularity implements ItemScorer {
  private final float[] counts; // [numItems]

  private Popularity(float[] counts) {
    this.counts = counts;
  }

  /** Counts the occurrences of each item in {@code train} (e.g. P1's {@code s[:-2]}). */
  public static Popularity fit(int[][] train, int numItems) {
    float[] counts = new float[numItems];
    long[] exact = new long[numItems];
    for (int[] s : train) {
      for (int item : s) {
        if (item < 0 || item >= numItems) {
          throw new IllegalArgumentException(
              "item " + item + " is not an ItemId of a catalogue of " + numItems);
        }
        exact[item]++;
      }
    }
    for (int i = 0; i < numItems; i++) {
      if (exact[i] > (1L << 24)) {
        // floats count exactly only up to 2^24; beyond, ties could appear that the counts lack
        throw new IllegalArgumentException("item " + i + " occurs more than 2^24 times");
      }
      counts[i] = exact[i];
    }
    return new Popularity(counts);
  }

  public int numItems() {
    return counts.length;
  }

  /** The training count of {@code item}. */
  public int count(int item) {
    return (int) counts[item];
  }

  @Override
  public float[][] score(int[][] histories) {
    float[][] out = new float[histories.length][]; // [B, numItems]
    for (int b = 0; b < histories.length; b++) {
      out[b] = counts.clone();
    }
    return out;
  }
}
