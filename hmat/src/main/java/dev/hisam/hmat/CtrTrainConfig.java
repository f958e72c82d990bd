package dev.hisam.hmat;

import dev.hisam.model.sasrec.SasRecConfig;
import dev.hisam.train.Training;
import dev.hisam.train.sasrec.SasRecTrainConfig;

/**
 * Everything that decides a CTR training run (P2) of HMAT, the flat model or the item-ID
 * transformer besides the data and the seed.
 *
 * @param model network shape; {@code maxItems} is the history cap (300 in P2)
 * @param usersPerBatch history windows encoded per step
 * @param candidatesPerUser labelled examples of one user scored against one encoded window
 * @param learningRate AdamW peak learning rate
 * @param weightDecay decoupled weight decay on linear weight matrices
 * @param maxEpochs hard cap on epochs
 * @param patience stop after this many epochs without a better validation AUC
 * @param schedule learning-rate schedule after the warm-up
 * @param warmupEpochs epochs of linear warm-up from 0 to {@code learningRate}
 * @param candidateSkip the head also reads the sum of the candidate's code embeddings (see {@link
 *     CtrNetwork})
 * @param itemIds the head also reads a learned per-item embedding of the candidate (SID + ID
 *     hybrid, see {@link CtrNetwork}); off by default (the paper's model reads SIDs only)
 * @param historyItemIds the same item embedding also enters the transformer at the last token (the
 *     anchor) of every history item and of the candidate (needs {@code itemIds}); off by default
 * @param contentHead the head also reads a learned projection of the candidate's content vector
 *     (its text and image embeddings, see {@link CtrNetwork}); on by default
 * @param historyPool the head also reads the mean of the visible history items' summed code
 *     embeddings, a per-user view beside the target attention (see {@link CtrNetwork}); off by
 *     default
 * @param emaDecay 0 (off) or the decay of an exponential moving average of the weights, updated
 *     after every step; when on, validation, selection and the saved model use the averaged weights
 *     (0.99 averages over about the last 100 steps, under one epoch of movielens P2)
 * @param userFeedback the logit also reads the user's earlier feedback (how many labelled
 *     interactions before the scored one, how many positive; see {@link CtrNetwork}); off by
 *     default (P2's history is the positives only), and scoring then needs the two counts
 * @param feedbackInHead the head's hidden layer also reads the feedback features, so the feedback
 *     can interact with the candidate and the history instead of only shifting the logit (needs
 *     {@code userFeedback}); off by default
 */
public record CtrTrainConfig(
    HmatConfig model,
    int usersPerBatch,
    int candidatesPerUser,
    double learningRate,
    double weightDecay,
    int maxEpochs,
    int patience,
    SasRecTrainConfig.Schedule schedule,
    int warmupEpochs,
    boolean candidateSkip,
    boolean itemIds,
    boolean historyItemIds,
    boolean contentHead,
    boolean historyPool,
    double emaDecay,
    boolean userFeedback,
    boolean feedbackInHead) {

  public CtrTrainConfig {
    require(model != null, "model config is required");
    require(usersPerBatch > 0, "usersPerBatch must be positive, got " + usersPerBatch);
    require(candidatesPerUser > 0, "candidatesPerUser must be positive, got " + candidatesPerUser);
    require(
        learningRate > 0 && learningRate < 1, "learningRate must be in (0, 1): " + learningRate);
    require(weightDecay >= 0 && weightDecay < 1, "weightDecay must be in [0, 1): " + weightDecay);
    require(maxEpochs > 0, "maxEpochs must be positive, got " + maxEpochs);
    require(patience > 0, "patience must be positive, got " + patience);
    require(schedule != null, "schedule is required (CONSTANT or COSINE)");
    require(
        warmupEpochs >= 0 && warmupEpochs < maxEpochs,
        "warmupEpochs must be in [0, maxEpochs): " + warmupEpochs);
    require(!historyItemIds || itemIds, "historyItemIds needs itemIds=true");
    require(emaDecay >= 0 && emaDecay < 1, "emaDecay must be in [0, 1): " + emaDecay);
    require(!feedbackInHead || userFeedback, "feedbackInHead needs userFeedback=true");
  }

  /**
   * d64, 2 blocks, 2 heads, history 300, content anchors, 16 users x 64 candidates a step, lr 3e-3,
   * 4 epochs, no warm-up, candidate skip and content head on, no item-ID embeddings, no weight
   * averaging.
   *
   * <p>Content anchors ({@link HmatConfig#anchorContent}) are on because with the plain learned
   * anchor the CTR model learned to ignore the history: on movielens P2 an item's logit moved by
   * under 1% of the logits' spread across users (README, "CTR ranking"). The flat and item-ID
   * models have no anchors, so the switch does not touch them.
   */
  public static CtrTrainConfig defaults() {
    return new CtrTrainConfig(
        new HmatConfig(
            64,
            2,
            2,
            256,
            0.1,
            300,
            0.5,
            10000,
            true,
            true,
            SasRecConfig.Activation.GELU,
            0.02,
            true,
            false),
        16,
        64,
        3e-3,
        0.01,
        4,
        2,
        SasRecTrainConfig.Schedule.COSINE,
        0,
        true,
        false,
        false,
        true,
        false,
        0.0,
        false,
        false);
  }

  public CtrTrainConfig withModel(HmatConfig newModel) {
    return new CtrTrainConfig(
        newModel,
        usersPerBatch,
        candidatesPerUser,
        learningRate,
        weightDecay,
        maxEpochs,
        patience,
        schedule,
        warmupEpochs,
        candidateSkip,
        itemIds,
        historyItemIds,
        contentHead,
        historyPool,
        emaDecay,
        userFeedback,
        feedbackInHead);
  }

  /** The same settings with the content head off. */
  public CtrTrainConfig withoutContentHead() {
    return new CtrTrainConfig(
        model,
        usersPerBatch,
        candidatesPerUser,
        learningRate,
        weightDecay,
        maxEpochs,
        patience,
        schedule,
        warmupEpochs,
        candidateSkip,
        itemIds,
        historyItemIds,
        false,
        historyPool,
        emaDecay,
        userFeedback,
        feedbackInHead);
  }

  /** The learning rate of one step (the rule every trainer here shares). */
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
