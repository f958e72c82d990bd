package dev.hisam.train.sasrec;

import dev.hisam.model.sasrec.SasRecConfig;

/**
 * Everything that decides a SASRec training run besides the data and the seed.
 *
 * @param model network shape
 * @param batchSize sequences per step
 * @param learningRate AdamW learning rate
 * @param weightDecay decoupled weight decay on linear weight matrices
 * @param maxEpochs hard cap on epochs
 * @param patience stop after this many validations without a better validation metric
 * @param validateEvery validate every this many epochs
 */
public record SasRecTrainConfig(
    SasRecConfig model,
    int batchSize,
    double learningRate,
    double weightDecay,
    int maxEpochs,
    int patience,
    int validateEvery) {

  public SasRecTrainConfig {
    if (model == null) {
      throw new IllegalArgumentException("model config is required");
    }
    require(batchSize > 0, "batchSize must be positive, got " + batchSize);
    require(
        learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1): " + learningRate);
    require(weightDecay >= 0 && weightDecay < 1, "weightDecay must be in [0, 1): " + weightDecay);
    require(maxEpochs > 0, "maxEpochs must be positive, got " + maxEpochs);
    require(patience > 0, "patience must be positive, got " + patience);
    require(validateEvery > 0, "validateEvery must be positive, got " + validateEvery);
  }

  /** The tuned Beauty recipe. */
  public static SasRecTrainConfig defaults() {
    return new SasRecTrainConfig(SasRecConfig.defaults(), 128, 2e-3, 0.01, 200, 10, 1);
  }

  public SasRecTrainConfig withModel(SasRecConfig newModel) {
    return new SasRecTrainConfig(
        newModel, batchSize, learningRate, weightDecay, maxEpochs, patience, validateEvery);
  }

  public SasRecTrainConfig withMaxEpochs(int epochs) {
    return new SasRecTrainConfig(
        model, batchSize, learningRate, weightDecay, epochs, patience, validateEvery);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
