package dev.hisam.hmat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import dev.hisam.model.sasrec.Linear;
import dev.hisam.model.sasrec.Parameters;
import java.util.SplittableRandom;

/**
 * Multi-head self-attention with rotary positions: the memory-anchor kernel under the anchor
 * layout, the dense causal kernel otherwise (same projections, same arithmetic).
 */
final class HmatAttention {
  private final Linear qkv; // D -> 3D
  private final Linear out; // D -> D
  private final int heads;
  private final float rate;
  private final boolean anchors;
  private final Rope rope;

  HmatAttention(Parameters params, String name, HmatConfig c, SplittableRandom random) {
    qkv = new Linear(params, name + ".qkv", c.dim(), 3 * c.dim(), c.initStd(), random);
    out = new Linear(params, name + ".out", c.dim(), c.dim(), c.initStd(), random);
    heads = c.heads();
    rate = (float) c.dropout();
    anchors = c.anchors();
    rope = Rope.of(c);
  }

  /**
   * @param x [B, T, D]
   * @param keep when not null, receives the memory keys and values a later decoding step reads
   * @param lastOnly the output of the last token only
   * @return [B, T, D], or [B, 1, D] when {@code lastOnly}
   */
  NDArray forward(NDArray x, Frame f, boolean training, KvCache.Layer keep, boolean lastOnly) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    long d = x.getShape().get(2);
    NDArray[] qkvHeads = project(x, f.cos(), f.sin()); // 3 x [B, H, T, dh]
    NDArray q = qkvHeads[0];
    NDArray k = qkvHeads[1];
    NDArray v = qkvHeads[2];
    NDArray mixed;
    if (anchors) {
      mixed =
          AttentionKernels.memoryAnchor(
              q, k, v, f.items(), f.perItem(), f.intraBias(), f.anchorBias(), rate, training);
    } else {
      mixed = AttentionKernels.dense(q, k, v, f.causalBias(), rate, training); // [B, H, T, dh]
    }
    if (keep != null) {
      if (anchors) {
        keep.memK = AttentionKernels.anchors(k, f.items(), f.perItem()); // [B, H, N, dh]
        keep.memV = AttentionKernels.anchors(v, f.items(), f.perItem()); // [B, H, N, dh]
      } else {
        keep.memK = k; // [B, H, T, dh]
        keep.memV = v; // [B, H, T, dh]
      }
      keep.memBias = f.keyBias();
    }
    if (lastOnly) {
      return out.forward(fromHeads(mixed.get(new NDIndex(":, :, -1:, :")), b, 1, d)); // [B, 1, D]
    }
    return out.forward(fromHeads(mixed, b, t, d)); // [B, T, D]
  }

  /**
   * S new tokens per row against the cached memory and the row's earlier decoded tokens.
   *
   * @param x [B * W, S, D]
   * @param cos [S, dh] the new tokens' rotary cosines, or [B * W, 1, S, dh] one set per row
   * @param memBias the memory bias: the cache's [B, 1, 1, M], or [B, 1, W, M] one row per beam
   * @param ownBias [S, k] causal bias over the row's own tokens, or null when S = 1
   * @param lastOnly the output of each row's last token only
   * @return [B * W, S, D], or [B * W, 1, D] when {@code lastOnly}
   */
  NDArray decode(
      NDArray x,
      NDArray cos,
      NDArray sin,
      KvCache.Layer cache,
      KvCache.Rows layout,
      NDArray memBias,
      NDArray ownBias,
      boolean lastOnly) {
    long rows = x.getShape().get(0);
    long s = x.getShape().get(1);
    long d = x.getShape().get(2);
    NDArray[] qkvHeads = project(x, cos, sin); // 3 x [B * W, H, S, dh]
    cache.curK = KvCache.append(cache.curK, qkvHeads[1]); // [B * W, H, k, dh]
    cache.curV = KvCache.append(cache.curV, qkvHeads[2]);
    NDArray mixed =
        AttentionKernels.cached(
            qkvHeads[0], cache.memK, cache.memV, memBias, cache.curK, cache.curV, ownBias, layout);
    if (lastOnly && s > 1) {
      return out.forward(fromHeads(mixed.get(new NDIndex(":, :, -1:, :")), rows, 1, d));
    }
    return out.forward(fromHeads(mixed, rows, s, d)); // [B * W, S, D]
  }

  /** [B, T, D] -> rotated q, k and plain v, each [B, H, T, dh]. */
  private NDArray[] project(NDArray x, NDArray cos, NDArray sin) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    long dh = x.getShape().get(2) / heads;
    NDList parts = qkv.forward(x).split(3, 2); // 3 x [B, T, D]
    NDArray q = rope.rotate(toHeads(parts.get(0), b, t, dh), cos, sin);
    NDArray k = rope.rotate(toHeads(parts.get(1), b, t, dh), cos, sin);
    NDArray v = toHeads(parts.get(2), b, t, dh);
    return new NDArray[] {q, k, v};
  }

  private NDArray toHeads(NDArray x, long b, long t, long dh) {
    return x.reshape(b, t, heads, dh).transpose(0, 2, 1, 3); // [B, H, T, dh]
  }

  private NDArray fromHeads(NDArray x, long b, long t, long d) {
    return x.transpose(0, 2, 1, 3).reshape(b, t, d); // [B, T, D]
  }
}
