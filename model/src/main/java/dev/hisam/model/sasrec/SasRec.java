package dev.hisam.model.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * SASRec (Kang and McAuley, 2018) over a vocabulary of {@code numTokens} tokens: token plus learned
 * position embeddings, pre-LN causal transformer blocks, a final layer norm, and output logits tied
 * to the input token embeddings, optionally plus a per-token bias (or, untied, an output matrix
 * with a per-token bias). Trained with a full softmax cross-entropy over every token (computed only
 * at positions that have a target).
 *
 * <p>The network owns its parameters' native memory; close it when done. Forward passes create
 * temporaries in the caller's current {@code NDScope}.
 */
public final class SasRec implements AutoCloseable {
  private final SasRecConfig config;
  private final int numTokens;
  private final Parameters params;
  private final NDArray tokenEmbedding; // [numTokens + 1, D]; the last row is padding
  private final NDArray positionEmbedding; // [maxLen, D]
  private final List<TransformerBlock> blocks = new ArrayList<>();
  private final LayerNorm finalNorm;
  private final NDArray outputEmbedding; // [numTokens, D]; null when tied to tokenEmbedding
  private final NDArray outputBias; // [numTokens]; null without itemBias

  /**
   * A freshly initialised network.
   *
   * @param random the initialisation stream (same stream, same weights)
   */
  public SasRec(SasRecConfig config, int numTokens, SplittableRandom random) {
    if (numTokens <= 0) {
      throw new IllegalArgumentException("numTokens must be positive, got " + numTokens);
    }
    NativeHeap.keepLargeBuffers();
    this.config = config;
    this.numTokens = numTokens;
    this.params = new Parameters(NDManager.newBaseManager());
    int d = config.dim();
    tokenEmbedding =
        params.normal(
            "tokenEmbedding", new Shape(numTokens + 1, d), config.initStd(), random, false);
    positionEmbedding =
        params.normal(
            "positionEmbedding", new Shape(config.maxLen(), d), config.initStd(), random, false);
    for (int i = 0; i < config.blocks(); i++) {
      blocks.add(new TransformerBlock(params, "block" + i, config, random));
    }
    finalNorm = new LayerNorm(params, "finalNorm", d);
    outputEmbedding =
        config.tiedOutput()
            ? null
            : params.normal(
                "outputEmbedding", new Shape(numTokens, d), config.initStd(), random, false);
    outputBias =
        config.hasOutputBias() ? params.constant("outputBias", new Shape(numTokens), 0f) : null;
  }

  public SasRecConfig config() {
    return config;
  }

  public int numTokens() {
    return numTokens;
  }

  /** The id that pads sequences (one past the last real token). */
  public int padToken() {
    return numTokens;
  }

  public Parameters parameters() {
    return params;
  }

  public NDManager manager() {
    return params.manager();
  }

  /**
   * Hidden states after the final layer norm.
   *
   * @return [B, T, D]
   */
  public NDArray hidden(SequenceBatch batch, boolean training) {
    NDManager m = params.manager();
    int b = batch.batch();
    int t = batch.length();
    if (t > config.maxLen()) {
      throw new IllegalArgumentException("batch length " + t + " > maxLen " + config.maxLen());
    }
    NDArray ids = m.create(batch.tokens(), new Shape(b, t)); // [B, T]
    NDArray tok =
        tokenEmbedding
            .getNDArrayInternal()
            .embedding(ids, tokenEmbedding, SparseFormat.DENSE)
            .singletonOrThrow(); // [B, T, D]
    NDArray pos =
        positionEmbedding.get(new NDIndex((config.maxLen() - t) + ":" + config.maxLen())); // [T, D]
    NDArray x = Dropout.apply(tok.add(pos), (float) config.dropout(), training); // [B, T, D]
    NDArray bias = m.create(batch.attentionBias(), new Shape(b, 1, t, t)); // [B, 1, T, T]
    for (TransformerBlock block : blocks) {
      x = block.forward(x, bias, training); // [B, T, D]
    }
    return finalNorm.forward(x); // [B, T, D]
  }

  /**
   * Hidden states of the batch's output rows.
   *
   * @return [R, D] with R = {@code batch.rows().length}
   */
  public NDArray rowHidden(SequenceBatch batch, boolean training) {
    NDArray h = hidden(batch, training); // [B, T, D]
    NDArray flat = h.reshape((long) batch.batch() * batch.length(), config.dim()); // [B*T, D]
    NDArray rows = params.manager().create(batch.rows()); // [R]
    return flat.get(new NDIndex("{}", rows)); // [R, D]
  }

  /**
   * Logits over all real tokens at the batch's output rows.
   *
   * @return [R, numTokens]
   */
  public NDArray logits(SequenceBatch batch, boolean training) {
    NDArray h = rowHidden(batch, training); // [R, D]
    NDArray out =
        outputEmbedding != null
            ? outputEmbedding
            : tokenEmbedding.get(new NDIndex("0:" + numTokens)); // [N, D]
    NDArray logits = h.matMul(out.transpose()); // [R, N]
    return outputBias == null ? logits : logits.add(outputBias); // [R, N]
  }

  /**
   * Mean cross-entropy of the batch's targets under a softmax over every real token.
   *
   * @return scalar
   */
  public NDArray loss(SequenceBatch batch, boolean training) {
    NDArray logProbs = logits(batch, training).logSoftmax(1); // [R, N]
    NDArray targets =
        params.manager().create(batch.targets(), new Shape(batch.targets().length, 1)); // [R, 1]
    return logProbs.gather(targets, 1).mean().neg(); // []
  }

  @Override
  public void close() {
    params.close();
  }
}
