package dev.hisam.eval;

import java.util.Arrays;

/**
 * Ranks of targets in a score array over the whole catalogue (DESIGN.md section 3, P1).
 *
 * <p>The order is total and deterministic: item {@code a} comes before item {@code b} iff {@code
 * score[a] > score[b]}, or the scores are equal and {@code a < b} (smaller ItemId first). The
 * 0-based rank of a target is therefore the number of items scoring strictly higher plus the number
 * scoring equal with a smaller ItemId. Scores compare as IEEE numbers ({@code -0.0 == 0.0}); a NaN
 * score anywhere in the array is rejected, since it has no place in the order.
 *
 * <p>The <em>history-excluded</em> variant ranks every distinct item of the user's history last:
 * after every item that is not in the history (even one scoring {@code -Infinity}), and among
 * themselves by ItemId. A target that is in the history therefore gets a rank of at least {@code
 * numItems - |distinct history|}, a miss for any cut-off below that.
 */
public final class Ranking {
  /** The rank of a target that a model did not return at all (e.g. absent from a beam). */
  public static final int MISS = Integer.MAX_VALUE;

  private Ranking() {}

  /** 0-based rank of {@code target} in {@code scores}; one pass over the array. */
  public static int rank(float[] scores, int target) {
    checkTarget(scores, target);
    float t = scores[target];
    if (Float.isNaN(t)) {
      throw nan(target);
    }
    int rank = 0;
    int nans = 0;
    // items with a smaller ItemId come first when they score higher or equal
    for (int j = 0; j < target; j++) {
      float s = scores[j];
      rank += s >= t ? 1 : 0;
      nans += s != s ? 1 : 0;
    }
    // items with a larger ItemId come first only when they score strictly higher
    for (int j = target + 1; j < scores.length; j++) {
      float s = scores[j];
      rank += s > t ? 1 : 0;
      nans += s != s ? 1 : 0;
    }
    if (nans > 0) {
      throw nan(firstNaN(scores));
    }
    return rank;
  }

  /**
   * 0-based rank of {@code target} when every item of {@code history} is ranked last (see the class
   * comment); one pass over the array plus a sort of the history.
   */
  public static int rankHistoryExcluded(float[] scores, int target, int[] history) {
    return rankHistoryExcluded(scores, target, history, rank(scores, target));
  }

  /** As above, given the primary rank of {@code target} already computed on {@code scores}. */
  static int rankHistoryExcluded(float[] scores, int target, int[] history, int primary) {
    int[] distinct = distinct(history, scores.length);
    int position = Arrays.binarySearch(distinct, target);
    if (position >= 0) {
      // all non-history items first, then the history items with a smaller ItemId (= position)
      return scores.length - distinct.length + position;
    }
    // the target keeps its place among non-history items: drop the history items ahead of it
    float t = scores[target];
    int ahead = 0;
    for (int h : distinct) {
      float s = scores[h];
      if (s > t || (s == t && h < target)) {
        ahead++;
      }
    }
    return primary - ahead;
  }

  /**
   * Rank of {@code target} in a model's returned list (e.g. a beam search's candidates, best
   * first): its 0-based position, or {@link #MISS} when absent. Duplicates are the model's
   * business; the first occurrence counts.
   */
  public static int rankInList(int[] returned, int target) {
    for (int i = 0; i < returned.length; i++) {
      if (returned[i] == target) {
        return i;
      }
    }
    return MISS;
  }

  /**
   * The {@code k} best items, best first, in the order of the class comment ({@code result[i]} has
   * rank {@code i}); fewer when the catalogue is smaller than {@code k}.
   */
  public static int[] topK(float[] scores, int k) {
    return topK(scores, k, new int[0]);
  }

  /**
   * The {@code k} best items that are not in {@code excluded}, best first. Consistent with {@link
   * #rankHistoryExcluded}: {@code result[i]} has history-excluded rank {@code i}. Excluded items
   * are never returned, so the result is shorter than {@code k} when fewer items remain.
   */
  public static int[] topK(float[] scores, int k, int[] excluded) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
    int[] skip = distinct(excluded, scores.length);
    int capacity = Math.min(k, scores.length - skip.length);
    int[] heap = new int[capacity]; // min-heap: heap[0] is the worst item kept
    int size = 0;
    int next = 0; // cursor in the sorted exclusion list
    for (int j = 0; j < scores.length; j++) {
      float s = scores[j];
      if (Float.isNaN(s)) {
        throw nan(j);
      }
      if (next < skip.length && skip[next] == j) {
        next++;
        continue;
      }
      if (capacity == 0) {
        continue;
      }
      if (size < capacity) {
        heap[size] = j;
        siftUp(heap, size, scores);
        size++;
      } else if (before(j, heap[0], scores)) {
        heap[0] = j;
        siftDown(heap, size, scores);
      }
    }
    // pop the worst repeatedly, filling the result from the back
    int[] out = new int[size];
    for (int i = size - 1; i >= 0; i--) {
      out[i] = heap[0];
      heap[0] = heap[i];
      siftDown(heap, i, scores);
    }
    return out;
  }

  /** True when item {@code a} comes before item {@code b} in the ranking order. */
  static boolean before(int a, int b, float[] scores) {
    float sa = scores[a];
    float sb = scores[b];
    return sa > sb || (sa == sb && a < b);
  }

  private static void siftUp(int[] heap, int i, float[] scores) {
    int x = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(heap[parent], x, scores)) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = x;
  }

  private static void siftDown(int[] heap, int size, float[] scores) {
    if (size == 0) {
      return;
    }
    int x = heap[0];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && before(heap[child], heap[child + 1], scores)) {
        child++; // the worse of the two children
      }
      if (!before(x, heap[child], scores)) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = x;
  }

  /** Sorted distinct ItemIds of {@code items}, each checked against the catalogue size. */
  static int[] distinct(int[] items, int numItems) {
    int[] sorted = items.clone();
    Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      int item = sorted[i];
      if (item < 0 || item >= numItems) {
        throw new IllegalArgumentException(
            "history item " + item + " is not an ItemId of a catalogue of " + numItems);
      }
      if (n == 0 || sorted[n - 1] != item) {
        sorted[n++] = item;
      }
    }
    return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
  }

  private static void checkTarget(float[] scores, int target) {
    if (target < 0 || target >= scores.length) {
      throw new IllegalArgumentException(
          "target " + target + " is not an ItemId of a catalogue of " + scores.length);
    }
  }

  private static int firstNaN(float[] scores) {
    for (int j = 0; j < scores.length; j++) {
      if (Float.isNaN(scores[j])) {
        return j;
      }
    }
    return -1;
  }

  private static IllegalArgumentException nan(int item) {
    return new IllegalArgumentException("score of item " + item + " is NaN; cannot rank");
  }
}
