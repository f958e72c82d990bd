package dev.hisam.hmat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.hisam.core.nd.NdOps;
import dev.hisam.model.sasrec.Dropout;
import dev.hisam.model.sasrec.LayerNorm;
import dev.hisam.model.sasrec.NativeHeap;
import dev.hisam.model.sasrec.Parameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The HMAT network (DESIGN.md section 2.2), or one of its ablations or the flat baseline as {@link
 * HmatConfig} says: level-specific code embeddings plus a learned anchor, rotary positions (no
 * learned position table), pre-LN blocks, a final layer norm, and per-level output logits tied to
 * that level's code embeddings.
 *
 * <p>Owns its parameters' native memory: close it. Forward passes create temporaries in the
 * caller's current {@code NDScope}.
 */
public final class Hmat implements AutoCloseable {
  private final HmatConfig config;
  private final SidVocabulary vocab;
  private final Parameters params;
  private final NDArray embedding; // [V, D]
  private final List<HmatBlock> blocks = new ArrayList<>();
  private final LayerNorm finalNorm;
  private final Rope rope;
  private final int perItem;
  private final NDArray itemTable; // [items, D] under historyItemIds, else null

  /**
   * A freshly initialised network.
   *
   * @param random the initialisation stream (same stream, same weights)
   */
  public Hmat(HmatConfig config, SidVocabulary vocab, SplittableRandom random) {
    NativeHeap.keepLargeBuffers();
    this.config = config;
    this.vocab = vocab;
    this.params = new Parameters(NDManager.newBaseManager());
    embedding =
        params.normal(
            "embedding", new Shape(vocab.size(), config.dim()), config.initStd(), random, false);
    for (int i = 0; i < config.blocks(); i++) {
      blocks.add(new HmatBlock(params, "block" + i, config, random));
    }
    finalNorm = new LayerNorm(params, "finalNorm", config.dim());
    rope = Rope.of(config);
    perItem = HmatBatch.perItem(vocab, config.anchors());
    itemTable =
        config.historyItemIds()
            ? params.normal(
                "itemTable",
                new Shape(vocab.items(), config.dim()),
                config.initStd(),
                random,
                false)
            : null;
  }

  public HmatConfig config() {
    return config;
  }

  public SidVocabulary vocabulary() {
    return vocab;
  }

  public Parameters parameters() {
    return params;
  }

  public NDManager manager() {
    return params.manager();
  }

  /** P, tokens per item in this network's layout. */
  public int perItem() {
    return perItem;
  }

  /** A training batch of item sequences in this network's layout. */
  public HmatBatch trainingBatch(int[][] sequences) {
    return HmatBatch.training(sequences, vocab, config.anchors());
  }

  /**
   * Hidden states after the final layer norm.
   *
   * @return [B, T, D]
   */
  public NDArray hidden(HmatBatch batch, boolean training) {
    return run(batch, training, null, null);
  }

  /**
   * As {@link #hidden(HmatBatch, boolean)}, with {@code itemInput} ([B, T, D], from {@link
   * #itemInput}) added to the token embeddings.
   */
  NDArray hidden(HmatBatch batch, boolean training, NDArray itemInput) {
    return run(batch, training, null, itemInput);
  }

  /**
   * The transformer over {@code batch}.
   *
   * @param keep when not null, receives every block's memory for decoding, and only the last
   *     token's output is computed in the last block: what decoding reads of a history is each
   *     block's keys and values and the last token's final state, so the last block's output
   *     projection and feed-forward of every other token would be thrown away
   * @return [B, T, D], or [B, 1, D] (the last token) when {@code keep} is not null
   */
  private NDArray run(HmatBatch batch, boolean training, KvCache keep, NDArray itemInput) {
    checkLayout(batch);
    NDManager m = params.manager();
    int b = batch.batch();
    int t = batch.length();
    NDArray ids = m.create(batch.tokens(), new Shape(b, t)); // [B, T]
    NDArray e = embed(ids); // [B, T, D]
    if (config.contentAnchors()) {
      e = withAnchorContent(e, b, batch.items());
    }
    if (itemInput == null && itemTable != null) {
      itemInput = itemInput(batch, itemTable);
    }
    if (itemInput != null) {
      e = e.add(itemInput);
    }
    NDArray x = Dropout.apply(e, (float) config.dropout(), training); // [B, T, D]
    Frame f = frame(batch);
    for (int i = 0; i < blocks.size(); i++) {
      boolean lastOnly = keep != null && i == blocks.size() - 1;
      x = blocks.get(i).forward(x, f, training, keep == null ? null : keep.layer(i), lastOnly);
    }
    return finalNorm.forward(x); // [B, T, D]
  }

  /** Logits over the codes of {@code level}: [R, D] -> [R, levelSize]. */
  public NDArray levelLogits(NDArray h, int level) {
    int from = vocab.levelOffset(level);
    NDArray out =
        embedding.get(new NDIndex(from + ":" + (from + vocab.levelSize(level)))); // [V_l, D]
    return h.matMul(out.transpose()); // [R, V_l]
  }

  /**
   * Mean cross-entropy over the batch's targets, each under a softmax over its level's codes.
   *
   * @return scalar
   */
  public NDArray loss(HmatBatch batch, boolean training) {
    return loss(batch, training, null);
  }

  /**
   * As {@link #loss(HmatBatch, boolean)} against target distributions instead of the true codes:
   * {@code targets[l]} is the flattened {@code [R_l, levelSize(l)]} distribution of the batch's
   * level-l targets in batch order (see {@link DistillTargets#mixed}); null: the true codes.
   *
   * @return scalar, the mean over targets of {@code -sum_k target(k) log p(k)}
   */
  public NDArray loss(HmatBatch batch, boolean training, float[][] targets) {
    NDArray h = hidden(batch, training); // [B, T, D]
    NDArray flat = h.reshape((long) batch.batch() * batch.length(), config.dim()); // [B*T, D]
    NDManager m = params.manager();
    int levels = vocab.levels();
    int[] count = new int[levels];
    for (int lv : batch.levels()) {
      count[lv]++;
    }
    // the target rows grouped by level, gathered at once: one gather (and in the backward pass
    // one scatter into a zero [B*T, D]) instead of one per level
    int[] start = new int[levels + 1];
    for (int level = 0; level < levels; level++) {
      start[level + 1] = start[level] + count[level];
    }
    long[] rows = new long[start[levels]];
    long[] codes = new long[rows.length];
    int[] next = start.clone();
    for (int i = 0; i < batch.levels().length; i++) {
      int at = next[batch.levels()[i]]++;
      rows[at] = batch.rows()[i];
      codes[at] = batch.codes()[i];
    }
    if (rows.length == 0) {
      throw new IllegalArgumentException("batch has no targets");
    }
    // split, not sliced: a slice's backward fills a zero [R, D] per level, a split's is one concat
    NDList perLevel =
        flat.get(new NDIndex("{}", m.create(rows)))
            .split(Arrays.stream(start, 1, levels).asLongStream().toArray(), 0); // L x [R_l, D]
    NDArray total = null;
    for (int level = 0; level < levels; level++) {
      int n = count[level];
      if (n == 0) {
        continue;
      }
      NDArray hl = perLevel.get(level); // [R_l, D]
      NDArray logProbs = levelLogits(hl, level).logSoftmax(1); // [R_l, V_l]
      NDArray nll =
          targets == null
              ? logProbs
                  .gather(
                      m.create(
                          Arrays.copyOfRange(codes, start[level], start[level + 1]),
                          new Shape(n, 1)),
                      1)
                  .sum()
                  .neg() // []
              : logProbs
                  .mul(m.create(targets[level], new Shape(n, vocab.levelSize(level))))
                  .sum()
                  .neg(); // []
      total = total == null ? nll : total.add(nll);
    }
    return NdOps.div(total, batch.rows().length);
  }

  /**
   * Encodes histories (inference mode) and caches what decoding the next item reads.
   *
   * @param histories per user, chronological ItemIds (the last {@code maxItems} are read)
   */
  public KvCache encode(int[][] histories) {
    return encode(histories, false);
  }

  /** As {@link #encode(int[][])}, with dropout when {@code training} (CTR training). */
  KvCache encode(int[][] histories, boolean training) {
    return encode(histories, training, null);
  }

  /**
   * As {@link #encode(int[][], boolean)}; when {@code historyTable} ([items, D]) is not null, row
   * {@code i} of it is added to the last token (the anchor under HMAT) of every history item i.
   */
  KvCache encode(int[][] histories, boolean training, NDArray historyTable) {
    int[][] cut = new int[histories.length][];
    for (int i = 0; i < cut.length; i++) {
      cut[i] = lastItems(histories[i], config.maxItems());
    }
    HmatBatch batch = HmatBatch.inputs(cut, vocab, config.anchors());
    KvCache probe = new KvCache(batch.batch(), batch.items(), null, blocks.size());
    NDArray extra = historyTable == null ? null : itemInput(batch, historyTable);
    NDArray last = run(batch, training, probe, extra).squeeze(1); // [B, D], the last token
    KvCache cache = new KvCache(batch.batch(), batch.items(), last, blocks.size());
    for (int i = 0; i < blocks.size(); i++) {
      KvCache.Layer from = probe.layer(i);
      KvCache.Layer to = cache.layer(i);
      to.memK = from.memK;
      to.memV = from.memV;
      to.memBias = from.memBias;
    }
    return cache;
  }

  /**
   * Rows of {@code table} placed at the last token of every real item slot of {@code batch}, zero
   * elsewhere.
   *
   * @param table [items, D]
   * @return [B, N * P, D]
   */
  NDArray itemInput(HmatBatch batch, NDArray table) {
    int b = batch.batch();
    int t = batch.length();
    long[] rows = new long[b * t];
    float[] mask = new float[b * t];
    int[] ids = batch.itemIds();
    for (int slot = 0; slot < ids.length; slot++) {
      if (ids[slot] >= 0) {
        int at = slot * perItem + perItem - 1;
        rows[at] = ids[slot];
        mask[at] = 1f;
      }
    }
    NDManager m = params.manager();
    NDArray picked = table.get(new NDIndex("{}", m.create(rows))); // [B*T, D]
    return picked.mul(m.create(mask, new Shape(b * t, 1))).reshape(b, t, config.dim());
  }

  /**
   * Adds to every anchor's input the sum of its item's code embeddings ({@link
   * HmatConfig#anchorContent}).
   *
   * @param e [B, N * P, D] token embeddings under the anchor layout
   * @return [B, N * P, D]
   */
  private NDArray withAnchorContent(NDArray e, int b, int items) {
    int levels = perItem - 1;
    NDArray e4 = e.reshape(b, items, perItem, config.dim()); // [B, N, P, D]
    // split, not indexed: ":, :, :L" is three chained slices, each filling a full-size zero
    // gradient in the backward pass (see AttentionKernels.anchors)
    NDList parts = e4.split(new long[] {levels}, 2);
    NDArray codes = parts.get(0); // [B, N, L, D]
    NDArray anchor = parts.get(1).add(codes.sum(new int[] {2}, true)); // [B, N, 1, D]
    return codes.concat(anchor, 2).reshape(b, (long) items * perItem, config.dim());
  }

  /**
   * What an item's anchor adds to the learned anchor embedding when it is fed one token at a time
   * (the CTR candidate): the sum of the item's code embeddings under {@link
   * HmatConfig#contentAnchors}, null otherwise.
   *
   * @return [R, D] or null
   */
  NDArray anchorInput(int[] items) {
    return config.contentAnchors() ? codeSum(items) : null;
  }

  /**
   * The sum of each item's code embeddings (the table the transformer reads).
   *
   * @return [R, D]
   */
  NDArray codeSum(int[] items) {
    int levels = vocab.levels();
    long[] ids = new long[items.length * levels];
    for (int r = 0; r < items.length; r++) {
      for (int l = 0; l < levels; l++) {
        ids[r * levels + l] = vocab.token(l, vocab.code(items[r], l));
      }
    }
    NDArray codes = embed(params.manager().create(ids, new Shape(items.length, levels)));
    return codes.sum(new int[] {1}); // [R, D]
  }

  /**
   * Indices of {@code histories} ordered by the length the network reads (at most {@code
   * maxItems}), stable: batches taken in this order pad to about their own length instead of the
   * longest of a random draw.
   */
  int[] byLength(int[][] histories) {
    int cap = config.maxItems();
    return IntStream.range(0, histories.length)
        .boxed()
        .sorted(Comparator.comparingInt(i -> Math.min(cap, histories[i].length)))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /** The last {@code n} items of {@code history} (itself when it is no longer). */
  static int[] lastItems(int[] history, int n) {
    return history.length <= n
        ? history
        : java.util.Arrays.copyOfRange(history, history.length - n, history.length);
  }

  /**
   * Feeds the next code of every beam (row = user * W + beam) as the next token of the item being
   * decoded, and returns its final hidden state, which predicts the following level.
   *
   * @param tokens [B * W] token ids
   * @return [B * W, D]
   */
  public NDArray decode(KvCache cache, long[] tokens) {
    return decodeItems(cache, tokens, 1, null, null, null); // one token per row
  }

  /**
   * Decodes S tokens per row in one pass (a whole candidate item: its codes and its anchor, each
   * new token reading the memory, the row's earlier tokens and the new ones before it) and returns
   * the final hidden state of each row's last token: the CTR path, where nothing is chosen between
   * levels. Equal to S calls of {@link #decode}; the last block computes its output projection and
   * feed-forward for the last token only.
   *
   * @param tokens [R * S] token ids, row-major (rows user-major: row = user * W + candidate)
   * @param slots [R] item slot of each row's decoded item (its rotary position), or null for the
   *     cache's next slot
   * @param memBias [B, 1, W, M] additive bias of each row over its user's memory (candidates that
   *     see different parts of a shared history), or null for the cache's
   * @param lastExtra [R, D] added to each row's last token input, or null
   * @return [R, D]
   */
  NDArray decodeItems(
      KvCache cache, long[] tokens, int perRow, int[] slots, NDArray memBias, NDArray lastExtra) {
    if (perRow < 1 || tokens.length % perRow != 0) {
      throw new IllegalArgumentException(tokens.length + " tokens in rows of " + perRow);
    }
    int rows = tokens.length / perRow;
    if (slots != null && slots.length != rows) {
      throw new IllegalArgumentException(slots.length + " slots for " + rows + " rows");
    }
    cache.startStep(rows);
    NDManager m = params.manager();
    int dh = rope.headDim();
    int before = cache.decoded();
    NDArray x = embed(m.create(tokens, new Shape(rows, perRow))); // [R, S, D]
    if (lastExtra != null) {
      NDArray last = lastExtra.reshape(rows, 1, config.dim());
      x =
          perRow == 1
              ? x.add(last)
              : NDArrays.concat(
                  new NDList(
                      x.get(new NDIndex(":, :-1, :")), x.get(new NDIndex(":, -1:, :")).add(last)),
                  1);
    }
    int[] a = new int[(slots == null ? 1 : rows) * perRow];
    int[] b = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      int[][] pos =
          decodePosition(
              slots == null ? cache.itemSlots() : slots[i / perRow], before + i % perRow);
      a[i] = pos[0][0];
      b[i] = pos[1][0];
    }
    float[][] table = rope.table(a, b);
    Shape rot = slots == null ? new Shape(perRow, dh) : new Shape(rows, 1, perRow, dh);
    NDArray cos = m.create(table[0], rot); // [S, dh] or [R, 1, S, dh]
    NDArray sin = m.create(table[1], rot);
    NDArray own = null;
    if (perRow > 1) {
      int k = before + perRow;
      float[] bias = new float[perRow * k];
      for (int i = 0; i < perRow; i++) {
        for (int j = before + i + 1; j < k; j++) {
          bias[i * k + j] = AttentionKernels.MASKED;
        }
      }
      own = m.create(bias, new Shape(perRow, k)); // [S, k]
    }
    for (int i = 0; i < blocks.size(); i++) {
      KvCache.Layer layer = cache.layer(i);
      x =
          blocks
              .get(i)
              .decode(
                  x,
                  cos,
                  sin,
                  layer,
                  cache.rows(),
                  memBias == null ? layer.memBias : memBias,
                  own,
                  i == blocks.size() - 1);
    }
    cache.endStep(perRow);
    return finalNorm.forward(x).reshape(rows, config.dim()); // [R, D]
  }

  NDArray embed(NDArray ids) {
    return embedding
        .getNDArrayInternal()
        .embedding(ids, embedding, SparseFormat.DENSE)
        .singletonOrThrow(); // [..., D]
  }

  private void checkLayout(HmatBatch batch) {
    if (batch.perItem() != perItem) {
      throw new IllegalArgumentException(
          "batch has " + batch.perItem() + " tokens per item, the network " + perItem);
    }
  }

  /** Rotary positions {a, b} of every token of an N-item layout. */
  int[][] positions(int items) {
    int t = items * perItem;
    int[] a = new int[t];
    int[] b = new int[t];
    for (int i = 0; i < t; i++) {
      if (config.hierarchicalRope()) {
        a[i] = i / perItem;
        b[i] = i % perItem;
      } else {
        a[i] = i;
      }
    }
    return new int[][] {a, b};
  }

  /** Rotary positions of within-item token {@code within} of item slot {@code slot}. */
  int[][] decodePosition(int slot, int within) {
    if (config.hierarchicalRope()) {
      return new int[][] {{slot}, {within}};
    }
    return new int[][] {{slot * perItem + within}, {0}};
  }

  /** Positions and masks of a batch. */
  Frame frame(HmatBatch batch) {
    NDManager m = params.manager();
    int b = batch.batch();
    int n = batch.items();
    int p = batch.perItem();
    int t = batch.length();
    int[][] pos = positions(n);
    float[][] table = rope.table(pos[0], pos[1]);
    NDArray cos = m.create(table[0], new Shape(t, rope.headDim())); // [T, dh]
    NDArray sin = m.create(table[1], new Shape(t, rope.headDim())); // [T, dh]
    if (config.anchors()) {
      float[] key = new float[b * n];
      float[] anchor = new float[b * n * n];
      for (int r = 0; r < b; r++) {
        for (int j = 0; j < n; j++) {
          key[r * n + j] = batch.real(r, j) ? 0f : AttentionKernels.MASKED;
        }
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            boolean see = j < i && batch.real(r, j);
            anchor[(r * n + i) * n + j] = see ? 0f : AttentionKernels.MASKED;
          }
        }
      }
      return new Frame(
          b,
          n,
          p,
          cos,
          sin,
          m.create(key, new Shape(b, 1, 1, n)),
          m.create(causal(p), new Shape(p, p)),
          m.create(anchor, new Shape(b, 1, n, 1, n)),
          null);
    }
    float[] key = new float[b * t];
    boolean padded = false;
    for (int r = 0; r < b; r++) {
      padded |= batch.realItems()[r] < n;
      for (int j = 0; j < t; j++) {
        key[r * t + j] = batch.real(r, j / p) ? 0f : AttentionKernels.MASKED;
      }
    }
    NDArray keyBias = m.create(key, new Shape(b, 1, 1, t)); // [B, 1, 1, T]
    NDArray causal = m.create(causal(t), new Shape(t, t)); // [T, T]
    return new Frame(b, n, p, cos, sin, keyBias, null, null, padded ? causal.add(keyBias) : causal);
  }

  /** [n * n] additive causal bias: row i may read columns j <= i. */
  static float[] causal(int n) {
    float[] out = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        out[i * n + j] = AttentionKernels.MASKED;
      }
    }
    return out;
  }

  @Override
  public void close() {
    params.close();
  }
}
