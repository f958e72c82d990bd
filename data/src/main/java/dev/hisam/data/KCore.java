package dev.hisam.data;

/**
 * Iterative k-core filter of interaction sequences: removes users with fewer than k interactions
 * and items with fewer than k interactions (counting repeats), over and over until every remaining
 * user and item has at least k. The result (the k-core) does not depend on removal order.
 */
public final class KCore {
  private KCore() {}

  /**
   * What survives.
   *
   * @param keepUser per user
   * @param keepItem per item (false also for items without any interaction)
   * @param rounds removal passes until stable
   */
  public record Result(boolean[] keepUser, boolean[] keepItem, int rounds) {}

  /**
   * Computes the k-core of {@code sequences} (ItemIds below {@code numItems}); k <= 1 keeps all.
   */
  public static Result compute(int[][] sequences, int numItems, int k) {
    boolean[] keepUser = new boolean[sequences.length];
    boolean[] keepItem = new boolean[numItems];
    java.util.Arrays.fill(keepUser, true);
    java.util.Arrays.fill(keepItem, true);
    int[] itemCount = new int[numItems];
    int rounds = 0;
    boolean changed = true;
    while (changed) {
      rounds++;
      changed = false;
      java.util.Arrays.fill(itemCount, 0);
      for (int u = 0; u < sequences.length; u++) {
        if (!keepUser[u]) {
          continue;
        }
        int len = 0;
        for (int item : sequences[u]) {
          if (keepItem[item]) {
            len++;
          }
        }
        if (len < Math.max(k, 1)) {
          keepUser[u] = false;
          changed = true;
          continue;
        }
        for (int item : sequences[u]) {
          if (keepItem[item]) {
            itemCount[item]++;
          }
        }
      }
      for (int i = 0; i < numItems; i++) {
        if (keepItem[i] && itemCount[i] < Math.max(k, 1)) {
          keepItem[i] = false;
          changed = true;
        }
      }
    }
    return new Result(keepUser, keepItem, rounds);
  }
}
