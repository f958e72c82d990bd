package dev.hisam.train.sasrec;

import ai.djl.engine.Engine;
import dev.hisam.core.Seeds;
import dev.hisam.model.sasrec.Dropout;
import dev.hisam.model.sasrec.SasRec;
import dev.hisam.model.sasrec.SequenceBatch;
import dev.hisam.train.EarlyStopping;
import dev.hisam.train.Training;
import dev.hisam.train.WeightAverage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains SASRec with a full-softmax cross-entropy at every position (the next item is the target of
 * each position), AdamW, length-bucketed batches padded to the batch maximum, and early stopping on
 * the caller's validation metric that keeps the best weights; optionally an exponential moving
 * average of the weights ({@link SasRecTrainConfig#emaDecay()}) is what is validated and kept.
 *
 * <p>Each training sequence contributes its last {@code maxLen + 1} items: inputs are all but the
 * last, targets all but the first. Same seed, same data, same config: same weights.
 */
public final class SasRecTrainer {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.98;
  static final double EPS = 1e-8;

  private final SasRecTrainConfig config;
  private final Seeds seeds;

  public SasRecTrainer(SasRecTrainConfig config, Seeds seeds) {
    this.config = config;
    this.seeds = seeds;
  }

  public SasRecTrainConfig config() {
    return config;
  }

  /**
   * @param trainSequences per user, chronological ItemIds of the training split (sequences shorter
   *     than 2 are skipped: they have no target)
   * @param numItems catalogue size; every id must be in {@code [0, numItems)}
   * @param validator validation metric, higher is better; called every {@code validateEvery} epochs
   *     and after the last epoch
   * @param listener progress callbacks
   * @return the model with the best validated weights (the last weights if never validated)
   */
  public SasRecModel train(
      int[][] trainSequences, int numItems, Validator validator, TrainingListener listener) {
    int maxLen = config.model().maxLen();
    List<int[]> inputs = new ArrayList<>();
    List<int[]> targets = new ArrayList<>();
    for (int[] s : trainSequences) {
      for (int id : s) {
        if (id < 0 || id >= numItems) {
          throw new IllegalArgumentException("ItemId " + id + " outside [0, " + numItems + ")");
        }
      }
      if (s.length < 2) {
        continue;
      }
      int[] w = s.length <= maxLen + 1 ? s : Arrays.copyOfRange(s, s.length - maxLen - 1, s.length);
      inputs.add(Arrays.copyOfRange(w, 0, w.length - 1));
      targets.add(Arrays.copyOfRange(w, 1, w.length));
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no training sequence has 2 or more items");
    }
    Engine.getInstance().setRandomSeed((int) seeds.derive("sasrec.dropout"));
    Dropout.seed(seeds.derive("sasrec.dropout"));
    SplittableRandom order = seeds.stream("sasrec.batches");
    SasRec net = new SasRec(config.model(), numItems, seeds.stream("sasrec.init"));
    try (AdamW optimizer = newOptimizer(net);
        WeightAverage average =
            config.emaDecay() > 0 ? new WeightAverage(net.parameters(), config.emaDecay()) : null) {
      net.parameters().attachGradients();
      EarlyStopping stopping = new EarlyStopping(config.patience());
      int epoch = 0;
      long globalStep = 0;
      while (epoch < config.maxEpochs()) {
        epoch++;
        List<int[]> batches =
            Training.batches(inputs, config.batchSize(), config.bucketByLength(), order);
        long start = System.nanoTime();
        double lossSum = 0;
        long tokens = 0;
        for (int step = 0; step < batches.size(); step++) {
          optimizer.setLearningRate(config.learningRateAt(globalStep++, batches.size()));
          int[] members = batches.get(step);
          int[][] in = new int[members.length][];
          int[][] tg = new int[members.length][];
          for (int i = 0; i < members.length; i++) {
            in[i] = inputs.get(members[i]);
            tg[i] = targets.get(members[i]);
          }
          SequenceBatch batch = SequenceBatch.training(in, tg, net.padToken());
          float loss = Training.step(() -> net.loss(batch, true), optimizer);
          if (average != null) {
            average.update();
          }
          lossSum += (double) loss * batch.rows().length;
          tokens += batch.rows().length;
          listener.onStep(epoch, step + 1, batches.size(), loss, batch.rows().length);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double value = Double.NaN;
        double validationSeconds = 0;
        boolean isBest = false;
        if (epoch % config.validateEvery() == 0 || epoch == config.maxEpochs()) {
          long v0 = System.nanoTime();
          // with weight averaging on, the averaged weights are validated and kept
          EarlyStopping.Check check =
              stopping.validate(
                  epoch,
                  config.validateEvery(),
                  net.parameters(),
                  average,
                  () -> validator.validate(histories -> SasRecModel.scoreWith(net, histories)));
          isBest = check.best();
          value = check.value();
          validationSeconds = (System.nanoTime() - v0) / 1e9;
        }
        listener.onEpoch(
            new EpochSummary(
                epoch, lossSum / tokens, value, isBest, seconds, tokens, validationSeconds));
        if (stopping.exhausted()) {
          break;
        }
      }
      stopping.keepBest(net.parameters(), epoch);
      return new SasRecModel(
          net,
          new SasRecModel.Provenance(
              seeds.root(), config, stopping.bestEpoch(), stopping.bestValue(), epoch));
    } catch (RuntimeException | Error e) {
      net.close();
      throw e;
    }
  }

  private AdamW newOptimizer(SasRec net) {
    return new AdamW(
        net.parameters(), config.learningRate(), BETA1, BETA2, EPS, config.weightDecay());
  }
}
