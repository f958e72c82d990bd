package dev.hisam.encode.image;

/**
 * Which activations of the MobileNetV2 become the item's image embedding (both global-average
 * pooled over the spatial grid).
 */
public enum ImageOutput {
  /** The final 1280-d features ({@code out_relu}); its top blocks were fine-tuned by nsfwjs. */
  POOLED("out_relu", 1280),
  /**
   * The 96-d {@code block_10_project_BN} features: below the fine-tuned blocks, closer to ImageNet.
   */
  BLOCK_10("block_10_project_BN", 96);

  private final String layer;
  private final int dim;

  ImageOutput(String layer, int dim) {
    this.layer = layer;
    this.dim = dim;
  }

  public String layer() {
    return layer;
  }

  public int dim() {
    return dim;
  }
}
