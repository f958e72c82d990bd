package dev.hisam.hmat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hisam.core.Json;
import dev.hisam.core.Seeds;
import dev.hisam.eval.ClassificationMetrics;
import dev.hisam.eval.CtrExamples;
import dev.hisam.train.sasrec.EpochSummary;
import dev.hisam.train.sasrec.SasRecTrainConfig;
import dev.hisam.train.sasrec.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CtrTrainerTest {
  static final SidVocabulary VOCAB = Fixtures.vocabulary();

  /**
   * Synthetic P2 data: each user likes the items whose first code matches that of the items in
   * their history, so the label depends on history and candidate together.
   */
  static CtrExamples synthetic(int users, int perUser, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[][] sequences = new int[users][];
    List<int[]> rows = new ArrayList<>(); // user, item, label, end
    for (int u = 0; u < users; u++) {
      int taste = r.nextInt(5);
      List<Integer> liked = new ArrayList<>();
      for (int i = 0; i < VOCAB.items(); i++) {
        if (VOCAB.code(i, 0) == taste) {
          liked.add(i);
        }
      }
      if (liked.isEmpty()) {
        liked.add(0);
      }
      int[] seq = new int[perUser];
      for (int j = 0; j < perUser; j++) {
        seq[j] = liked.get(r.nextInt(liked.size()));
      }
      sequences[u] = seq;
      for (int j = 1; j < perUser; j++) {
        int item = r.nextInt(VOCAB.items());
        rows.add(new int[] {u, item, VOCAB.code(item, 0) == taste ? 1 : 0, j});
      }
    }
    int n = rows.size();
    int[] user = new int[n];
    int[] item = new int[n];
    boolean[] label = new boolean[n];
    long[] time = new long[n];
    int[] end = new int[n];
    for (int i = 0; i < n; i++) {
      int[] row = rows.get(i);
      user[i] = row[0];
      item[i] = row[1];
      label[i] = row[2] == 1;
      time[i] = i;
      end[i] = row[3];
    }
    return new CtrExamples(user, item, label, time, end, sequences, 6);
  }

  static CtrTrainConfig tinyConfig(boolean anchors, int epochs) {
    return tinyConfig(anchors, epochs, anchors);
  }

  static CtrTrainConfig tinyConfig(boolean anchors, int epochs, boolean candidateSkip) {
    return new CtrTrainConfig(
        Fixtures.tiny(anchors, anchors).withMaxItems(6),
        8,
        5,
        5e-3,
        0.0,
        epochs,
        epochs,
        SasRecTrainConfig.Schedule.CONSTANT,
        0,
        candidateSkip,
        !anchors,
        !anchors,
        false,
        false,
        0.0,
        false,
        false);
  }

  static final TrainingListener QUIET =
      new TrainingListener() {
        @Override
        public void onStep(int epoch, int step, int steps, double loss, long tokens) {}

        @Override
        public void onEpoch(EpochSummary s) {}
      };

  /**
   * HMAT learns a history-dependent click rule through its history path alone (no candidate skip,
   * so the head sees the candidate only through attention): held-out AUC far above chance.
   */
  @Test
  void learnsAHistoryDependentRule() {
    CtrExamples train = synthetic(60, 8, 1);
    CtrExamples test = synthetic(20, 8, 2);
    List<Double> losses = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onStep(int epoch, int step, int steps, double loss, long tokens) {}

          @Override
          public void onEpoch(EpochSummary s) {
            losses.add(s.meanLoss());
          }
        };
    try (CtrModel model =
        new CtrTrainer(tinyConfig(true, 12, false), new Seeds(7))
            .train(train, VOCAB, test, listener)) {
      double auc = ClassificationMetrics.auc(model.score(test), test.label());
      assertTrue(auc > 0.8, "held-out AUC " + auc);
      assertTrue(losses.get(losses.size() - 1) < losses.get(0), "loss did not fall: " + losses);
    }
  }

  /**
   * Weight averaging: with a vanishing decay the average is the live weights, so the model (with
   * and without validation) equals the one trained without averaging, which shows that swapping the
   * average in for validation leaves training untouched; with decay 0.9 the kept model is the
   * validated average (its AUC is the recorded best) and not the live weights.
   */
  @Test
  void weightAveragingKeepsTheValidatedAverageAndLeavesTrainingAlone() {
    CtrExamples train = synthetic(24, 6, 11);
    CtrExamples valid = synthetic(10, 6, 12);
    CtrTrainConfig plain = tinyConfig(true, 3, true);
    for (CtrExamples v : Arrays.asList(null, valid)) {
      try (CtrModel live = new CtrTrainer(plain, new Seeds(5)).train(train, VOCAB, v, QUIET);
          CtrModel tiny =
              new CtrTrainer(withEma(plain, 1e-12), new Seeds(5)).train(train, VOCAB, v, QUIET);
          CtrModel avg =
              new CtrTrainer(withEma(plain, 0.9), new Seeds(5)).train(train, VOCAB, v, QUIET)) {
        float[] expected = live.score(valid);
        float[] near = tiny.score(valid);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], near[i], 1e-5, "example " + i + ", validation " + (v != null));
        }
        assertEquals(live.provenance().bestEpoch(), tiny.provenance().bestEpoch());
        float[] averaged = avg.score(valid);
        assertTrue(!Arrays.equals(expected, averaged), "decay 0.9 kept the live weights");
        if (v != null) {
          double auc =
              ClassificationMetrics.auc(
                  avg.scoreChunked(valid, plain.candidatesPerUser(), 2 * plain.usersPerBatch()),
                  valid.label());
          assertEquals(avg.provenance().bestValidation(), auc, 1e-9);
        }
      }
    }
  }

  static CtrTrainConfig withEma(CtrTrainConfig c, double decay) {
    return variant(c, c.learningRate(), decay, c.userFeedback(), c.feedbackInHead());
  }

  /** {@code c} at another learning rate, with or without the user's feedback (linear term only). */
  static CtrTrainConfig withFeedback(CtrTrainConfig c, double learningRate, boolean feedback) {
    return variant(c, learningRate, c.emaDecay(), feedback, false);
  }

  private static CtrTrainConfig variant(
      CtrTrainConfig c,
      double learningRate,
      double emaDecay,
      boolean feedback,
      boolean feedbackInHead) {
    return new CtrTrainConfig(
        c.model(),
        c.usersPerBatch(),
        c.candidatesPerUser(),
        learningRate,
        c.weightDecay(),
        c.maxEpochs(),
        c.patience(),
        c.schedule(),
        c.warmupEpochs(),
        c.candidateSkip(),
        c.itemIds(),
        c.historyItemIds(),
        c.contentHead(),
        c.historyPool(),
        emaDecay,
        feedback,
        feedbackInHead);
  }

  /** Same seed, same scores; the grouped example scoring equals scoring each history alone. */
  @Test
  void reproducibleAndGroupedScoringEqualsOneByOne(@TempDir Path dir) {
    CtrExamples train = synthetic(12, 6, 3);
    float[] a;
    try (CtrModel m1 =
            new CtrTrainer(tinyConfig(false, 2), new Seeds(9)).train(train, VOCAB, null, QUIET);
        CtrModel m2 =
            new CtrTrainer(tinyConfig(false, 2), new Seeds(9)).train(train, VOCAB, null, QUIET)) {
      a = m1.score(train);
      assertArrayEquals(a, m2.score(train));
      for (int i = 0; i < train.size(); i += 7) {
        float alone =
            m1.score(new int[][] {train.history(i)}, new int[][] {{train.item()[i]}})[0][0];
        assertEquals(alone, a[i], 1e-5, "example " + i);
      }
      // chunked scoring (model selection) equals exact scoring when histories fit the window
      float[] chunked = m1.scoreChunked(train, 4, 3);
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], chunked[i], 1e-4, "chunked example " + i);
      }
      m1.save(dir.resolve("m"));
    }
    try (CtrModel loaded = CtrModel.load(dir.resolve("m"))) {
      assertArrayEquals(a, loaded.score(train));
    }
  }

  /** A model with the content head saves its content vectors and loads to the same scores. */
  @Test
  void contentHeadRoundTrips(@TempDir Path dir) {
    CtrExamples train = synthetic(8, 5, 5);
    CtrTrainConfig base = tinyConfig(true, 1, true);
    CtrTrainConfig config =
        new CtrTrainConfig(
            base.model(),
            base.usersPerBatch(),
            base.candidatesPerUser(),
            base.learningRate(),
            base.weightDecay(),
            base.maxEpochs(),
            base.patience(),
            base.schedule(),
            base.warmupEpochs(),
            true,
            false,
            false,
            true,
            false,
            0.0,
            false,
            false);
    float[][] content = CtrNetworkTest.content(7);
    float[] before;
    try (CtrModel m =
        new CtrTrainer(config, new Seeds(2)).train(train, VOCAB, null, QUIET, null, content)) {
      before = m.score(train);
      m.save(dir.resolve("m"));
    }
    assertTrue(Files.isRegularFile(dir.resolve("m").resolve(CtrModel.CONTENT_FILE)));
    try (CtrModel loaded = CtrModel.load(dir.resolve("m"))) {
      assertArrayEquals(before, loaded.score(train));
    }
    IllegalArgumentException missing =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> new CtrTrainer(config, new Seeds(2)).train(train, VOCAB, null, QUIET));
    assertTrue(missing.getMessage().contains("content"), missing.getMessage());
  }

  /**
   * 16 users with 12 examples each: even users like 90% of what they are shown, odd users 10%, with
   * random histories and candidates drawn alike for both.
   */
  static CtrExamples likersAndHaters() {
    SplittableRandom r = new SplittableRandom(4);
    int users = 16;
    int perUser = 12;
    int[][] sequences = new int[users][];
    int n = users * perUser;
    int[] user = new int[n];
    int[] item = new int[n];
    boolean[] label = new boolean[n];
    long[] time = new long[n];
    int[] end = new int[n];
    for (int u = 0; u < users; u++) {
      sequences[u] = Fixtures.randomItems(r, perUser, VOCAB.items());
      for (int j = 0; j < perUser; j++) {
        int i = u * perUser + j;
        user[i] = u;
        item[i] = r.nextInt(VOCAB.items());
        label[i] = r.nextDouble() < (u % 2 == 0 ? 0.9 : 0.1);
        time[i] = j;
        end[i] = j;
      }
    }
    return new CtrExamples(user, item, label, time, end, sequences, 6);
  }

  /**
   * The feedback read in the head as well (ctr.train.feedbackInHead) learns the same offset, saves
   * and loads to the same scores, and validates with each example's own counts.
   */
  @Test
  void feedbackInTheHeadLearnsTheOffsetAndRoundTrips(@TempDir Path dir) {
    CtrExamples train = likersAndHaters();
    CtrTrainConfig linear = withFeedback(tinyConfig(true, 4, true), 0.03, true);
    CtrTrainConfig inHead = variant(linear, 0.03, 0.0, true, true);
    float[] scores;
    try (CtrModel m = new CtrTrainer(inHead, new Seeds(3)).train(train, VOCAB, null, QUIET)) {
      assertTrue(m.readsFeedback());
      scores = m.score(train);
      float[] chunked = m.scoreChunked(train, 4, 3);
      for (int i = 0; i < train.size(); i++) {
        if (train.timestamp()[i] < 4) {
          assertEquals(scores[i], chunked[i], 1e-4, "chunked example " + i);
        }
      }
      m.save(dir.resolve("m"));
    }
    double auc = ClassificationMetrics.auc(scores, train.label());
    assertTrue(auc > 0.75, "AUC with the feedback in the head " + auc);
    try (CtrModel loaded = CtrModel.load(dir.resolve("m"))) {
      assertTrue(loaded.provenance().trainConfig().feedbackInHead());
      assertArrayEquals(scores, loaded.score(train));
    }
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> variant(linear, 0.03, 0.0, false, true));
    assertTrue(e.getMessage().contains("feedbackInHead needs userFeedback"), e.getMessage());
  }

  /**
   * Examples between the same two positives share a history but not their feedback counts (each has
   * its own timestamp): the grouped scoring encodes that history once and still gives each example
   * the score of its own history and its own counts, as scoring it alone does.
   */
  @Test
  void groupedScoringSharesAHistoryAndKeepsEachExamplesFeedback() {
    CtrExamples liked = likersAndHaters();
    int n = liked.size();
    int[] end = new int[n];
    for (int i = 0; i < n; i++) {
      end[i] = liked.historyEnd()[i] / 3; // three examples at different times per history
    }
    CtrExamples shared =
        new CtrExamples(
            liked.user(),
            liked.item(),
            liked.label(),
            liked.timestamp(),
            end,
            liked.sequences(),
            liked.historyCap());
    java.util.Set<java.util.List<Integer>> histories = new java.util.HashSet<>();
    java.util.Set<java.util.List<Integer>> counts = new java.util.HashSet<>();
    for (int i = 0; i < n; i++) {
      histories.add(java.util.List.of(shared.user()[i], end[i]));
      counts.add(java.util.List.of(shared.user()[i], end[i], shared.earlierRatings()[i]));
    }
    assertEquals(n / 3, histories.size());
    assertEquals(n, counts.size()); // every example of a shared history has its own counts
    CtrTrainConfig inHead =
        variant(withFeedback(tinyConfig(true, 4, true), 0.03, true), 0.03, 0.0, true, true);
    try (CtrModel m = new CtrTrainer(inHead, new Seeds(5)).train(shared, VOCAB, null, QUIET)) {
      float[] grouped = m.score(shared);
      for (int i = 0; i < n; i++) {
        float alone =
            m.score(
                    new int[][] {shared.history(i)},
                    new int[][] {{shared.item()[i]}},
                    new dev.hisam.eval.UserFeedback[] {shared.feedback(i)})[0][0];
        assertEquals(alone, grouped[i], 1e-5, "example " + i);
      }
    }
  }

  /**
   * Users who like almost everything and users who like almost nothing, with histories drawn alike:
   * only the earlier feedback tells them apart. The model that reads it ranks the examples (global
   * AUC) far better than the same model without it; saved and loaded, it scores the same, and
   * scoring without the counts is refused.
   */
  @Test
  void feedbackGivesTheUserOffsetTheHistoryCannot(@TempDir Path dir) {
    CtrExamples train = likersAndHaters();
    int n = train.size();
    int[][] sequences = train.sequences();
    long[] time = train.timestamp();
    boolean[] label = train.label();
    // a few dozen steps: a learning rate at which the feedback weights can move
    CtrTrainConfig plain = withFeedback(tinyConfig(true, 4, true), 0.03, false);
    float[] with;
    float[] without;
    try (CtrModel m =
            new CtrTrainer(withFeedback(plain, 0.03, true), new Seeds(3))
                .train(train, VOCAB, null, QUIET);
        CtrModel p = new CtrTrainer(plain, new Seeds(3)).train(train, VOCAB, null, QUIET)) {
      assertTrue(m.readsFeedback());
      with = m.score(train);
      without = p.score(train);
      m.save(dir.resolve("m"));
      // chunked scoring (validation) passes each example's own counts: exact where the first
      // chunk of four fits the window of six
      float[] chunked = m.scoreChunked(train, 4, 3);
      for (int i = 0; i < n; i++) {
        if (time[i] < 4) {
          assertEquals(with[i], chunked[i], 1e-4, "chunked example " + i);
        }
      }
    }
    double aucWith = ClassificationMetrics.auc(with, label);
    double aucWithout = ClassificationMetrics.auc(without, label);
    assertTrue(
        aucWith > 0.75 && aucWith > aucWithout + 0.1,
        "AUC with feedback " + aucWith + ", without " + aucWithout);
    try (CtrModel loaded = CtrModel.load(dir.resolve("m"))) {
      assertArrayEquals(with, loaded.score(train));
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class,
              () -> loaded.score(new int[][] {sequences[0]}, new int[][] {{1}}));
      assertTrue(e.getMessage().contains("feedback"), e.getMessage());
    }
  }

  /** The keys of the first saved CTR format (2026-11-23); every later one may be missing. */
  static final Set<String> FIRST_TRAIN_KEYS =
      Set.of(
          "model",
          "usersPerBatch",
          "candidatesPerUser",
          "learningRate",
          "weightDecay",
          "maxEpochs",
          "patience",
          "schedule",
          "warmupEpochs");

  static final Set<String> FIRST_MODEL_KEYS =
      Set.of(
          "dim",
          "blocks",
          "heads",
          "ffnDim",
          "dropout",
          "maxItems",
          "itemRotaryFraction",
          "ropeBase",
          "hierarchicalRope",
          "anchors",
          "activation",
          "initStd");

  /**
   * A model.json written before any later setting existed loads and scores as before: the model is
   * trained with every later option at its old behaviour, then each key added since the first
   * format is dropped in turn (from the training config, or from every network config). A new
   * record component without an upgrade in {@code ModelFiles} fails here.
   */
  @Test
  void everyKeyAddedSinceTheFirstFormatMayBeMissing(@TempDir Path dir) throws Exception {
    CtrExamples train = synthetic(8, 5, 4);
    float[] before;
    Path m = dir.resolve("m");
    try (CtrModel model =
        new CtrTrainer(tinyConfig(true, 1, false), new Seeds(2)).train(train, VOCAB, null, QUIET)) {
      before = model.score(train);
      model.save(m);
    }
    Path info = m.resolve(CtrModel.INFO_FILE);
    String saved = Files.readString(info);
    ObjectNode tree = (ObjectNode) Json.mapper().readTree(saved);
    var older = dev.hisam.train.SavedFormats.olderFormats(tree, FIRST_TRAIN_KEYS, FIRST_MODEL_KEYS);
    assertTrue(older.size() >= 8, "keys added since the first format: " + older.keySet());
    for (var e : older.entrySet()) {
      String key = e.getKey();
      Files.writeString(info, Json.mapper().writeValueAsString(e.getValue()));
      try (CtrModel loaded = CtrModel.load(m)) {
        assertArrayEquals(before, loaded.score(train), key);
      } catch (RuntimeException ex) {
        throw new AssertionError("a model.json without " + key + " does not load: " + ex, ex);
      }
    }
    Files.writeString(info, saved);
  }

  /** Chunks: chronological, windows end at the chunk's latest history, each sees its own prefix. */
  @Test
  void chunksCutWindowsAndVisibility() {
    int[][] seqs = {{10, 11, 12, 13, 14, 15}};
    CtrExamples ex =
        new CtrExamples(
            new int[] {0, 0, 0},
            new int[] {1, 2, 3},
            new boolean[] {true, false, true},
            new long[] {1, 2, 3},
            new int[] {2, 5, 6},
            seqs,
            4);
    List<CtrTrainer.Chunk> chunks = CtrTrainer.chunks(ex, 2, 4);
    assertEquals(2, chunks.size());
    CtrTrainer.Chunk first = chunks.get(0);
    assertArrayEquals(new int[] {11, 12, 13, 14}, first.window()); // last 4 before end 5
    assertArrayEquals(new int[] {1, 2}, first.items());
    assertArrayEquals(new int[] {1, 4}, first.visible()); // end 2 -> sees 11 only
    assertArrayEquals(new float[] {1f, 0f}, first.labels());
    CtrTrainer.Chunk second = chunks.get(1);
    assertArrayEquals(new int[] {12, 13, 14, 15}, second.window());
    assertArrayEquals(new int[] {4}, second.visible());
    assertEquals(Arrays.toString(new int[] {3}), Arrays.toString(second.items()));
  }
}
