package dev.hisam.hmat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-request decoding state of a batch of users (mutable; the network's weights are not): for
 * every block, the keys and values of the users' memory (the history's anchors under HMAT, every
 * history token in the flat model) computed once, and the keys and values of the tokens decoded so
 * far for each of W beams per user. Its tensors live in the {@code NDScope} that was open when
 * {@link Hmat#encode} ran.
 */
public final class KvCache {
  /** One block's keys and values. */
  static final class Layer {
    NDArray memK; // [B, H, M, dh]
    NDArray memV; // [B, H, M, dh]
    NDArray memBias; // [B, 1, 1, M]
    NDArray curK; // [B * W, H, k, dh] or null before the first decoded token
    NDArray curV; // [B * W, H, k, dh]
  }

  /**
   * How decoding rows map onto users. Grouped (the default): W rows per user, user-major, {@code
   * toPadded} null. Compact (after {@link #select}): any number of rows per user, still user-major;
   * attention over a user's memory runs in a padded layout of {@code width} slots per user, {@code
   * toPadded} [B * width] naming the row in each slot (row 0 in unused slots, whose results are
   * dropped) and {@code fromPadded} [R] each row's slot.
   */
  record Rows(int width, NDArray toPadded, NDArray fromPadded) {}

  private final int users;
  private final int itemSlots;
  private final NDArray last;
  private final List<Layer> layers = new ArrayList<>();
  private int beams = 1;
  private int decoded;
  private int[] rowUser; // compact layout: the user of every row; null when grouped
  private Rows padded; // compact layout's padding; null when grouped
  private NDArray pool; // [B, D] what a CTR head reads of the history beside attention, or null

  KvCache(int users, int itemSlots, NDArray last, int blocks) {
    this.users = users;
    this.itemSlots = itemSlots;
    this.last = last;
    for (int i = 0; i < blocks; i++) {
      layers.add(new Layer());
    }
  }

  /**
   * A new decoding state over the same encoded memory (nothing decoded yet): a cached history is
   * reused for any number of requests, each starting from here.
   */
  public KvCache reuse() {
    return sharingMemory();
  }

  /** A cache of this one's users over the same memory (tensors shared), nothing decoded. */
  private KvCache sharingMemory() {
    KvCache copy = new KvCache(users, itemSlots, last, layers.size());
    copy.pool = pool;
    for (int i = 0; i < layers.size(); i++) {
      Layer from = layers.get(i);
      Layer to = copy.layers.get(i);
      to.memK = from.memK;
      to.memV = from.memV;
      to.memBias = from.memBias;
    }
    return copy;
  }

  /** Bytes of the cached memory (keys and values of every block), what a server keeps per user. */
  public long memoryBytes() {
    long bytes = pool == null ? 0 : pool.size() * 4;
    for (Layer l : layers) {
      bytes += (l.memK.size() + l.memV.size()) * 4;
    }
    return bytes;
  }

  /** B, the users encoded. */
  public int users() {
    return users;
  }

  /** Tokens decoded so far for the next item. */
  public int decoded() {
    return decoded;
  }

  /** Item slots of the encoded histories (the decoded item's index). */
  int itemSlots() {
    return itemSlots;
  }

  /** [B, D] final hidden state of each history's last token (the last anchor under HMAT). */
  public NDArray last() {
    return last;
  }

  /** [B, D] the CTR head's history pool ({@link CtrNetwork#encodeHistory}), or null. */
  NDArray pool() {
    return pool;
  }

  void pool(NDArray value) {
    this.pool = value;
  }

  Layer layer(int i) {
    return layers.get(i);
  }

  /** Fixes W on the first step; later steps must keep it. */
  void startStep(int rows) {
    if (rowUser != null) {
      if (rows != rowUser.length) {
        throw new IllegalArgumentException(rows + " tokens for " + rowUser.length + " rows");
      }
      return;
    }
    if (rows % users != 0) {
      throw new IllegalArgumentException(rows + " tokens for " + users + " users");
    }
    int w = rows / users;
    if (decoded > 0 && w != beams) {
      throw new IllegalArgumentException("beam width changed from " + beams + " to " + w);
    }
    beams = w;
  }

  /** The row layout attention reads: grouped W per user, or the compact layout's padding. */
  Rows rows() {
    return padded != null ? padded : new Rows(beams, null, null);
  }

  void endStep(int tokens) {
    decoded += tokens;
  }

  /**
   * A cache of one decoding row per entry of {@code rows} (indices of this cache's rows, grouped by
   * user in ascending user order): row {@code i} continues the decoded tokens of row {@code
   * rows[i]} and reads the memory of its user. Beam search keeps only the hypotheses still to be
   * decoded this way, so a user may have anything from 0 to W rows. The memory is shared, not
   * copied: attention reads it through a padded per-user layout ({@link Rows}).
   */
  KvCache select(long[] rows) {
    int[] owner = new int[rows.length];
    int[] slot = new int[rows.length];
    int width = 1;
    for (int i = 0; i < rows.length; i++) {
      long r = rows[i];
      if (r < 0 || r >= rowCount()) {
        throw new IllegalArgumentException("row " + r + " of " + rowCount());
      }
      owner[i] = rowUser == null ? (int) (r / beams) : rowUser[(int) r];
      if (i > 0 && owner[i] < owner[i - 1]) {
        throw new IllegalArgumentException("rows must be grouped by user in ascending order");
      }
      slot[i] = i > 0 && owner[i] == owner[i - 1] ? slot[i - 1] + 1 : 0;
      width = Math.max(width, slot[i] + 1);
    }
    long[] toPadded = new long[users * width];
    long[] fromPadded = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      toPadded[owner[i] * width + slot[i]] = i;
      fromPadded[i] = (long) owner[i] * width + slot[i];
    }
    NDManager m = last.getManager();
    KvCache out = sharingMemory();
    out.decoded = decoded;
    out.rowUser = owner;
    out.padded = new Rows(width, m.create(toPadded), m.create(fromPadded));
    NDIndex parents = new NDIndex("{}", m.create(rows));
    for (int i = 0; decoded > 0 && i < layers.size(); i++) {
      Layer from = layers.get(i);
      Layer to = out.layers.get(i);
      to.curK = from.curK.get(parents);
      to.curV = from.curV.get(parents);
    }
    return out;
  }

  /** Decoding rows: W per user when grouped, the selected rows when compact. */
  private int rowCount() {
    return rowUser == null ? users * beams : rowUser.length;
  }

  static NDArray append(NDArray cur, NDArray next) {
    return cur == null ? next : NDArrays.concat(new NDList(cur, next), 2);
  }
}
