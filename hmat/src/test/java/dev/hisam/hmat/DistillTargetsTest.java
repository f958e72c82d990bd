package dev.hisam.hmat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hisam.core.Seeds;
import dev.hisam.eval.ItemScorer;
import dev.hisam.tokenizer.SemanticIdTable;
import dev.hisam.train.sasrec.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistillTargetsTest {
  /** Items 0..3 over two levels of 2 codes: (0,0), (0,1), (1,0), (1,1). */
  static final SidVocabulary FOUR_ITEMS =
      new SidVocabulary(
          SemanticIdTable.of(
              List.of("a", "b"), new int[] {2, 2}, new int[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}));

  /** The teacher's probabilities of items 0..3, whatever the history. */
  static final double[] P = {0.1, 0.2, 0.3, 0.4};

  /** A teacher with fixed scores that records the histories it is asked about. */
  static final class FixedTeacher implements ItemScorer {
    final float[] scores;
    final List<int[]> asked = new ArrayList<>();

    FixedTeacher(float[] scores) {
      this.scores = scores;
    }

    @Override
    public float[][] score(int[][] histories) {
      float[][] out = new float[histories.length][];
      for (int i = 0; i < histories.length; i++) {
        asked.add(histories[i]);
        out[i] = scores.clone();
      }
      return out;
    }
  }

  static float[] logs(double[] p) {
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = (float) Math.log(p[i]);
    }
    return out;
  }

  /**
   * Hand-worked targets: level 0 sums the teacher's mass per first code (0.1 + 0.2, 0.3 + 0.4);
   * level 1 is the teacher's split inside the target's own first code (items 0, 1: 1/3, 2/3; items
   * 2, 3: 3/7, 4/7). The teacher reads the window's items before the target, and a window's first
   * item is never asked about.
   */
  @Test
  void targetsAreTheTeachersDistributionUnderTheTruePrefix() {
    List<int[]> windows = List.of(new int[] {0, 1, 2}, new int[] {3, 0});
    FixedTeacher teacher = new FixedTeacher(logs(P));
    DistillTargets t = DistillTargets.compute(windows, FOUR_ITEMS, teacher, 1.0);
    assertEquals(3, teacher.asked.size());
    assertArrayEquals(new int[] {0}, teacher.asked.get(0));
    assertArrayEquals(new int[] {0, 1}, teacher.asked.get(1));
    assertArrayEquals(new int[] {3}, teacher.asked.get(2));
    double[] level0 = {0.3, 0.7};
    assertClose(level0, t.target(0, 1, 0, 2));
    assertClose(level0, t.target(0, 2, 0, 2));
    assertClose(level0, t.target(1, 1, 0, 2));
    assertClose(new double[] {1 / 3.0, 2 / 3.0}, t.target(0, 1, 1, 2)); // item 1: first code 0
    assertClose(new double[] {3 / 7.0, 4 / 7.0}, t.target(0, 2, 1, 2)); // item 2: first code 1
    assertClose(new double[] {1 / 3.0, 2 / 3.0}, t.target(1, 1, 1, 2)); // item 0: first code 0
    assertEquals(12, t.entries()); // 3 targets x 2 levels x 2 codes
  }

  /**
   * The teacher's progress is reported once per batch of histories, rising to the number of
   * histories asked (600 windows of 3 items: 1,200 histories, two batches of at most 1,024).
   */
  @Test
  void progressIsReportedPerTeacherBatchUpToEveryHistory() {
    List<int[]> windows = new java.util.ArrayList<>();
    for (int w = 0; w < 600; w++) {
      windows.add(new int[] {w % 4, (w + 1) % 4, (w + 2) % 4});
    }
    List<long[]> calls = new java.util.ArrayList<>();
    FixedTeacher teacher = new FixedTeacher(logs(P));
    DistillTargets.compute(
        windows,
        FOUR_ITEMS,
        teacher,
        1.0,
        new dev.hisam.train.sasrec.TrainingListener() {
          @Override
          public void onPrepare(String task, long done, long total, String unit) {
            assertEquals(DistillTargets.TASK, task);
            assertEquals("histories", unit);
            calls.add(new long[] {done, total});
          }
        });
    assertEquals(1200, teacher.asked.size());
    assertEquals(2, calls.size());
    assertArrayEquals(new long[] {DistillTargets.TEACHER_BATCH, 1200}, calls.get(0));
    assertArrayEquals(new long[] {1200, 1200}, calls.get(1));
  }

  /** Temperature 2 takes the square root of the teacher's probabilities before normalising. */
  @Test
  void temperatureSoftensTheTeacher() {
    DistillTargets t =
        DistillTargets.compute(
            List.of(new int[] {0, 1}), FOUR_ITEMS, new FixedTeacher(logs(P)), 2.0);
    double[] r = new double[4];
    for (int i = 0; i < 4; i++) {
      r[i] = Math.sqrt(P[i]);
    }
    double sum = r[0] + r[1] + r[2] + r[3];
    assertClose(new double[] {(r[0] + r[1]) / sum, (r[2] + r[3]) / sum}, t.target(0, 1, 0, 2));
    assertClose(new double[] {r[0] / (r[0] + r[1]), r[1] / (r[0] + r[1])}, t.target(0, 1, 1, 2));
  }

  /** A code with under {@code KEEP} of its level's mass is dropped; the rest sums to 1. */
  @Test
  void negligibleCodesAreDroppedAndTheRestRenormalised() {
    double[] p = {0.5 - 1e-6, 0.5 - 1e-6, 1e-6, 1e-6};
    DistillTargets t =
        DistillTargets.compute(
            List.of(new int[] {0, 1}), FOUR_ITEMS, new FixedTeacher(logs(p)), 1.0);
    assertClose(new double[] {1, 0}, t.target(0, 1, 0, 2));
    assertEquals(1 + 2, t.entries()); // level 0 keeps one code, level 1 both
  }

  @Test
  void aTeacherOfAnotherCatalogueIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DistillTargets.compute(
                    List.of(new int[] {0, 1}),
                    FOUR_ITEMS,
                    new FixedTeacher(new float[] {0, 0, 0}),
                    1.0));
    assertTrue(e.getMessage().contains("scores 3 items; the catalogue has 4"), e.getMessage());
  }

  /**
   * The batch's mixed targets follow the batch's target order level by level: (1 - w) on the true
   * code plus w times the teacher's target, the one-hot alone for a window's first item.
   */
  @Test
  void mixedTargetsFollowTheBatchOrder() {
    List<int[]> windows = List.of(new int[] {3, 0}, new int[] {0, 1, 2});
    DistillTargets t = DistillTargets.compute(windows, FOUR_ITEMS, new FixedTeacher(logs(P)), 1.0);
    int[] members = {1, 0};
    HmatBatch batch =
        HmatBatch.training(
            new int[][] {windows.get(1), windows.get(0)}, FOUR_ITEMS, /* anchors= */ true);
    double w = 0.25;
    float[][] mixed = t.mixed(windows, members, batch, FOUR_ITEMS, w);
    // the targets, in batch order, as (window, item, level): window 1 = {0, 1, 2}, then {3, 0}
    int[][] order = {
      {1, 0, 1}, {1, 1, 0}, {1, 1, 1}, {1, 2, 0}, {1, 2, 1}, {0, 0, 1}, {0, 1, 0}, {0, 1, 1}
    };
    assertEquals(order.length, batch.levels().length);
    int[] row = new int[2];
    for (int c = 0; c < order.length; c++) {
      int window = order[c][0];
      int item = order[c][1];
      int level = order[c][2];
      assertEquals(level, batch.levels()[c], "target " + c);
      int code = (int) batch.codes()[c];
      assertEquals(FOUR_ITEMS.code(windows.get(window)[item], level), code, "target " + c);
      double[] expected = new double[2];
      expected[code] = item == 0 ? 1 : 1 - w;
      if (item > 0) {
        double[] q = t.target(window, item, level, 2);
        for (int k = 0; k < 2; k++) {
          expected[k] += w * q[k];
        }
      }
      int r = row[level]++;
      double[] got = {mixed[level][2 * r], mixed[level][2 * r + 1]};
      assertClose(expected, got);
    }
    assertEquals(3, row[0]);
    assertEquals(5, row[1]);
    // one row worked by hand: window {0, 1, 2}, item 1 (code 0) at level 0: 0.75 + 0.25 * 0.3
    assertEquals(0.825, mixed[0][0], 1e-6);
    assertEquals(0.175, mixed[0][1], 1e-6);
  }

  /**
   * The loss against target distributions is {@code -sum target * log softmax(logits)} per target,
   * averaged: checked against the logits read back from the network; one-hot targets give the plain
   * loss.
   */
  @Test
  void lossAgainstDistributionsMatchesAReferenceAndTheOneHotCase() {
    SidVocabulary vocab = Fixtures.vocabulary();
    try (Hmat net = new Hmat(Fixtures.tiny(true, true), vocab, new SplittableRandom(3))) {
      HmatBatch batch = net.trainingBatch(new int[][] {{3, 4, 5, 0}, {6, 7, 1}});
      SplittableRandom r = new SplittableRandom(5);
      int levels = vocab.levels();
      int[] perLevel = new int[levels];
      for (int lv : batch.levels()) {
        perLevel[lv]++;
      }
      float[][] targets = new float[levels][];
      float[][] oneHot = new float[levels][];
      for (int l = 0; l < levels; l++) {
        int size = vocab.levelSize(l);
        targets[l] = new float[perLevel[l] * size];
        oneHot[l] = new float[perLevel[l] * size];
        for (int row = 0; row < perLevel[l]; row++) {
          double sum = 0;
          double[] v = new double[size];
          for (int k = 0; k < size; k++) {
            v[k] = r.nextDouble();
            sum += v[k];
          }
          for (int k = 0; k < size; k++) {
            targets[l][row * size + k] = (float) (v[k] / sum);
          }
        }
      }
      // reference: logits of every target row from the hidden states
      float[] hidden = net.hidden(batch, false).toFloatArray();
      int d = net.config().dim();
      NDManager m = net.manager();
      double expected = 0;
      int[] seen = new int[levels];
      for (int c = 0; c < batch.rows().length; c++) {
        int l = batch.levels()[c];
        int size = vocab.levelSize(l);
        int row = seen[l]++;
        oneHot[l][row * size + (int) batch.codes()[c]] = 1f;
        float[] h =
            Arrays.copyOfRange(hidden, (int) batch.rows()[c] * d, (int) (batch.rows()[c] + 1) * d);
        NDArray hv = m.create(h, new Shape(1, d));
        float[] logits = net.levelLogits(hv, l).toFloatArray();
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) {
          max = Math.max(max, x);
        }
        double z = 0;
        for (float x : logits) {
          z += Math.exp(x - max);
        }
        for (int k = 0; k < size; k++) {
          expected -= targets[l][row * size + k] * (logits[k] - max - Math.log(z));
        }
      }
      expected /= batch.rows().length;
      assertEquals(expected, net.loss(batch, false, targets).getFloat(), 1e-5);
      assertEquals(
          net.loss(batch, false).getFloat(), net.loss(batch, false, oneHot).getFloat(), 1e-6);
    }
  }

  /**
   * Distillation teaches what the data cannot: after item 4 the data follow with items 0 and 1
   * equally often (same first code), and a teacher that prefers item 1 makes the distilled model
   * rank item 1 well above item 0, where the model trained on the data alone keeps them close.
   */
  @Test
  void aDistilledModelLearnsTheTeachersPreferenceInsideACluster() {
    SidVocabulary vocab =
        new SidVocabulary(
            SemanticIdTable.of(
                List.of("a", "b"),
                new int[] {3, 2},
                new int[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}}));
    int[][] data = {{4, 0}, {4, 1}, {4, 0}, {4, 1}, {5, 2}, {5, 3}, {5, 2}, {5, 3}};
    float[] teacherScores = {0, 4, 0, 0, 0, 0};
    HmatTrainConfig base =
        HmatTrainerTest.tiny(true, true, 80).withBeamWidth(6).withValidation(100, 100);
    double[] gap = new double[2];
    for (int run = 0; run < 2; run++) {
      HmatTrainConfig c = run == 0 ? base : base.withDistill(new HmatTrainConfig.Distill(1.0, 1.0));
      try (HmatModel model =
          new HmatTrainer(c, new Seeds(3))
              .train(
                  data,
                  vocab,
                  s -> 0,
                  TrainingListener.NONE,
                  null,
                  new FixedTeacher(teacherScores))) {
        float[] s = model.score(new int[][] {{4}})[0];
        gap[run] = s[1] - s[0];
      }
    }
    assertTrue(Math.abs(gap[0]) < 0.5, "without the teacher, item 1 - item 0: " + gap[0]);
    // the teacher's split inside first code 0: e^4 / (e^4 + 1) against 1 / (e^4 + 1), log ratio 4
    assertTrue(gap[1] > 2.5, "distilled, item 1 - item 0: " + gap[1]);
  }

  @Test
  void distillingWithoutATeacherIsRefused() {
    HmatTrainConfig c =
        HmatTrainerTest.tiny(true, true, 1).withDistill(new HmatTrainConfig.Distill(0.5, 1.0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new HmatTrainer(c, new Seeds(1))
                    .train(
                        HmatTrainerTest.FOUR,
                        HmatTrainerTest.VOCAB,
                        s -> 0,
                        TrainingListener.NONE,
                        null,
                        null));
    assertTrue(e.getMessage().contains("no teacher"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new HmatTrainConfig.Distill(1.5, 1));
    assertThrows(IllegalArgumentException.class, () -> new HmatTrainConfig.Distill(0.5, 0));
  }

  static void assertClose(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-6, "entry " + i + " of " + Arrays.toString(actual));
    }
  }
}
