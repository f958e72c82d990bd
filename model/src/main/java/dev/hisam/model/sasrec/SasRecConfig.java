package dev.hisam.model.sasrec;

/**
 * Shape and regularisation of a SASRec network. Immutable and validated; serialised with Jackson as
 * part of the CLI config tree and inside every saved model.
 *
 * @param dim model width D (embedding and hidden size)
 * @param blocks number of transformer blocks
 * @param heads attention heads; must divide {@code dim}
 * @param ffnDim hidden width of the position-wise feed-forward layer
 * @param dropout dropout rate on embeddings, attention weights and residual branches, in [0, 1)
 * @param maxLen longest history the network reads (learned positions 0..maxLen-1)
 * @param activation feed-forward non-linearity
 * @param initStd standard deviation of the normal initialisation of embeddings and linear weights
 * @param tiedOutput score items with the input item embeddings (SASRec's choice); false gives the
 *     output layer its own item matrix and per-item bias, so a history does not favour its own
 *     items by construction
 * @param itemBias add a learned per-item bias to the tied output logits (a popularity prior the
 *     item vectors need not encode); the untied output always has one
 */
public record SasRecConfig(
    int dim,
    int blocks,
    int heads,
    int ffnDim,
    double dropout,
    int maxLen,
    Activation activation,
    double initStd,
    boolean tiedOutput,
    boolean itemBias) {

  /** A configuration with the output tied to the input embeddings. */
  public SasRecConfig(
      int dim,
      int blocks,
      int heads,
      int ffnDim,
      double dropout,
      int maxLen,
      Activation activation,
      double initStd) {
    this(dim, blocks, heads, ffnDim, dropout, maxLen, activation, initStd, true, false);
  }

  /** Feed-forward non-linearity. */
  public enum Activation {
    RELU,
    GELU
  }

  public SasRecConfig {
    require(dim > 0, "dim must be positive, got " + dim);
    require(blocks > 0, "blocks must be positive, got " + blocks);
    require(heads > 0 && dim % heads == 0, "heads must divide dim, got " + heads + " for " + dim);
    require(ffnDim > 0, "ffnDim must be positive, got " + ffnDim);
    require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
    require(maxLen > 0, "maxLen must be positive, got " + maxLen);
    require(activation != null, "activation must be RELU or GELU");
    require(initStd > 0 && initStd < 1, "initStd must be in (0, 1), got " + initStd);
  }

  /** The tuned Beauty configuration (see the train module's Beauty experiment). */
  public static SasRecConfig defaults() {
    return new SasRecConfig(64, 2, 1, 256, 0.3, 50, Activation.GELU, 0.02);
  }

  /** Whether the output layer adds a per-item bias. */
  public boolean hasOutputBias() {
    return itemBias || !tiedOutput;
  }

  public SasRecConfig withMaxLen(int newMaxLen) {
    return new SasRecConfig(
        dim, blocks, heads, ffnDim, dropout, newMaxLen, activation, initStd, tiedOutput, itemBias);
  }

  public SasRecConfig withDropout(double newDropout) {
    return new SasRecConfig(
        dim, blocks, heads, ffnDim, newDropout, maxLen, activation, initStd, tiedOutput, itemBias);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
