package dev.hisam.model.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.hisam.core.nd.NdOps;
import java.util.SplittableRandom;

/**
 * Multi-head scaled dot-product self-attention. The caller supplies an additive bias that holds
 * both the causal mask and the key-padding mask (0 where a query may read a key, a large negative
 * number where it may not).
 */
final class CausalSelfAttention {
  private final Linear qkv; // D -> 3D
  private final Linear out; // D -> D
  private final int heads;
  private final float rate;

  CausalSelfAttention(Parameters params, String name, SasRecConfig c, SplittableRandom random) {
    qkv = new Linear(params, name + ".qkv", c.dim(), 3 * c.dim(), c.initStd(), random);
    out = new Linear(params, name + ".out", c.dim(), c.dim(), c.initStd(), random);
    heads = c.heads();
    rate = (float) c.dropout();
  }

  /**
   * @param x [B, T, D]
   * @param bias [B, 1, T, T] additive attention bias (query row, key column)
   * @return [B, T, D]
   */
  NDArray forward(NDArray x, NDArray bias, boolean training) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    long d = x.getShape().get(2);
    long dh = d / heads;
    NDList parts = qkv.forward(x).split(3, 2); // 3 x [B, T, D]
    NDArray q = toHeads(parts.get(0), b, t, dh); // [B, H, T, dh]
    NDArray k = toHeads(parts.get(1), b, t, dh); // [B, H, T, dh]
    NDArray v = toHeads(parts.get(2), b, t, dh); // [B, H, T, dh]
    NDArray logits =
        NdOps.mul(q.matMul(k.transpose(0, 1, 3, 2)), (float) (1.0 / Math.sqrt(dh))).add(bias);
    // [B, H, T, T]
    NDArray weights = Dropout.apply(logits.softmax(3), rate, training); // [B, H, T, T]
    NDArray mixed = weights.matMul(v); // [B, H, T, dh]
    if (heads > 1) {
      mixed = mixed.transpose(0, 2, 1, 3); // [B, T, H, dh]
    }
    return out.forward(mixed.reshape(b, t, d)); // [B, T, D]
  }

  private NDArray toHeads(NDArray x, long b, long t, long dh) {
    if (heads == 1) {
      return x.reshape(b, 1, t, dh);
    }
    return x.reshape(b, t, heads, dh).transpose(0, 2, 1, 3);
  }
}
