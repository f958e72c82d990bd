package dev.hisam.tokenizer;

/** RQ-KMeans (GRID/Cornac recipe): residual k-means over the fused embedding. */
public record RqKMeansConfig(int levels, int codebookSize, int iterations) {
  public RqKMeansConfig {
    if (levels < 1 || codebookSize < 2 || iterations < 1) {
      throw new IllegalArgumentException("levels >= 1, codebookSize >= 2, iterations >= 1");
    }
  }

  public static RqKMeansConfig defaults() {
    return new RqKMeansConfig(3, 256, 25);
  }
}
