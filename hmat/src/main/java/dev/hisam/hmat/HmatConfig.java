package dev.hisam.hmat;

import dev.hisam.model.sasrec.SasRecConfig;

/**
 * Shape, positions and attention pattern of an HMAT network (DESIGN.md section 2.2). Immutable and
 * validated; saved inside every checkpoint.
 *
 * <p>The two switches give the paper's model and its ablations: both on is HMAT; {@code
 * hierarchicalRope} off rotates the whole head by the token index (1-D RoPE); {@code anchors} off
 * drops the anchor token and reads the history through a dense causal mask over every code token.
 * Both off is the flat TIGER-style decoder-only SID transformer ({@link #flat()}).
 *
 * @param dim model width D
 * @param blocks number of transformer blocks
 * @param heads attention heads; must divide {@code dim}, and the head width must be even
 * @param ffnDim hidden width of the feed-forward layer
 * @param dropout dropout on embeddings, attention weights and residual branches, in [0, 1)
 * @param maxItems history cap N: the most recent items the network reads
 * @param itemRotaryFraction share of each head's dimensions rotated by the item index under
 *     hierarchical RoPE (the rest is rotated by the within-item index), in (0, 1); rounded to an
 *     even number of dimensions, at least 2 on each side
 * @param ropeBase RoPE wavelength base (10000 in most transformers)
 * @param hierarchicalRope two positions per token (item index, within-item index) when true; one
 *     token index when false
 * @param anchors layout {@code [c_1 .. c_L A]} per item with the memory-anchor mask when true;
 *     {@code [c_1 .. c_L]} with a dense causal mask when false
 * @param activation feed-forward non-linearity
 * @param initStd standard deviation of the normal initialisation
 * @param anchorContent under the anchor layout, the anchor's input is the learned anchor embedding
 *     plus the sum of its item's code embeddings, so that the anchors carry their items from the
 *     first block on; with a plain learned anchor, what the first block's queries read from earlier
 *     items (their anchors' inputs) is the same vector for every item, and only the blocks after it
 *     mix items
 */
public record HmatConfig(
    int dim,
    int blocks,
    int heads,
    int ffnDim,
    double dropout,
    int maxItems,
    double itemRotaryFraction,
    double ropeBase,
    boolean hierarchicalRope,
    boolean anchors,
    SasRecConfig.Activation activation,
    double initStd,
    boolean anchorContent,
    boolean historyItemIds) {

  public HmatConfig {
    require(dim > 0, "dim must be positive, got " + dim);
    require(blocks > 0, "blocks must be positive, got " + blocks);
    require(heads > 0 && dim % heads == 0, "heads must divide dim, got " + heads + " for " + dim);
    require((dim / heads) % 2 == 0, "head width dim/heads must be even, got " + dim / heads);
    require(ffnDim > 0, "ffnDim must be positive, got " + ffnDim);
    require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
    require(maxItems > 0, "maxItems must be positive, got " + maxItems);
    require(
        itemRotaryFraction > 0 && itemRotaryFraction < 1,
        "itemRotaryFraction must be in (0, 1), got " + itemRotaryFraction);
    require(ropeBase > 1, "ropeBase must be > 1, got " + ropeBase);
    require(activation != null, "activation must be RELU or GELU");
    require(initStd > 0 && initStd < 1, "initStd must be in (0, 1), got " + initStd);
    require(
        !hierarchicalRope || dim / heads >= 4,
        "hierarchical RoPE needs a head width of at least 4, got " + dim / heads);
  }

  /** As the canonical constructor, with the plain learned anchor ({@code anchorContent} false). */
  public HmatConfig(
      int dim,
      int blocks,
      int heads,
      int ffnDim,
      double dropout,
      int maxItems,
      double itemRotaryFraction,
      double ropeBase,
      boolean hierarchicalRope,
      boolean anchors,
      SasRecConfig.Activation activation,
      double initStd) {
    this(
        dim,
        blocks,
        heads,
        ffnDim,
        dropout,
        maxItems,
        itemRotaryFraction,
        ropeBase,
        hierarchicalRope,
        anchors,
        activation,
        initStd,
        false,
        false);
  }

  /** HMAT for P1 retrieval: d128, 2 blocks, 4 heads, history 50, half the head per position. */
  public static HmatConfig defaults() {
    return new HmatConfig(
        128, 2, 4, 256, 0.1, 50, 0.5, 10000, true, true, SasRecConfig.Activation.GELU, 0.02);
  }

  /** The flat baseline of the same size: 1-D RoPE, no anchors, dense causal mask. */
  public HmatConfig flat() {
    return withSwitches(false, false);
  }

  /** The same network with the ablation switches set. */
  public HmatConfig withSwitches(boolean newHierarchicalRope, boolean newAnchors) {
    return new HmatConfig(
        dim,
        blocks,
        heads,
        ffnDim,
        dropout,
        maxItems,
        itemRotaryFraction,
        ropeBase,
        newHierarchicalRope,
        newAnchors,
        activation,
        initStd,
        anchorContent,
        historyItemIds);
  }

  public HmatConfig withMaxItems(int newMaxItems) {
    return new HmatConfig(
        dim,
        blocks,
        heads,
        ffnDim,
        dropout,
        newMaxItems,
        itemRotaryFraction,
        ropeBase,
        hierarchicalRope,
        anchors,
        activation,
        initStd,
        anchorContent,
        historyItemIds);
  }

  public HmatConfig withDropout(double newDropout) {
    return new HmatConfig(
        dim,
        blocks,
        heads,
        ffnDim,
        newDropout,
        maxItems,
        itemRotaryFraction,
        ropeBase,
        hierarchicalRope,
        anchors,
        activation,
        initStd,
        anchorContent,
        historyItemIds);
  }

  public HmatConfig withAnchorContent(boolean newAnchorContent) {
    return new HmatConfig(
        dim,
        blocks,
        heads,
        ffnDim,
        dropout,
        maxItems,
        itemRotaryFraction,
        ropeBase,
        hierarchicalRope,
        anchors,
        activation,
        initStd,
        newAnchorContent,
        historyItemIds);
  }

  /** Whether anchors are in the layout and their inputs carry their items' code embeddings. */
  public boolean contentAnchors() {
    return anchors && anchorContent;
  }

  /** Width of one head. */
  public int headDim() {
    return dim / heads;
  }

  /**
   * Head dimensions rotated by the item index (hierarchical RoPE) or by the token index (1-D); the
   * remaining {@code headDim() - itemRotaryDims()} are rotated by the within-item index.
   */
  public int itemRotaryDims() {
    int dh = headDim();
    if (!hierarchicalRope) {
      return dh;
    }
    int pairs = (int) Math.round(itemRotaryFraction * dh / 2);
    pairs = Math.max(1, Math.min(dh / 2 - 1, pairs));
    return 2 * pairs;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
