package dev.hisam.hmat;

import ai.djl.engine.Engine;
import dev.hisam.core.Seeds;
import dev.hisam.eval.ClassificationMetrics;
import dev.hisam.eval.CtrExamples;
import dev.hisam.eval.UserFeedback;
import dev.hisam.model.sasrec.Dropout;
import dev.hisam.train.EarlyStopping;
import dev.hisam.train.Training;
import dev.hisam.train.WeightAverage;
import dev.hisam.train.sasrec.AdamW;
import dev.hisam.train.sasrec.EpochSummary;
import dev.hisam.train.sasrec.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link CtrNetwork} on P2's labelled examples with binary cross-entropy. A user's
 * examples are taken in chronological chunks of {@code candidatesPerUser}; each chunk is one
 * encoded window of the user's positives (the last {@code maxItems} before the chunk's latest
 * example) and each example sees the part of it before its own interaction. Validation AUC after
 * every epoch, early stopping, the best weights kept.
 *
 * <p>Same seed, same data, same config: same weights.
 */
public final class CtrTrainer {
  private final CtrTrainConfig config;
  private final Seeds seeds;

  public CtrTrainer(CtrTrainConfig config, Seeds seeds) {
    this.config = config;
    this.seeds = seeds;
  }

  /** One user's chunk of examples against one window. */
  record Chunk(
      int[] window,
      int[] items,
      int[] visible,
      float[] labels,
      int[] examples,
      UserFeedback[] feedback) {}

  /**
   * @param train the training examples (chronological)
   * @param vocab the catalogue's semantic IDs (or one level of ItemIds)
   * @param validation examples whose AUC selects the epoch; null to keep the last weights
   * @param listener progress callbacks ({@link EpochSummary#validation()} is the AUC)
   */
  public CtrModel train(
      CtrExamples train, SidVocabulary vocab, CtrExamples validation, TrainingListener listener) {
    return train(train, vocab, validation, listener, null);
  }

  /**
   * As above, starting the transformer from {@code pretrained} (the weights of a next-item HMAT or
   * flat model of the same shape, e.g. trained on P1); the CTR head starts fresh.
   */
  public CtrModel train(
      CtrExamples train,
      SidVocabulary vocab,
      CtrExamples validation,
      TrainingListener listener,
      HmatModel pretrained) {
    return train(train, vocab, validation, listener, pretrained, null);
  }

  /**
   * As above, with one fixed content vector per item for the content head (required when {@code
   * contentHead} is on, ignored otherwise).
   */
  public CtrModel train(
      CtrExamples train,
      SidVocabulary vocab,
      CtrExamples validation,
      TrainingListener listener,
      HmatModel pretrained,
      float[][] content) {
    if (config.contentHead() && content == null) {
      throw new IllegalArgumentException("contentHead is on but no content vectors were given");
    }
    List<Chunk> chunks = chunks(train, config.candidatesPerUser(), config.model().maxItems());
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("no CTR training examples");
    }
    List<int[]> windows = new ArrayList<>();
    for (Chunk c : chunks) {
      windows.add(c.window());
    }
    SplittableRandom order = seeds.stream("ctr.batches");
    CtrNetwork net =
        new CtrNetwork(
            config.model(),
            vocab,
            CtrNetwork.Head.of(config),
            config.contentHead() ? content : null,
            seeds.stream("ctr.init"));
    CtrModel model = new CtrModel(net, null);
    if (pretrained != null) {
      float[][] from = pretrained.network().parameters().snapshot();
      float[][] to = net.parameters().snapshot();
      if (from.length > to.length) {
        net.close();
        throw new IllegalArgumentException(
            "the pretrained model has " + from.length + " tensors, the CTR network " + to.length);
      }
      for (int i = 0; i < from.length; i++) {
        if (from[i].length != to[i].length) {
          net.close();
          throw new IllegalArgumentException(
              "pretrained tensor "
                  + net.parameters().all().get(i).name()
                  + " has "
                  + from[i].length
                  + " values, the CTR network's "
                  + to[i].length);
        }
        to[i] = from[i];
      }
      net.parameters().restore(to);
    }
    try (AdamW optimizer =
            new AdamW(
                net.parameters(),
                config.learningRate(),
                HmatTrainer.BETA1,
                HmatTrainer.BETA2,
                HmatTrainer.EPS,
                config.weightDecay());
        WeightAverage average =
            config.emaDecay() > 0 ? new WeightAverage(net.parameters(), config.emaDecay()) : null) {
      net.parameters().attachGradients();
      EarlyStopping stopping = new EarlyStopping(config.patience());
      int epoch = 0;
      long globalStep = 0;
      while (epoch < config.maxEpochs() && !stopping.exhausted()) {
        epoch++;
        Engine.getInstance().setRandomSeed((int) seeds.derive("ctr.dropout." + epoch));
        Dropout.seed(seeds.derive("ctr.dropout." + epoch));
        List<int[]> batches = Training.batches(windows, config.usersPerBatch(), true, order);
        long start = System.nanoTime();
        double lossSum = 0;
        long examples = 0;
        long tokens = 0;
        for (int step = 0; step < batches.size(); step++) {
          optimizer.setLearningRate(config.learningRateAt(globalStep++, batches.size()));
          Batch b = batch(chunks, batches.get(step), net.network().perItem());
          float loss =
              Training.step(
                  () ->
                      CtrNetwork.loss(
                          net.logits(b.windows, b.items, b.visible, b.feedback, true),
                          b.labels,
                          b.weights),
                  optimizer);
          if (average != null) {
            average.update();
          }
          lossSum += (double) loss * b.real;
          examples += b.real;
          tokens += b.tokens;
          listener.onStep(epoch, step + 1, batches.size(), loss, b.tokens);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double value = Double.NaN;
        double validationSeconds = 0;
        boolean isBest = false;
        if (validation != null && validation.size() > 0) {
          long v0 = System.nanoTime();
          // with weight averaging on, the averaged weights are validated and kept
          EarlyStopping.Check check =
              stopping.validate(
                  epoch,
                  1,
                  net.parameters(),
                  average,
                  () ->
                      ClassificationMetrics.auc(
                          model.scoreChunked(
                              validation, config.candidatesPerUser(), 2 * config.usersPerBatch()),
                          validation.label()));
          isBest = check.best();
          value = check.value();
          validationSeconds = (System.nanoTime() - v0) / 1e9;
        }
        listener.onEpoch(
            new EpochSummary(
                epoch, lossSum / examples, value, isBest, seconds, tokens, validationSeconds));
      }
      if (average != null && stopping.best() == null) {
        net.parameters().restore(average.snapshot()); // nothing validated: keep the average
      }
      stopping.keepBest(net.parameters(), epoch);
      return new CtrModel(
          net,
          new CtrModel.Provenance(
              seeds.root(), config, stopping.bestEpoch(), stopping.bestValue(), epoch));
    } catch (RuntimeException | Error e) {
      net.close();
      throw e;
    }
  }

  /** Padded inputs of one forward pass over some chunks; C = the longest chunk's examples. */
  record Batch(
      int[][] windows,
      int[][] items,
      int[][] visible,
      float[] labels,
      float[] weights,
      UserFeedback[] feedback,
      int real,
      long tokens) {}

  /** The chunks of one step, candidates padded to the longest chunk (padding weighs 0). */
  static Batch batch(List<Chunk> chunks, int[] members, int perItem) {
    int c = 0;
    for (int m : members) {
      c = Math.max(c, chunks.get(m).items().length);
    }
    int u = members.length;
    int[][] windows = new int[u][];
    int[][] items = new int[u][];
    int[][] visible = new int[u][];
    float[] labels = new float[u * c];
    float[] weights = new float[u * c];
    UserFeedback[] feedback = new UserFeedback[u * c];
    int real = 0;
    long tokens = 0;
    for (int i = 0; i < u; i++) {
      Chunk ch = chunks.get(members[i]);
      int n = ch.items().length;
      windows[i] = ch.window();
      items[i] = Arrays.copyOf(ch.items(), c);
      visible[i] = Arrays.copyOf(ch.visible(), c);
      Arrays.fill(items[i], n, c, ch.items()[0]);
      for (int k = 0; k < c; k++) { // padding repeats the chunk's first row (weight 0)
        feedback[i * c + k] = ch.feedback()[k < n ? k : 0];
      }
      for (int k = 0; k < n; k++) {
        labels[i * c + k] = ch.labels()[k];
        weights[i * c + k] = 1f;
      }
      real += n;
      tokens += (long) (ch.window().length + n) * perItem;
    }
    return new Batch(windows, items, visible, labels, weights, feedback, real, tokens);
  }

  /**
   * Every user's examples in chronological chunks of at most {@code size}; a chunk's window is the
   * last {@code cap} positives before its latest example, and each example sees the window's items
   * that precede it.
   */
  static List<Chunk> chunks(CtrExamples ex, int size, int cap) {
    int users = 0;
    for (int u : ex.user()) {
      users = Math.max(users, u + 1);
    }
    List<List<Integer>> byUser = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      byUser.add(new ArrayList<>());
    }
    for (int i = 0; i < ex.size(); i++) {
      byUser.get(ex.user()[i]).add(i);
    }
    List<Chunk> out = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      List<Integer> own = byUser.get(u);
      own.sort((a, b) -> Integer.compare(ex.historyEnd()[a], ex.historyEnd()[b]));
      int[] seq = ex.sequences()[u];
      for (int from = 0; from < own.size(); from += size) {
        int to = Math.min(own.size(), from + size);
        int end = ex.historyEnd()[own.get(to - 1)];
        int start = Math.max(0, end - cap);
        int n = to - from;
        int[] items = new int[n];
        int[] visible = new int[n];
        float[] labels = new float[n];
        int[] index = new int[n];
        UserFeedback[] feedback = new UserFeedback[n];
        for (int k = 0; k < n; k++) {
          int i = own.get(from + k);
          index[k] = i;
          feedback[k] = ex.feedback(i);
          items[k] = ex.item()[i];
          visible[k] = Math.max(0, ex.historyEnd()[i] - start);
          labels[k] = ex.label()[i] ? 1f : 0f;
        }
        out.add(
            new Chunk(
                Arrays.copyOfRange(seq, start, end), items, visible, labels, index, feedback));
      }
    }
    return out;
  }
}
