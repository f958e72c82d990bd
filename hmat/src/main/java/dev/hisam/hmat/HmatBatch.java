package dev.hisam.hmat;

import java.util.Arrays;

/**
 * Item sequences written as tokens, left-padded item-wise to the longest sequence of the batch, as
 * plain arrays ready to become tensors. Every item takes {@code perItem} tokens: its codes, then
 * the anchor under the anchor layout. A padded item is all {@link SidVocabulary#PAD}.
 *
 * <p>Training targets (teacher forcing, every position at once): within an item, the token at
 * within-item position {@code p < levels - 1} predicts the code of level {@code p + 1}; the item's
 * last token (the anchor, or the last code without anchors) predicts level 0 of the next item.
 *
 * @param tokens [B * N * P] token ids
 * @param batch B
 * @param items N, item slots per row (padding included)
 * @param perItem P, tokens per item
 * @param realItems per row, how many of its last item slots are real
 * @param rows training positions, indices into the flattened [B * N * P] tokens
 * @param levels per training position, the level of its target
 * @param codes per training position, the target code within that level
 * @param itemIds [B * N] the ItemId in every item slot, -1 in padded slots
 */
public record HmatBatch(
    long[] tokens,
    int batch,
    int items,
    int perItem,
    int[] realItems,
    long[] rows,
    int[] levels,
    long[] codes,
    int[] itemIds) {

  /** Tokens per row, T = N * P. */
  public int length() {
    return items * perItem;
  }

  /** Whether item slot {@code slot} of row {@code row} holds a real item. */
  public boolean real(int row, int slot) {
    return slot >= items - realItems[row];
  }

  /** Tokens per item under a layout. */
  public static int perItem(SidVocabulary vocab, boolean anchors) {
    return vocab.levels() + (anchors ? 1 : 0);
  }

  /**
   * Training targets of one sequence of {@code items} items, in the order {@link #training} lists
   * them: per item, its levels after the first, then (but for the last item) the next item's first
   * level.
   */
  static int targets(int items, int levels) {
    return items * (levels - 1) + Math.max(0, items - 1);
  }

  /** One training target: the token that predicts it and what it predicts. */
  @FunctionalInterface
  interface TargetVisitor {
    /**
     * @param rowItem index in the sequence of the item whose token predicts
     * @param rowToken that token's position within its item
     * @param targetItem index in the sequence of the predicted item
     * @param level the predicted code's level
     */
    void visit(int rowItem, int rowToken, int targetItem, int level);
  }

  /**
   * Visits one sequence's training targets in the order {@link #training} lists them: per item, its
   * levels after the first (predicted by its own earlier tokens), then (but for the last item) the
   * next item's first level, predicted by the item's last token.
   */
  static void forEachTarget(int items, int levels, int perItem, TargetVisitor v) {
    for (int j = 0; j < items; j++) {
      for (int pos = 0; pos < levels - 1; pos++) {
        v.visit(j, pos, j, pos + 1);
      }
      if (j + 1 < items) {
        v.visit(j, perItem - 1, j + 1, 0);
      }
    }
  }

  /** Every target of the sequences (see the class comment); each sequence is read whole. */
  public static HmatBatch training(int[][] sequences, SidVocabulary vocab, boolean anchors) {
    return build(sequences, vocab, anchors, true);
  }

  /** Histories without targets (e.g. to encode them before decoding). */
  public static HmatBatch inputs(int[][] histories, SidVocabulary vocab, boolean anchors) {
    return build(histories, vocab, anchors, false);
  }

  private static HmatBatch build(
      int[][] seqs, SidVocabulary vocab, boolean anchors, boolean targets) {
    int b = seqs.length;
    int n = 1;
    for (int[] s : seqs) {
      n = Math.max(n, s.length);
    }
    int levels = vocab.levels();
    int p = perItem(vocab, anchors);
    long[] tokens = new long[b * n * p];
    int[] real = new int[b];
    int[] ids = new int[b * n];
    java.util.Arrays.fill(ids, -1);
    int count = 0;
    for (int r = 0; r < b; r++) {
      int[] s = seqs[r];
      real[r] = s.length;
      int first = n - s.length;
      for (int j = 0; j < s.length; j++) {
        int item = s[j];
        if (item < 0 || item >= vocab.items()) {
          throw new IllegalArgumentException(
              "ItemId " + item + " outside the catalogue of " + vocab.items());
        }
        int base = (r * n + first + j) * p;
        ids[r * n + first + j] = item;
        for (int l = 0; l < levels; l++) {
          tokens[base + l] = vocab.token(l, vocab.code(item, l));
        }
        if (anchors) {
          tokens[base + levels] = SidVocabulary.ANCHOR;
        }
      }
      // within-item targets: levels - 1 per item; next-item targets: one per item but the last
      count += targets(s.length, levels);
    }
    if (!targets) {
      return new HmatBatch(tokens, b, n, p, real, new long[0], new int[0], new long[0], ids);
    }
    long[] rows = new long[count];
    int[] lv = new int[count];
    long[] codes = new long[count];
    int[] c = {0};
    for (int r = 0; r < b; r++) {
      int[] s = seqs[r];
      long rowBase = (long) r * n + n - s.length;
      forEachTarget(
          s.length,
          levels,
          p,
          (rowItem, rowToken, targetItem, level) -> {
            rows[c[0]] = (rowBase + rowItem) * p + rowToken;
            lv[c[0]] = level;
            codes[c[0]] = vocab.code(s[targetItem], level);
            c[0]++;
          });
    }
    return new HmatBatch(tokens, b, n, p, real, rows, lv, codes, ids);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HmatBatch h
        && Arrays.equals(tokens, h.tokens)
        && batch == h.batch
        && items == h.items
        && perItem == h.perItem
        && Arrays.equals(realItems, h.realItems)
        && Arrays.equals(rows, h.rows)
        && Arrays.equals(levels, h.levels)
        && Arrays.equals(codes, h.codes)
        && Arrays.equals(itemIds, h.itemIds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(tokens) * 31 + Arrays.hashCode(rows);
  }

  @Override
  public String toString() {
    return "HmatBatch[B="
        + batch
        + ", N="
        + items
        + ", P="
        + perItem
        + ", rows="
        + rows.length
        + "]";
  }
}
