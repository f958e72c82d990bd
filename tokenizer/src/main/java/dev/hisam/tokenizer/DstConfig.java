package dev.hisam.tokenizer;

/**
 * DST (DESIGN 2.1). Levels: {@code sharedLevels} over normalize(sum z_m), then {@code
 * specificLevels} per modality over z_m - q_s; all with {@code codebookSize} codes.
 */
public record DstConfig(
    int sharedLevels,
    int specificLevels,
    int codebookSize,
    int projectionDim,
    int hiddenDim,
    double temperature,
    boolean alignment,
    double alignmentWeight,
    double uniformityWeight,
    double reconstructionWeight,
    double beta,
    MiPenalty miPenalty,
    double miWeight,
    int clubHidden,
    double clubLearningRate,
    double learningRate,
    double weightDecay,
    int batchSize,
    int epochs,
    int kmeansIterations,
    int restartEvery) {
  public DstConfig {
    if (sharedLevels < 1 || specificLevels < 0 || codebookSize < 2) {
      throw new IllegalArgumentException("sharedLevels >= 1, specificLevels >= 0, K >= 2");
    }
    if (projectionDim < 2 || hiddenDim < 1 || clubHidden < 1 || batchSize < 2 || epochs < 0) {
      throw new IllegalArgumentException("bad DST sizes");
    }
    if (!(temperature > 0) || !(beta >= 0) || !(learningRate > 0) || !(clubLearningRate > 0)) {
      throw new IllegalArgumentException("temperature, learning rates > 0, beta >= 0");
    }
    if (!(alignmentWeight >= 0)
        || !(uniformityWeight >= 0)
        || !(reconstructionWeight >= 0)
        || !(miWeight >= 0)
        || !(weightDecay >= 0)) {
      throw new IllegalArgumentException("loss weights must be >= 0");
    }
    if (miPenalty == null || kmeansIterations < 1 || restartEvery < 0) {
      throw new IllegalArgumentException("miPenalty set, kmeansIterations >= 1, restartEvery >= 0");
    }
  }

  public static DstConfig defaults() {
    return new DstConfig(
        2,
        1,
        256,
        64,
        256,
        0.1,
        true,
        1.0,
        0.1,
        1.0,
        0.25,
        MiPenalty.CLUB,
        1.0, // movielens, same seed: MI and abs corr below weight 0 at 1 and 4 (0.1 too weak)
        64,
        1e-3,
        1e-3,
        1e-4,
        256,
        60,
        20,
        10);
  }

  public DstConfig withMiPenalty(MiPenalty p) {
    return new DstConfig(
        sharedLevels,
        specificLevels,
        codebookSize,
        projectionDim,
        hiddenDim,
        temperature,
        alignment,
        alignmentWeight,
        uniformityWeight,
        reconstructionWeight,
        beta,
        p,
        miWeight,
        clubHidden,
        clubLearningRate,
        learningRate,
        weightDecay,
        batchSize,
        epochs,
        kmeansIterations,
        restartEvery);
  }
}
