package dev.hisam.model.sasrec;

import ai.djl.ndarray.NDArray;
import java.util.SplittableRandom;

/** Pre-LN transformer block: {@code x + Drop(Attn(LN(x)))}, then {@code h + Drop(FFN(LN(h)))}. */
final class TransformerBlock {
  private final LayerNorm attnNorm;
  private final CausalSelfAttention attention;
  private final LayerNorm ffnNorm;
  private final FeedForward ffn;
  private final float rate;

  TransformerBlock(Parameters params, String name, SasRecConfig c, SplittableRandom random) {
    attnNorm = new LayerNorm(params, name + ".attnNorm", c.dim());
    attention = new CausalSelfAttention(params, name + ".attn", c, random);
    ffnNorm = new LayerNorm(params, name + ".ffnNorm", c.dim());
    ffn = new FeedForward(params, name + ".ffn", c, random);
    rate = (float) c.dropout();
  }

  /**
   * @param x [B, T, D]
   * @param bias [B, 1, T, T] additive attention bias
   * @return [B, T, D]
   */
  NDArray forward(NDArray x, NDArray bias, boolean training) {
    NDArray a = attention.forward(attnNorm.forward(x), bias, training); // [B, T, D]
    NDArray h = x.add(Dropout.apply(a, rate, training)); // [B, T, D]
    NDArray f = ffn.forward(ffnNorm.forward(h), training); // [B, T, D]
    return h.add(Dropout.apply(f, rate, training)); // [B, T, D]
  }
}
