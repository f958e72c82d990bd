package dev.hisam.tokenizer;

/**
 * RQ-KMeans (GRID/Cornac recipe): residual k-means over the fused embedding.
 *
 * @param balanced fit every level with balanced k-means (equal cluster sizes, as OneRec's
 *     RQ-Kmeans) instead of Lloyd's; items are still coded by their nearest centroid
 */
public record RqKMeansConfig(int levels, int codebookSize, int iterations, boolean balanced) {
  public RqKMeansConfig {
    if (levels < 1 || codebookSize < 2 || iterations < 1) {
      throw new IllegalArgumentException("levels >= 1, codebookSize >= 2, iterations >= 1");
    }
  }

  /** Plain (Lloyd's) residual k-means. */
  public RqKMeansConfig(int levels, int codebookSize, int iterations) {
    this(levels, codebookSize, iterations, false);
  }

  public static RqKMeansConfig defaults() {
    return new RqKMeansConfig(3, 256, 25);
  }
}
