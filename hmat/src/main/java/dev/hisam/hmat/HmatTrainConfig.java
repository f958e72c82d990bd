package dev.hisam.hmat;

import dev.hisam.train.Training;
import dev.hisam.train.sasrec.SasRecTrainConfig;

/**
 * Everything that decides an HMAT (or flat-baseline) training run besides the data and the seed.
 *
 * @param model network shape and switches
 * @param batchSize sequences per step
 * @param learningRate AdamW peak learning rate
 * @param weightDecay decoupled weight decay on linear weight matrices
 * @param maxEpochs hard cap on epochs
 * @param patience stop after this many epochs of validations without a better NDCG@10
 * @param validateEvery validate every this many epochs (and after the last)
 * @param schedule learning-rate schedule after the warm-up
 * @param warmupEpochs epochs of linear warm-up from 0 to {@code learningRate}
 * @param bucketByLength batch sequences of similar length together (less padding)
 * @param beamWidth beam width of validation and of the trained model's recommendations
 * @param windowStride 0: a training sequence gives one window, its last {@code maxItems + 1} items
 *     (the TIGER recipe); s > 0: a sequence longer than that also gives the windows ending s, 2s,
 *     ... items before its end, so with s = {@code maxItems} every transition of a long sequence is
 *     a target exactly once (movielens users have ~95 positives: a history of 20 with stride 0
 *     trains on the last 20 of them)
 * @param distill knowledge distillation from an item-ID teacher (the run's SASRec): off by default
 */
public record HmatTrainConfig(
    HmatConfig model,
    int batchSize,
    double learningRate,
    double weightDecay,
    int maxEpochs,
    int patience,
    int validateEvery,
    SasRecTrainConfig.Schedule schedule,
    int warmupEpochs,
    boolean bucketByLength,
    int beamWidth,
    int windowStride,
    Distill distill) {

  /**
   * Knowledge distillation: every training target's one-hot code becomes {@code (1 - weight) x
   * one-hot + weight x q}, where q is the teacher's next-item distribution (softmax of its scores /
   * {@code temperature}) summed over the items of each code under the target's true prefix (see
   * {@link DistillTargets}). An option, not the paper's model: the SID model learns which items of
   * a cluster follow a history from a model that keeps a row per item.
   *
   * @param weight 0 (off) to 1 (the teacher's distribution alone)
   * @param temperature softens (> 1) or sharpens (< 1) the teacher's distribution
   */
  public record Distill(double weight, double temperature) {
    public static final Distill OFF = new Distill(0, 1);

    public Distill {
      require(weight >= 0 && weight <= 1, "distill.weight must be in [0, 1]: " + weight);
      require(
          temperature > 0 && Double.isFinite(temperature),
          "distill.temperature must be positive: " + temperature);
    }

    public boolean on() {
      return weight > 0;
    }
  }

  public HmatTrainConfig {
    require(model != null, "model config is required");
    require(batchSize > 0, "batchSize must be positive, got " + batchSize);
    require(
        learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1): " + learningRate);
    require(weightDecay >= 0 && weightDecay < 1, "weightDecay must be in [0, 1): " + weightDecay);
    require(maxEpochs > 0, "maxEpochs must be positive, got " + maxEpochs);
    require(patience > 0, "patience must be positive, got " + patience);
    require(validateEvery > 0, "validateEvery must be positive, got " + validateEvery);
    require(schedule != null, "schedule is required (CONSTANT or COSINE)");
    require(
        warmupEpochs >= 0 && warmupEpochs < maxEpochs,
        "warmupEpochs must be in [0, maxEpochs): " + warmupEpochs);
    require(beamWidth > 0, "beamWidth must be positive, got " + beamWidth);
    require(windowStride >= 0, "windowStride must be >= 0 (0: last window only): " + windowStride);
    require(distill != null, "distill is required (Distill.OFF to train without a teacher)");
  }

  /** A starting point for P1 retrieval: HMAT defaults, batch 128, lr 1e-3, cosine, beam 20. */
  public static HmatTrainConfig defaults() {
    return new HmatTrainConfig(
        HmatConfig.defaults(),
        128,
        1e-3,
        0.01,
        100,
        5,
        1,
        SasRecTrainConfig.Schedule.COSINE,
        1,
        true,
        20,
        0,
        Distill.OFF);
  }

  public HmatTrainConfig withModel(HmatConfig newModel) {
    return new HmatTrainConfig(
        newModel,
        batchSize,
        learningRate,
        weightDecay,
        maxEpochs,
        patience,
        validateEvery,
        schedule,
        warmupEpochs,
        bucketByLength,
        beamWidth,
        windowStride,
        distill);
  }

  public HmatTrainConfig withMaxEpochs(int epochs) {
    return new HmatTrainConfig(
        model,
        batchSize,
        learningRate,
        weightDecay,
        epochs,
        patience,
        validateEvery,
        schedule,
        Math.min(warmupEpochs, epochs - 1),
        bucketByLength,
        beamWidth,
        windowStride,
        distill);
  }

  /**
   * The same run validated every {@code every} epochs, stopping after {@code patience} without
   * gain.
   */
  public HmatTrainConfig withValidation(int newPatience, int every) {
    return new HmatTrainConfig(
        model,
        batchSize,
        learningRate,
        weightDecay,
        maxEpochs,
        newPatience,
        every,
        schedule,
        warmupEpochs,
        bucketByLength,
        beamWidth,
        windowStride,
        distill);
  }

  public HmatTrainConfig withBeamWidth(int width) {
    return new HmatTrainConfig(
        model,
        batchSize,
        learningRate,
        weightDecay,
        maxEpochs,
        patience,
        validateEvery,
        schedule,
        warmupEpochs,
        bucketByLength,
        width,
        windowStride,
        distill);
  }

  public HmatTrainConfig withDistill(Distill newDistill) {
    return new HmatTrainConfig(
        model,
        batchSize,
        learningRate,
        weightDecay,
        maxEpochs,
        patience,
        validateEvery,
        schedule,
        warmupEpochs,
        bucketByLength,
        beamWidth,
        windowStride,
        newDistill);
  }

  /**
   * The learning rate of one step: linear warm-up over {@code warmupEpochs}, then constant or a
   * half-cosine down to 0 at {@code maxEpochs} (the same rule as SASRec's trainer).
   *
   * @param step 0-based step index over the whole run
   */
  public double learningRateAt(long step, int stepsPerEpoch) {
    return Training.learningRateAt(
        schedule, learningRate, warmupEpochs, maxEpochs, step, stepsPerEpoch);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
