package dev.hisam.hmat;

import ai.djl.engine.Engine;
import dev.hisam.core.Json;
import dev.hisam.core.Seeds;
import dev.hisam.eval.ItemScorer;
import dev.hisam.model.sasrec.Dropout;
import dev.hisam.train.EarlyStopping;
import dev.hisam.train.Training;
import dev.hisam.train.sasrec.AdamW;
import dev.hisam.train.sasrec.EpochSummary;
import dev.hisam.train.sasrec.TrainingListener;
import dev.hisam.train.sasrec.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains HMAT (or the flat baseline) by teacher forcing over whole sequences: every item's codes
 * and the next item's first code are targets in one forward pass (see {@link HmatBatch}). AdamW
 * with warm-up and decay, length-bucketed batches, validation with early stopping that keeps the
 * best weights. Each training sequence contributes its last {@code maxItems + 1} items.
 *
 * <p>Same seed, same data, same config: same weights. Tokens in {@link EpochSummary} and {@link
 * TrainingListener#onStep} are input tokens of real items (padding excluded).
 */
public final class HmatTrainer {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.98;
  static final double EPS = 1e-8;

  private final HmatTrainConfig config;
  private final Seeds seeds;

  public HmatTrainer(HmatTrainConfig config, Seeds seeds) {
    this.config = config;
    this.seeds = seeds;
  }

  public HmatTrainConfig config() {
    return config;
  }

  /**
   * @param trainSequences per user, chronological ItemIds of the training split (sequences shorter
   *     than 2 are skipped: they have no next item)
   * @param vocab the catalogue's semantic IDs
   * @param validator validation metric, higher is better (P1 NDCG@10 on the validation split, via
   *     the beam-search scorer it is given); called every {@code validateEvery} epochs and after
   *     the last epoch
   * @param listener progress callbacks
   * @return the model with the best validated weights (the last weights if never validated)
   */
  public HmatModel train(
      int[][] trainSequences, SidVocabulary vocab, Validator validator, TrainingListener listener) {
    return train(trainSequences, vocab, validator, listener, null);
  }

  /**
   * As {@link #train(int[][], SidVocabulary, Validator, TrainingListener)}, writing {@code
   * checkpoint} after every epoch; when the file exists at the start, training continues from it
   * (same config required) and ends with the same weights as an uninterrupted run. The listener
   * hears only the epochs run by this call.
   */
  public HmatModel train(
      int[][] trainSequences,
      SidVocabulary vocab,
      Validator validator,
      TrainingListener listener,
      Path checkpoint) {
    return train(trainSequences, vocab, validator, listener, checkpoint, null);
  }

  /**
   * As {@link #train(int[][], SidVocabulary, Validator, TrainingListener, Path)}, distilling from
   * {@code teacher} when the config's {@link HmatTrainConfig.Distill} is on (the teacher is
   * required then and read only then).
   *
   * @param teacher next-item scores over the same catalogue (e.g. the run's SASRec)
   */
  public HmatModel train(
      int[][] trainSequences,
      SidVocabulary vocab,
      Validator validator,
      TrainingListener listener,
      Path checkpoint,
      ItemScorer teacher) {
    List<int[]> windows =
        windows(trainSequences, vocab.items(), config.model().maxItems(), config.windowStride());
    HmatTrainConfig.Distill distill = config.distill();
    if (distill.on() && teacher == null) {
      throw new IllegalArgumentException(
          "distill.weight is " + distill.weight() + " but no teacher was given");
    }
    DistillTargets soft =
        distill.on()
            ? DistillTargets.compute(windows, vocab, teacher, distill.temperature(), listener)
            : null;
    SplittableRandom order = seeds.stream("hmat.batches");
    String configJson;
    try {
      configJson = Json.mapper().writeValueAsString(config);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Hmat net = new Hmat(config.model(), vocab, seeds.stream("hmat.init"));
    PrefixTrie trie = new PrefixTrie(vocab);
    try (AdamW optimizer =
        new AdamW(
            net.parameters(), config.learningRate(), BETA1, BETA2, EPS, config.weightDecay())) {
      net.parameters().attachGradients();
      EarlyStopping stopping = new EarlyStopping(config.patience());
      int epoch = 0;
      long globalStep = 0;
      if (checkpoint != null && Files.isRegularFile(checkpoint)) {
        HmatCheckpoint c = HmatCheckpoint.read(checkpoint);
        if (!c.config().equals(configJson)) {
          throw new IllegalArgumentException(
              checkpoint + " was written by a run with another config; delete it to start over");
        }
        net.parameters().restore(c.weights());
        optimizer.restore((int) c.globalStep(), c.moments());
        stopping =
            new EarlyStopping(
                config.patience(), c.bestValue(), c.bestEpoch(), c.sinceBest(), c.best());
        globalStep = c.globalStep();
        for (epoch = 0; epoch < c.epoch(); epoch++) {
          // replay the batch order of the finished epochs
          Training.batches(windows, config.batchSize(), config.bucketByLength(), order);
        }
      }
      while (epoch < config.maxEpochs() && !stopping.exhausted()) {
        epoch++;
        // dropout draws from a stream per epoch, so a resumed epoch draws what it drew before
        Engine.getInstance().setRandomSeed((int) seeds.derive("hmat.dropout." + epoch));
        Dropout.seed(seeds.derive("hmat.dropout." + epoch));
        List<int[]> batches =
            Training.batches(windows, config.batchSize(), config.bucketByLength(), order);
        long start = System.nanoTime();
        double lossSum = 0;
        long targets = 0;
        long tokens = 0;
        for (int step = 0; step < batches.size(); step++) {
          optimizer.setLearningRate(config.learningRateAt(globalStep++, batches.size()));
          int[] members = batches.get(step);
          int[][] seqs = new int[members.length][];
          long stepTokens = 0;
          for (int i = 0; i < members.length; i++) {
            seqs[i] = windows.get(members[i]);
            stepTokens += (long) seqs[i].length * net.perItem();
          }
          HmatBatch batch = net.trainingBatch(seqs);
          float[][] softTargets =
              soft == null ? null : soft.mixed(windows, members, batch, vocab, distill.weight());
          float loss = Training.step(() -> net.loss(batch, true, softTargets), optimizer);
          lossSum += (double) loss * batch.rows().length;
          targets += batch.rows().length;
          tokens += stepTokens;
          listener.onStep(epoch, step + 1, batches.size(), loss, stepTokens);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double value = Double.NaN;
        double validationSeconds = 0;
        boolean isBest = false;
        if (epoch % config.validateEvery() == 0 || epoch == config.maxEpochs()) {
          long v0 = System.nanoTime();
          value =
              validator.validate(
                  histories ->
                      HmatModel.scoresOf(
                          HmatModel.searchAll(net, trie, histories, config.beamWidth()),
                          vocab.items()));
          validationSeconds = (System.nanoTime() - v0) / 1e9;
          isBest = stopping.record(epoch, value, config.validateEvery(), net.parameters());
        }
        if (checkpoint != null) {
          new HmatCheckpoint(
                  configJson,
                  epoch,
                  globalStep,
                  stopping.bestValue(),
                  stopping.bestEpoch(),
                  stopping.sinceBest(),
                  net.parameters().snapshot(),
                  optimizer.moments(),
                  stopping.best())
              .write(checkpoint);
        }
        listener.onEpoch(
            new EpochSummary(
                epoch, lossSum / targets, value, isBest, seconds, tokens, validationSeconds));
      }
      stopping.keepBest(net.parameters(), epoch);
      return new HmatModel(
          net,
          config.beamWidth(),
          new HmatModel.Provenance(
              seeds.root(), config, stopping.bestEpoch(), stopping.bestValue(), epoch));
    } catch (RuntimeException | Error e) {
      net.close();
      throw e;
    }
  }

  /**
   * The training windows: the last {@code maxItems + 1} items of every sequence with at least 2
   * items and, when {@code stride > 0}, the windows of a longer sequence ending {@code stride}, 2
   * {@code stride}, ... items before its end (down to windows of 2 items).
   */
  static List<int[]> windows(int[][] sequences, int numItems, int maxItems, int stride) {
    List<int[]> out = new ArrayList<>();
    int width = maxItems + 1;
    for (int[] s : sequences) {
      for (int id : s) {
        if (id < 0 || id >= numItems) {
          throw new IllegalArgumentException("ItemId " + id + " outside [0, " + numItems + ")");
        }
      }
      if (s.length < 2) {
        continue;
      }
      if (s.length <= width) {
        out.add(s);
        continue;
      }
      out.add(Arrays.copyOfRange(s, s.length - width, s.length));
      for (int end = s.length - stride; stride > 0 && end >= 2; end -= stride) {
        out.add(Arrays.copyOfRange(s, Math.max(0, end - width), end));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no training sequence has 2 or more items");
    }
    return out;
  }
}
