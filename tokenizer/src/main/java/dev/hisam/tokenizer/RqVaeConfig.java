package dev.hisam.tokenizer;

import java.util.List;

/**
 * RQ-VAE (TIGER): MLP encoder, residual VQ over the latent, MLP decoder; reconstruction + codebook
 * + commitment (beta) losses, straight-through estimator, k-means initialised codebooks.
 */
public record RqVaeConfig(
    int levels,
    int codebookSize,
    List<Integer> hidden,
    int latentDim,
    double beta,
    double learningRate,
    double weightDecay,
    int batchSize,
    int epochs,
    int kmeansIterations,
    int restartEvery) {
  public RqVaeConfig {
    hidden = List.copyOf(hidden);
    if (levels < 1 || codebookSize < 2 || latentDim < 1 || batchSize < 2 || epochs < 0) {
      throw new IllegalArgumentException("bad RQ-VAE config");
    }
    if (!(beta >= 0) || !(learningRate > 0) || !(weightDecay >= 0) || kmeansIterations < 1) {
      throw new IllegalArgumentException("bad RQ-VAE optimiser settings");
    }
    if (restartEvery < 0) {
      throw new IllegalArgumentException("restartEvery >= 0 (0 = never)");
    }
  }

  public static RqVaeConfig defaults() {
    return new RqVaeConfig(3, 256, List.of(512, 256, 128), 32, 0.25, 1e-3, 1e-4, 256, 60, 20, 1);
  }
}
