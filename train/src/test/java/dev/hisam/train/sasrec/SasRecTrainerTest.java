package dev.hisam.train.sasrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.core.Seeds;
import dev.hisam.model.sasrec.SasRecConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SasRecTrainerTest {
  static final int N = 20;
  static final int[][] FOUR = {
    {1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11}, {12, 13, 14, 15, 16, 17, 18}, {19, 0, 19, 0, 19}
  };

  static SasRecTrainConfig tiny(double dropout, int epochs) {
    return tiny(dropout, epochs, Integer.MAX_VALUE, Integer.MAX_VALUE, 0);
  }

  /** A tiny model, constant lr 1e-2, batch 4, validated every {@code validateEvery} epochs. */
  static SasRecTrainConfig tiny(
      double dropout, int epochs, int patience, int validateEvery, double emaDecay) {
    return new SasRecTrainConfig(
        new SasRecConfig(16, 1, 2, 32, dropout, 8, SasRecConfig.Activation.GELU, 0.1),
        4,
        1e-2,
        0.0,
        epochs,
        patience,
        validateEvery,
        SasRecTrainConfig.Schedule.CONSTANT,
        0,
        true,
        emaDecay);
  }

  /** A tiny model memorises 4 sequences: loss near zero, every next item ranked first. */
  @Test
  void tinyModelOverfitsFourSequences() {
    List<Double> losses = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onEpoch(EpochSummary s) {
            losses.add(s.meanLoss());
          }
        };
    try (SasRecModel model =
        new SasRecTrainer(tiny(0.0, 150), new Seeds(1)).train(FOUR, N, s -> 0, listener)) {
      assertEquals(150, losses.size());
      // first epoch near ln(20) = 3.0, the last near zero
      assertTrue(losses.get(0) > 2.0, "initial loss " + losses.get(0));
      assertTrue(losses.get(149) < 0.05, "final loss " + losses.get(149));
      // the loss covers every position; at inference the whole input predicts the last item
      // (positions count from the end, so a shorter prefix is a different context)
      for (int[] s : FOUR) {
        int[] input = java.util.Arrays.copyOf(s, s.length - 1);
        assertEquals(s[s.length - 1], model.topK(input, 1)[0], java.util.Arrays.toString(s));
      }
    }
  }

  @Test
  void sameSeedSameScoresOtherSeedOtherScores() {
    int[][] probe = {{1, 2}, {12, 13, 14}};
    float[][] a;
    float[][] b;
    float[][] c;
    try (SasRecModel m =
        new SasRecTrainer(tiny(0.3, 3), new Seeds(5))
            .train(FOUR, N, s -> 0, TrainingListener.NONE)) {
      a = m.score(probe);
    }
    try (SasRecModel m =
        new SasRecTrainer(tiny(0.3, 3), new Seeds(5))
            .train(FOUR, N, s -> 0, TrainingListener.NONE)) {
      b = m.score(probe);
    }
    try (SasRecModel m =
        new SasRecTrainer(tiny(0.3, 3), new Seeds(6))
            .train(FOUR, N, s -> 0, TrainingListener.NONE)) {
      c = m.score(probe);
    }
    for (int i = 0; i < probe.length; i++) {
      assertArrayEquals(a[i], b[i], 0f);
    }
    assertTrue(Math.abs(a[0][3] - c[0][3]) > 1e-6);
  }

  /** The validator decides which epoch's weights are kept, and patience stops the run. */
  @Test
  void earlyStoppingKeepsTheBestValidatedWeights() {
    SasRecTrainConfig c = tiny(0.0, 50, 3, 1, 0);
    double[] byEpoch = {0.1, 0.5, 0.2, 0.3, 0.4, 0.9};
    int[] calls = {0};
    List<float[]> scoresSeen = new ArrayList<>();
    Validator v =
        scorer -> {
          scoresSeen.add(scorer.score(new int[][] {{1, 2}})[0]);
          return byEpoch[calls[0]++];
        };
    try (SasRecModel m =
        new SasRecTrainer(c, new Seeds(2)).train(FOUR, N, v, TrainingListener.NONE)) {
      // best 0.5 at epoch 2; epochs 3, 4, 5 do not beat it -> stop after epoch 5
      assertEquals(5, calls[0]);
      assertEquals(2, m.provenance().bestEpoch());
      assertEquals(5, m.provenance().epochsRun());
      assertEquals(0.5, m.provenance().bestValidation());
      assertArrayEquals(scoresSeen.get(1), m.score(new int[][] {{1, 2}})[0], 0f);
    }
  }

  /**
   * Weight averaging changes what is validated and kept, never the training itself: the same losses
   * epoch by epoch as without it, other kept weights, and the kept weights are the ones the
   * validator scored.
   */
  @Test
  void weightAveragingValidatesAndKeepsTheAverageWithoutTouchingTraining() {
    int[][] probe = {{1, 2}, {12, 13}};
    List<List<Double>> losses = new ArrayList<>();
    List<float[][]> kept = new ArrayList<>();
    List<float[][]> lastSeen = new ArrayList<>();
    for (double decay : new double[] {0, 0.8}) {
      SasRecTrainConfig c = tiny(0.3, 6, 100, 1, decay);
      List<Double> epochLosses = new ArrayList<>();
      TrainingListener listener =
          new TrainingListener() {
            @Override
            public void onEpoch(EpochSummary s) {
              epochLosses.add(s.meanLoss());
            }
          };
      int[] calls = {0};
      float[][][] seen = new float[1][][];
      Validator rising =
          scorer -> {
            seen[0] = scorer.score(probe);
            return ++calls[0]; // every epoch better: the last one is kept
          };
      try (SasRecModel m = new SasRecTrainer(c, new Seeds(3)).train(FOUR, N, rising, listener)) {
        assertEquals(6, m.provenance().bestEpoch());
        kept.add(m.score(probe));
      }
      losses.add(epochLosses);
      lastSeen.add(seen[0]);
    }
    assertEquals(losses.get(0), losses.get(1), "averaging must not change the training losses");
    for (int run = 0; run < 2; run++) {
      for (int i = 0; i < probe.length; i++) {
        assertArrayEquals(lastSeen.get(run)[i], kept.get(run)[i], 0f);
      }
    }
    float diff = 0;
    for (int j = 0; j < N; j++) {
      diff = Math.max(diff, Math.abs(kept.get(0)[0][j] - kept.get(1)[0][j]));
    }
    assertTrue(diff > 1e-3, "averaged weights should score differently, max diff " + diff);
  }

  /** The keys of the first saved SASRec format (2026-11-23); every later one may be missing. */
  static final java.util.Set<String> FIRST_TRAIN_KEYS =
      java.util.Set.of(
          "model",
          "batchSize",
          "learningRate",
          "weightDecay",
          "maxEpochs",
          "patience",
          "validateEvery",
          "schedule",
          "warmupEpochs",
          "bucketByLength");

  static final java.util.Set<String> FIRST_MODEL_KEYS =
      java.util.Set.of(
          "dim", "blocks", "heads", "ffnDim", "dropout", "maxLen", "activation", "initStd");

  @Test
  void saveLoadRoundTripGivesIdenticalScores(@TempDir Path tmp) throws IOException {
    int[][] probe = {{1, 2, 3}, {}, {19, 0, 19, 0, 19, 0, 19, 0, 19, 0}};
    Path dir = tmp.resolve("model");
    float[][] before;
    SasRecModel.Provenance provenance;
    try (SasRecModel m =
        new SasRecTrainer(tiny(0.2, 4), new Seeds(3))
            .train(FOUR, N, s -> 0, TrainingListener.NONE)) {
      before = m.score(probe);
      provenance = m.provenance();
      m.save(dir);
      assertThrows(IllegalStateException.class, () -> m.save(dir), "never overwrites");
    }
    try (SasRecModel loaded = SasRecModel.load(dir)) {
      float[][] after = loaded.score(probe);
      for (int i = 0; i < probe.length; i++) {
        assertArrayEquals(before[i], after[i], 0f);
      }
      assertEquals(tiny(0.2, 4).model(), loaded.config());
      assertEquals(provenance, loaded.provenance());
    }
    // a model.json of an earlier format (each key added since the first one missing in turn)
    // loads to the same model: tied output, no item bias, no weight averaging
    Path info = dir.resolve(SasRecModel.INFO_FILE);
    String json = Files.readString(info);
    var older =
        dev.hisam.train.SavedFormats.olderFormats(
            (com.fasterxml.jackson.databind.node.ObjectNode)
                dev.hisam.core.Json.mapper().readTree(json),
            FIRST_TRAIN_KEYS,
            FIRST_MODEL_KEYS);
    assertEquals(
        java.util.Set.of("model:tiedOutput", "model:itemBias", "train:emaDecay"), older.keySet());
    for (var e : older.entrySet()) {
      Files.writeString(info, dev.hisam.core.Json.mapper().writeValueAsString(e.getValue()));
      try (SasRecModel loaded = SasRecModel.load(dir)) {
        assertEquals(provenance, loaded.provenance(), e.getKey());
        assertEquals(tiny(0.2, 4).model(), loaded.config(), e.getKey());
        assertArrayEquals(before[0], loaded.score(probe)[0], 0f, e.getKey());
      }
    }
    Files.writeString(info, json);
    // a corrupted header is refused
    Path w = dir.resolve(SasRecModel.WEIGHTS_FILE);
    byte[] bytes = Files.readAllBytes(w);
    bytes[0] ^= 1;
    Files.write(w, bytes);
    assertThrows(UncheckedIOException.class, () -> SasRecModel.load(dir));
  }

  @Test
  void rejectsOutOfRangeItems() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SasRecTrainer(tiny(0, 1), new Seeds(1))
                .train(new int[][] {{1, 20}}, N, s -> 0, TrainingListener.NONE));
  }
}
