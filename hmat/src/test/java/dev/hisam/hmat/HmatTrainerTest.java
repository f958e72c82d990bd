package dev.hisam.hmat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hisam.core.Json;
import dev.hisam.core.Seeds;
import dev.hisam.eval.NextItemProtocol;
import dev.hisam.eval.Ranking;
import dev.hisam.train.sasrec.EpochSummary;
import dev.hisam.train.sasrec.SasRecTrainConfig;
import dev.hisam.train.sasrec.TrainingListener;
import dev.hisam.train.sasrec.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HmatTrainerTest {
  static final SidVocabulary VOCAB = Fixtures.vocabulary();

  // items 0, 1 and 2 share their level codes: only the collision level tells them apart
  static final int[][] FOUR = {{3, 4, 5, 0}, {6, 7, 1}, {8, 9, 10, 11, 2}, {12, 29, 12, 29, 13}};

  static HmatTrainConfig tiny(boolean hRope, boolean anchors, int epochs) {
    return new HmatTrainConfig(
        Fixtures.tiny(hRope, anchors),
        4,
        1e-2,
        0.0,
        epochs,
        Integer.MAX_VALUE,
        Integer.MAX_VALUE,
        SasRecTrainConfig.Schedule.CONSTANT,
        0,
        true,
        5,
        0,
        HmatTrainConfig.Distill.OFF);
  }

  /**
   * A tiny model memorises 4 sequences: the loss falls from about ln(levelSize) to near zero and
   * the beam's best item after each history is that sequence's next item (HMAT and flat).
   */
  @ParameterizedTest
  @CsvSource({"true,true", "false,false"})
  void tinyModelOverfitsFourExamples(boolean hRope, boolean anchors) {
    List<EpochSummary> epochs = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onEpoch(EpochSummary s) {
            epochs.add(s);
          }
        };
    try (HmatModel model =
        new HmatTrainer(tiny(hRope, anchors, 120), new Seeds(1))
            .train(FOUR, VOCAB, s -> 0, listener)) {
      assertEquals(120, epochs.size());
      // initial loss near the mean of ln 5, ln 4, ln 3 and ln 3 (uniform over each level) ~ 1.3
      assertTrue(epochs.get(0).meanLoss() > 0.8, "initial loss " + epochs.get(0).meanLoss());
      double last = epochs.get(epochs.size() - 1).meanLoss();
      assertTrue(last < 0.1, "final loss " + last);
      for (int[] s : FOUR) {
        int[] history = Arrays.copyOf(s, s.length - 1);
        Candidates c = model.recommend(new int[][] {history})[0];
        assertEquals(s[s.length - 1], c.items()[0], Arrays.toString(s));
      }
    }
  }

  /**
   * Validation keeps the best weights and stops after {@code patience} epochs without a better
   * value: values 0.1, 0.3, 0.2, 0.2 with patience 2 stop after epoch 4 keeping epoch 2.
   */
  @Test
  void earlyStoppingKeepsTheBestEpoch() {
    double[] values = {0.1, 0.3, 0.2, 0.2, 0.9};
    int[] calls = {0};
    HmatTrainConfig c = tiny(true, true, 10).withValidation(2, 1).withBeamWidth(3);
    List<EpochSummary> epochs = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onEpoch(EpochSummary s) {
            epochs.add(s);
          }
        };
    try (HmatModel model =
        new HmatTrainer(c, new Seeds(2))
            .train(
                FOUR,
                VOCAB,
                scorer -> {
                  float[][] s = scorer.score(new int[][] {{3, 4}});
                  assertEquals(VOCAB.items(), s[0].length);
                  int finite = 0;
                  for (float x : s[0]) {
                    finite += Float.isFinite(x) ? 1 : 0;
                  }
                  assertEquals(3, finite, "beam width 3 decodes 3 items");
                  return values[calls[0]++];
                },
                listener)) {
      assertEquals(4, epochs.size());
      assertEquals(2, model.provenance().bestEpoch());
      assertEquals(0.3, model.provenance().bestValidation());
      assertEquals(4, model.provenance().epochsRun());
      assertTrue(epochs.get(1).best());
      // tokens: the 4 windows hold 4 + 3 + 5 + 5 = 17 items of 5 tokens (3 levels, collision,
      // anchor)
      assertEquals(17 * 5, epochs.get(0).tokens());
    }
  }

  /** The training-config keys of the first saved HMAT format (2026-11-23). */
  static final Set<String> FIRST_TRAIN_KEYS =
      Set.of(
          "model",
          "batchSize",
          "learningRate",
          "weightDecay",
          "maxEpochs",
          "patience",
          "validateEvery",
          "schedule",
          "warmupEpochs",
          "bucketByLength",
          "beamWidth");

  /** Same seed, same weights; the saved directory loads back to identical recommendations. */
  @Test
  void deterministicAndSaveLoadRoundTrips(@TempDir Path dir) throws Exception {
    HmatTrainConfig c = tiny(true, true, 3);
    int[][] histories = {{3, 4, 5}, {6, 7}, {12, 29, 12}};
    try (HmatModel a =
            new HmatTrainer(c, new Seeds(7)).train(FOUR, VOCAB, s -> 0, TrainingListener.NONE);
        HmatModel b =
            new HmatTrainer(c, new Seeds(7)).train(FOUR, VOCAB, s -> 0, TrainingListener.NONE)) {
      float[][] wa = a.network().parameters().snapshot();
      float[][] wb = b.network().parameters().snapshot();
      for (int i = 0; i < wa.length; i++) {
        assertArrayEquals(wa[i], wb[i]);
      }
      // beam-list ranks and the ItemScorer view agree below the beam width (5)
      NextItemProtocol p1 = new NextItemProtocol(FOUR, VOCAB.items());
      NextItemProtocol.Split split = p1.split(NextItemProtocol.Part.TEST, 20);
      int[] listRanks = a.ranks(split);
      int[] scoreRanks = NextItemProtocol.evaluate(a, split, VOCAB.items(), 2, List.of(5)).ranks();
      for (int u = 0; u < listRanks.length; u++) {
        if (listRanks[u] == Ranking.MISS) {
          assertTrue(scoreRanks[u] >= 5, "user " + u);
        } else {
          assertEquals(listRanks[u], scoreRanks[u], "user " + u);
        }
      }
      Path saved = dir.resolve("model");
      a.save(saved);
      assertTrue(Files.readString(saved.resolve(HmatModel.INFO_FILE)).contains("\"anchors\""));
      try (HmatModel loaded = HmatModel.load(saved)) {
        assertEquals(a.config(), loaded.config());
        assertEquals(a.provenance(), loaded.provenance());
        assertEquals(a.vocabulary().table(), loaded.vocabulary().table());
        assertArrayEquals(a.score(histories), loaded.score(histories));
      }
      // a model.json written before any later key existed loads with its old behaviour: each key
      // added since the first format (training config, or every network config) dropped in turn
      Path info = saved.resolve(HmatModel.INFO_FILE);
      String json = Files.readString(info);
      ObjectNode tree = (ObjectNode) Json.mapper().readTree(json);
      var older =
          dev.hisam.train.SavedFormats.olderFormats(
              tree, FIRST_TRAIN_KEYS, CtrTrainerTest.FIRST_MODEL_KEYS);
      assertTrue(
          older.containsKey("train:windowStride") && older.containsKey("model:anchorContent"),
          "" + older.keySet());
      for (var e : older.entrySet()) {
        String key = e.getKey();
        Files.writeString(info, Json.mapper().writeValueAsString(e.getValue()));
        try (HmatModel loaded = HmatModel.load(saved)) {
          assertEquals(a.provenance(), loaded.provenance(), key);
          assertArrayEquals(a.score(histories), loaded.score(histories), key);
        } catch (RuntimeException ex) {
          throw new AssertionError("a model.json without " + key + " does not load: " + ex, ex);
        }
      }
    }
  }

  /**
   * A run interrupted after epoch 3 and resumed from its checkpoint ends with exactly the weights,
   * best epoch and validation value of the same run uninterrupted (dropout on, validation every 2
   * epochs, so the RNG streams, the optimizer moments and the best snapshot all have to survive).
   */
  @Test
  void resumedRunEqualsTheUninterruptedRun(@TempDir Path tmp) {
    HmatTrainConfig c =
        new HmatTrainConfig(
            Fixtures.tiny(true, true).withDropout(0.2),
            2,
            1e-2,
            0.01,
            6,
            100,
            2,
            SasRecTrainConfig.Schedule.COSINE,
            1,
            true,
            5,
            0,
            HmatTrainConfig.Distill.OFF);
    Validator validator =
        scorer -> {
          double t = 0;
          for (float v : scorer.score(new int[][] {{3, 4, 5}})[0]) {
            t += Float.isFinite(v) ? v : 0;
          }
          return t;
        };
    float[][] straight;
    HmatModel.Provenance straightProvenance;
    try (HmatModel m =
        new HmatTrainer(c, new Seeds(5))
            .train(FOUR, VOCAB, validator, TrainingListener.NONE, tmp.resolve("a.ckpt"))) {
      straight = m.network().parameters().snapshot();
      straightProvenance = m.provenance();
    }
    Path ckpt = tmp.resolve("b.ckpt");
    TrainingListener dies =
        new TrainingListener() {
          @Override
          public void onEpoch(EpochSummary s) {
            if (s.epoch() == 3) {
              throw new IllegalStateException("killed");
            }
          }
        };
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class,
        () -> new HmatTrainer(c, new Seeds(5)).train(FOUR, VOCAB, validator, dies, ckpt));
    assertTrue(Files.isRegularFile(ckpt));
    List<Integer> resumedEpochs = new ArrayList<>();
    TrainingListener counts =
        new TrainingListener() {
          @Override
          public void onEpoch(EpochSummary s) {
            resumedEpochs.add(s.epoch());
          }
        };
    try (HmatModel m =
        new HmatTrainer(c, new Seeds(5)).train(FOUR, VOCAB, validator, counts, ckpt)) {
      assertEquals(List.of(4, 5, 6), resumedEpochs);
      float[][] resumed = m.network().parameters().snapshot();
      for (int i = 0; i < straight.length; i++) {
        assertArrayEquals(straight[i], resumed[i], 0f, "tensor " + i);
      }
      assertEquals(straightProvenance, m.provenance());
    }
    // a checkpoint of another config is refused, not silently mixed in
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () ->
            new HmatTrainer(c.withMaxEpochs(7), new Seeds(5))
                .train(FOUR, VOCAB, validator, TrainingListener.NONE, ckpt));
  }

  /**
   * Stride 0 keeps one window (the last maxItems + 1 items); stride maxItems makes every transition
   * of a long sequence a target exactly once, each window at most maxItems + 1 long and a
   * contiguous piece of its sequence.
   */
  @Test
  void windowsWithAStrideCoverEveryTransitionOnce() {
    int[] longSeq = new int[47];
    for (int i = 0; i < longSeq.length; i++) {
      longSeq[i] = i + 5; // distinct ids: a window's first id says where it starts
    }
    int[][] seqs = {longSeq, {1, 2, 3}, {4}};
    List<int[]> last = HmatTrainer.windows(seqs, 60, 10, 0);
    assertEquals(2, last.size());
    assertArrayEquals(Arrays.copyOfRange(longSeq, 36, 47), last.get(0));
    assertArrayEquals(new int[] {1, 2, 3}, last.get(1));

    List<int[]> all = HmatTrainer.windows(seqs, 60, 10, 10);
    // targets of the long sequence: positions 1..46, each once, found by where a window lies in it
    int[] targetCount = new int[longSeq.length];
    int windowsOfLong = 0;
    for (int[] w : all) {
      assertTrue(w.length >= 2 && w.length <= 11, "window length " + w.length);
      if (w.length == 3 && w[0] == 1) {
        continue; // the short sequence, kept whole
      }
      windowsOfLong++;
      int start = w[0] - 5;
      assertArrayEquals(Arrays.copyOfRange(longSeq, start, start + w.length), w);
      for (int t = start + 1; t < start + w.length; t++) {
        targetCount[t]++;
      }
    }
    assertEquals(5, windowsOfLong); // ends 47, 37, 27, 17, 7
    for (int t = 1; t < longSeq.length; t++) {
      assertEquals(1, targetCount[t], "target position " + t);
    }
    assertEquals(0, targetCount[0]);
    // a smaller stride repeats targets with more history, never drops one
    List<int[]> dense = HmatTrainer.windows(seqs, 60, 10, 3);
    assertTrue(dense.size() > all.size());
  }
}
