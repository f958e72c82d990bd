package dev.hisam.hmat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.hisam.model.sasrec.Dropout;
import dev.hisam.model.sasrec.FeedForward;
import dev.hisam.model.sasrec.LayerNorm;
import dev.hisam.model.sasrec.Parameters;
import java.util.SplittableRandom;

/** Pre-LN block: {@code x + Drop(Attn(LN(x)))}, then {@code h + Drop(FFN(LN(h)))}. */
final class HmatBlock {
  private final LayerNorm attnNorm;
  private final HmatAttention attention;
  private final LayerNorm ffnNorm;
  private final FeedForward ffn;
  private final float rate;

  HmatBlock(Parameters params, String name, HmatConfig c, SplittableRandom random) {
    attnNorm = new LayerNorm(params, name + ".attnNorm", c.dim());
    attention = new HmatAttention(params, name + ".attn", c, random);
    ffnNorm = new LayerNorm(params, name + ".ffnNorm", c.dim());
    ffn =
        new FeedForward(
            params,
            name + ".ffn",
            c.dim(),
            c.ffnDim(),
            c.activation(),
            c.dropout(),
            c.initStd(),
            random);
    rate = (float) c.dropout();
  }

  /**
   * [B, T, D] -> [B, T, D]; fills {@code keep} with the memory when it is not null.
   *
   * @param lastOnly every token's keys and values are computed (and kept), but only the last
   *     token's output: [B, 1, D]
   */
  NDArray forward(NDArray x, Frame f, boolean training, KvCache.Layer keep, boolean lastOnly) {
    NDArray a = attention.forward(attnNorm.forward(x), f, training, keep, lastOnly); // [B, T', D]
    if (lastOnly) {
      x = x.get(new NDIndex(":, -1:, :")); // [B, 1, D]
    }
    NDArray h = x.add(Dropout.apply(a, rate, training)); // [B, T', D]
    NDArray g = ffn.forward(ffnNorm.forward(h), training); // [B, T, D]
    return h.add(Dropout.apply(g, rate, training)); // [B, T, D]
  }

  /**
   * [B * W, S, D] -> [B * W, S, D] (or [B * W, 1, D] when {@code lastOnly}): S new tokens per row
   * against the cache, inference only.
   */
  NDArray decode(
      NDArray x,
      NDArray cos,
      NDArray sin,
      KvCache.Layer cache,
      KvCache.Rows rows,
      NDArray memBias,
      NDArray ownBias,
      boolean lastOnly) {
    NDArray a =
        attention.decode(attnNorm.forward(x), cos, sin, cache, rows, memBias, ownBias, lastOnly);
    if (lastOnly && x.getShape().get(1) > 1) {
      x = x.get(new NDIndex(":, -1:, :")); // [B * W, 1, D]
    }
    NDArray h = x.add(a);
    return h.add(ffn.forward(ffnNorm.forward(h), false));
  }
}
