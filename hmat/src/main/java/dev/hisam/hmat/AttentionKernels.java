package dev.hisam.hmat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import dev.hisam.core.nd.NdOps;
import dev.hisam.model.sasrec.Dropout;

/**
 * Scaled dot-product attention written as matMul + additive bias + softmax (DJL has no fused
 * attention). Three forms share this arithmetic:
 *
 * <ul>
 *   <li>{@link #dense}: every query against every key, masked by an additive bias (the flat model;
 *       also the reference the sparse form is tested against).
 *   <li>{@link #memoryAnchor}: the HMAT mask at the cost it allows, O(T (P + N)) instead of O(T^2):
 *       each item's P queries against the item's own P keys ({@code [.., N, P, P]}, causal) and
 *       against the N anchor keys ({@code [.., N, P, N]}, earlier items only), one softmax over the
 *       concatenated {@code P + N} keys.
 *   <li>{@link #cached}: new tokens of W beams per user against a per-user memory (the history's
 *       anchors for HMAT, all its tokens for the flat model) plus the beams' own decoded tokens.
 * </ul>
 *
 * Masked entries carry {@link #MASKED}: {@code exp(-1e9 - max)} underflows to exactly 0.
 */
final class AttentionKernels {
  /** Additive bias of a masked query-key pair. */
  static final float MASKED = -1e9f;

  private AttentionKernels() {}

  /**
   * @param q [B, H, T, dh]
   * @param k [B, H, T, dh]
   * @param v [B, H, T, dv]
   * @param bias additive bias broadcastable to [B, H, T, T] (query row, key column)
   * @return [B, H, T, dv]
   */
  static NDArray dense(NDArray q, NDArray k, NDArray v, NDArray bias, float rate, boolean train) {
    NDArray logits = scaled(q).matMul(k.transpose(0, 1, 3, 2)).add(bias); // [B, H, T, T]
    NDArray weights = Dropout.apply(logits.softmax(3), rate, train); // [B, H, T, T]
    return weights.matMul(v); // [B, H, T, dv]
  }

  /**
   * Memory-anchor attention over T = N * P tokens laid out item after item, the anchor being the
   * last of each item's P tokens.
   *
   * @param q [B, H, T, dh]
   * @param k [B, H, T, dh]
   * @param v [B, H, T, dv]
   * @param intraBias [P, P] causal bias within an item
   * @param anchorBias [B, 1, N, 1, N] bias of (query item, anchor item): 0 iff the anchor's item is
   *     earlier and real
   * @return [B, H, T, dv]
   */
  static NDArray memoryAnchor(
      NDArray q,
      NDArray k,
      NDArray v,
      int items,
      int perItem,
      NDArray intraBias,
      NDArray anchorBias,
      float rate,
      boolean train) {
    long b = q.getShape().get(0);
    long h = q.getShape().get(1);
    long t = q.getShape().get(2);
    long dh = q.getShape().get(3);
    long dv = v.getShape().get(3);
    NDArray qs = scaled(q); // [B, H, T, dh]
    NDArray q5 = qs.reshape(b, h, items, perItem, dh); // [B, H, N, P, dh]
    NDArray k5 = k.reshape(b, h, items, perItem, dh); // [B, H, N, P, dh]
    NDArray v5 = v.reshape(b, h, items, perItem, dv); // [B, H, N, P, dv]
    NDArray kA = anchors(k, items, perItem); // [B, H, N, dh]
    NDArray vA = anchors(v, items, perItem); // [B, H, N, dv]
    NDArray intra = q5.matMul(k5.transpose(0, 1, 2, 4, 3)).add(intraBias); // [B, H, N, P, P]
    NDArray anchor =
        qs.matMul(kA.transpose(0, 1, 3, 2))
            .reshape(b, h, items, perItem, items)
            .add(anchorBias); // [B, H, N, P, N]
    NDArray weights =
        Dropout.apply(NDArrays.concat(new NDList(intra, anchor), 4).softmax(4), rate, train);
    // [B, H, N, P, P + N]
    NDList split = weights.split(new long[] {perItem}, 4);
    NDArray fromItem = split.get(0).matMul(v5).reshape(b, h, t, dv); // [B, H, T, dv]
    NDArray fromAnchors = split.get(1).reshape(b, h, t, items).matMul(vA); // [B, H, T, dv]
    return fromItem.add(fromAnchors); // [B, H, T, dv]
  }

  /**
   * A decoding step of W beams per user: each beam's S newest tokens against the user's memory and
   * the beam's own tokens so far (the new ones included, causally).
   *
   * @param q [R, H, S, dh] the new tokens' queries, R = B * W rows user-major (row = user * W +
   *     beam), or the compact rows of {@code layout}
   * @param memK [B, H, M, dh] per-user memory keys
   * @param memV [B, H, M, dv]
   * @param memBias [B, 1, 1, M] 0 on real memory slots, {@link #MASKED} on padding; or [B, 1, W, M]
   *     a bias per beam (CTR candidates that see different parts of a shared history; grouped rows
   *     only)
   * @param curK [R, H, k, dh] the rows' decoded tokens, the S new ones last
   * @param curV [R, H, k, dv]
   * @param ownBias [S, k] bias of the new tokens over the beam's own tokens (causal), or null when
   *     S = 1 (the newest token reads all of them)
   * @param layout W rows per user, or compact rows read through a padded per-user layout: the
   *     memory products then run as one batched product per user, as for grouped rows, and each row
   *     takes its slot's result
   * @return [R, H, S, dv]
   */
  static NDArray cached(
      NDArray q,
      NDArray memK,
      NDArray memV,
      NDArray memBias,
      NDArray curK,
      NDArray curV,
      NDArray ownBias,
      KvCache.Rows layout) {
    long b = memK.getShape().get(0);
    long h = memK.getShape().get(1);
    long m = memK.getShape().get(2);
    long s = q.getShape().get(2);
    long dh = q.getShape().get(3);
    long dv = memV.getShape().get(3);
    long beams = layout.width();
    long biasRows = memBias.getShape().get(2); // 1 or W
    NDIndex toPadded = layout.toPadded() == null ? null : new NDIndex("{}", layout.toPadded());
    NDIndex fromPadded =
        layout.fromPadded() == null ? null : new NDIndex("{}", layout.fromPadded());
    if (toPadded != null && biasRows != 1) {
      throw new IllegalArgumentException("a bias per beam needs grouped rows");
    }
    NDArray qs = scaled(q); // [R, H, S, dh]
    NDArray qPadded = toPadded == null ? qs : qs.get(toPadded); // [B * W, H, S, dh]
    NDArray qUser = toUsers(qPadded, b, beams, h, s, dh); // [B, H, W * S, dh]
    NDArray mem = qUser.matMul(memK.transpose(0, 1, 3, 2)); // [B, H, W * S, M]
    mem =
        s == 1
            ? mem.add(memBias)
            : mem.reshape(b, h, beams, s, m).add(memBias.reshape(b, 1, biasRows, 1, m));
    mem = toRows(mem, b, beams, h, s, m); // [B * W, H, S, M]
    if (fromPadded != null) {
      mem = mem.get(fromPadded); // [R, H, S, M]
    }
    NDArray own = qs.matMul(curK.transpose(0, 1, 3, 2)); // [R, H, S, k]
    if (ownBias != null) {
      own = own.add(ownBias);
    }
    NDArray weights = NDArrays.concat(new NDList(mem, own), 3).softmax(3); // [R, H, S, M + k]
    NDList split = weights.split(new long[] {m}, 3);
    NDArray wMem = split.get(0); // [R, H, S, M]
    if (toPadded != null) {
      wMem = wMem.get(toPadded); // [B * W, H, S, M]
    }
    NDArray wUser = toUsers(wMem, b, beams, h, s, m); // [B, H, W * S, M]
    NDArray fromMem = toRows(wUser.matMul(memV), b, beams, h, s, dv); // [B * W, H, S, dv]
    if (fromPadded != null) {
      fromMem = fromMem.get(fromPadded); // [R, H, S, dv]
    }
    NDArray fromOwn = split.get(1).matMul(curV); // [R, H, S, dv]
    return fromMem.add(fromOwn);
  }

  /**
   * The queries times 1/sqrt(dh): scaling the [.., T, dh] queries costs T dh multiplications where
   * scaling the logits costs one per query-key pair (T^2 in the dense form), forward and backward.
   */
  private static NDArray scaled(NDArray q) {
    long dh = q.getShape().get(q.getShape().dimension() - 1);
    return NdOps.mul(q, (float) (1.0 / Math.sqrt(dh)));
  }

  /**
   * The anchors' rows (each item's last token) of [B, H, N * P, x] as [B, H, N, x]: one slice of
   * the last axis of the [B, H, N, P * x] view. Its gradient is one scatter into zeros; an index
   * over four axes ({@code ":, :, :, P-1"}) is four chained slices whose backward allocates and
   * fills a zero tensor of the whole input at each of them (measured in a PyTorch profile of the
   * training step: 8 full-size fills per block).
   */
  static NDArray anchors(NDArray x, int items, int perItem) {
    long b = x.getShape().get(0);
    long h = x.getShape().get(1);
    long w = x.getShape().get(3);
    return x.reshape(b, h, items, perItem * w).get(new NDIndex("..., " + (perItem - 1) * w + ":"));
  }

  /** [B * W, H, S, x] -> [B, H, W * S, x]. */
  private static NDArray toUsers(NDArray a, long b, long w, long h, long s, long x) {
    return a.reshape(b, w, h, s, x).transpose(0, 2, 1, 3, 4).reshape(b, h, w * s, x);
  }

  /** [B, H, W * S, x] (or [B, H, W, S, x]) -> [B * W, H, S, x]. */
  private static NDArray toRows(NDArray a, long b, long w, long h, long s, long x) {
    return a.reshape(b, h, w, s, x).transpose(0, 2, 1, 3, 4).reshape(b * w, h, s, x);
  }
}
