package dev.hisam.eval.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.core.InputException;
import dev.hisam.core.Seeds;
import dev.hisam.eval.ClassificationMetrics;
import dev.hisam.eval.CtrExamples;
import dev.hisam.eval.UserFeedback;
import dev.hisam.eval.baseline.ContentLogisticRegression.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentLogisticRegressionTest {
  static final int CLUSTERS = 8;
  static final int D = 32; // 4 dimensions per cluster
  static final int ITEMS = 80;
  static final int TRAIN_ITEMS = 64; // candidates 64..79 are only shown in the held-out examples
  static final int HISTORY_CAP = 5;
  static final int SEQUENCE_LENGTH = 8;

  // ---- synthetic data: 8 clusters of items, each user likes one of them ----
  // With two clusters, a model trained on shuffled labels ranks the held-out examples almost
  // perfectly one way or the other (its random weights pick a sign on the one direction the label
  // depends on); with eight, those random signs average out and its AUC stays near 0.5.

  /**
   * Item i belongs to cluster {@code i % CLUSTERS}; its vector is the cluster centre (ones on the
   * cluster's 4 dimensions) plus Gaussian noise of standard deviation 0.3 in every dimension.
   */
  static float[][] clusteredItems(SplittableRandom random) {
    float[][] v = new float[ITEMS][D];
    int width = D / CLUSTERS;
    for (int i = 0; i < ITEMS; i++) {
      for (int k = 0; k < D; k++) {
        v[i][k] = (float) ((k / width == i % CLUSTERS ? 1 : 0) + 0.3 * gaussian(random));
      }
    }
    return v;
  }

  /**
   * {@code users} users; user u likes cluster {@code u % CLUSTERS}, and their sequence holds items
   * of it (below {@code TRAIN_ITEMS}). Each has {@code perUser} examples: a history prefix of
   * random length 1..8 (the last 5 seen) and a candidate from {@code [fromItem, toItem)}, half the
   * time of the user's cluster, else of another one; positive iff of the user's cluster, i.e. iff
   * the item vector is similar to the history mean.
   */
  static CtrExamples clusteredExamples(
      int users, int perUser, int fromItem, int toItem, SplittableRandom random) {
    int[][] sequences = new int[users][SEQUENCE_LENGTH];
    int n = users * perUser;
    int[] user = new int[n];
    int[] item = new int[n];
    boolean[] label = new boolean[n];
    long[] timestamp = new long[n];
    int[] historyEnd = new int[n];
    int perCluster = (toItem - fromItem) / CLUSTERS;
    for (int u = 0; u < users; u++) {
      int cluster = u % CLUSTERS;
      for (int j = 0; j < SEQUENCE_LENGTH; j++) {
        sequences[u][j] = CLUSTERS * random.nextInt(TRAIN_ITEMS / CLUSTERS) + cluster;
      }
      for (int e = 0; e < perUser; e++) {
        int i = u * perUser + e;
        int c =
            random.nextBoolean()
                ? cluster
                : (cluster + 1 + random.nextInt(CLUSTERS - 1)) % CLUSTERS;
        user[i] = u;
        item[i] = fromItem + CLUSTERS * random.nextInt(perCluster) + c;
        label[i] = c == cluster;
        historyEnd[i] = 1 + random.nextInt(SEQUENCE_LENGTH);
        timestamp[i] = i;
      }
    }
    return new CtrExamples(user, item, label, timestamp, historyEnd, sequences, HISTORY_CAP);
  }

  static double gaussian(SplittableRandom random) {
    // Box–Muller
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  static CtrExamples withLabels(CtrExamples e, boolean[] labels) {
    return new CtrExamples(
        e.user(), e.item(), labels, e.timestamp(), e.historyEnd(), e.sequences(), e.historyCap());
  }

  static final Config FAST = new Config(5, 64, 0.01, 1e-5);

  // ---- 1. gradient ----

  @Test
  void gradientEqualsCentralFiniteDifferences() {
    SplittableRandom random = new SplittableRandom(7);
    int d = 3;
    float[][] vectors = new float[6][d];
    for (int i = 0; i < 5; i++) { // item 5 has no content: a zero row
      for (int k = 0; k < d; k++) {
        vectors[i][k] = (float) gaussian(random);
      }
    }
    int[][] sequences = {{0, 1, 2, 5}, {3, 4}};
    CtrExamples examples =
        new CtrExamples(
            new int[] {0, 0, 0, 1, 1, 1},
            new int[] {3, 4, 5, 0, 1, 2},
            new boolean[] {true, false, true, false, true, true},
            new long[6],
            new int[] {0, 2, 4, 1, 2, 2}, // an empty history, a capped one (cap 3 of 4)
            sequences,
            3);
    double l2 = 0.1;
    double[] w = new double[3 * d + 1];
    for (int k = 0; k < w.length; k++) {
      w[k] = 2 * gaussian(random);
    }
    assertGradientIsFiniteDifferences(w, vectors, examples, l2);
  }

  /** The analytic gradient at {@code w} equals central finite differences of the loss. */
  static void assertGradientIsFiniteDifferences(
      double[] w, float[][] vectors, CtrExamples examples, double l2) {
    double[] grad = ContentLogisticRegression.gradient(w, vectors, examples, l2);
    double h = 1e-6;
    for (int k = 0; k < w.length; k++) {
      double[] plus = w.clone();
      double[] minus = w.clone();
      plus[k] += h;
      minus[k] -= h;
      double numeric =
          (ContentLogisticRegression.loss(plus, vectors, examples, l2)
                  - ContentLogisticRegression.loss(minus, vectors, examples, l2))
              / (2 * h);
      assertEquals(numeric, grad[k], 1e-7 + 1e-6 * Math.abs(numeric), "weight " + k);
    }
  }

  @Test
  void lossIsMeanCrossEntropyPlusPenaltyWithoutBias() {
    // d = 1, item 0 = (2) -> x = 1; one example with an empty history: f = [1, 0, 0, 1]
    float[][] vectors = {{2}};
    CtrExamples one =
        new CtrExamples(
            new int[] {0},
            new int[] {0},
            new boolean[] {true},
            new long[1],
            new int[] {0},
            new int[][] {{}},
            1);
    double[] w = {0.5, 3, 4, -1.5}; // z = 0.5 + (-1.5) = -1
    // -log σ(-1) = log(1 + e) ; penalty 0.2 / 2 x (0.25 + 9 + 16), the bias left out
    double expected = Math.log(1 + Math.E) + 0.1 * 25.25;
    assertEquals(expected, ContentLogisticRegression.loss(w, vectors, one, 0.2), 1e-12);
  }

  // ---- 2. learns the synthetic rule, not shuffled labels ----

  @Test
  void learnsSimilarityToHistoryAndScoresUnseenItems() {
    SplittableRandom random = new SplittableRandom(11);
    float[][] vectors = clusteredItems(random);
    CtrExamples train = clusteredExamples(200, 20, 0, TRAIN_ITEMS, random);
    CtrExamples heldOut = clusteredExamples(100, 20, TRAIN_ITEMS, ITEMS, random);

    ContentLogisticRegression model =
        ContentLogisticRegression.train(vectors, train, FAST, new Seeds(1));
    double auc = ClassificationMetrics.auc(model.score(heldOut), heldOut.label());
    assertTrue(auc > 0.9, "held-out AUC " + auc);

    boolean[] shuffled = train.label().clone();
    SplittableRandom perm = new SplittableRandom(3);
    for (int i = shuffled.length - 1; i > 0; i--) {
      int j = perm.nextInt(i + 1);
      boolean t = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }
    ContentLogisticRegression noise =
        ContentLogisticRegression.train(vectors, withLabels(train, shuffled), FAST, new Seeds(1));
    double noiseAuc = ClassificationMetrics.auc(noise.score(heldOut), heldOut.label());
    // near 0.5 on both sides: neither learned nor anti-learned (which would betray a leak too)
    assertTrue(
        noiseAuc > 0.35 && noiseAuc < 0.65,
        "held-out AUC after training on shuffled labels " + noiseAuc);
  }

  // ---- 3. determinism ----

  @Test
  void sameSeedSameWeightsOtherSeedOtherWeights() {
    SplittableRandom random = new SplittableRandom(5);
    float[][] vectors = clusteredItems(random);
    CtrExamples train = clusteredExamples(20, 10, 0, TRAIN_ITEMS, random);
    Config config = new Config(2, 16, 0.01, 1e-5);
    double[] a = ContentLogisticRegression.train(vectors, train, config, new Seeds(42)).weights();
    double[] b = ContentLogisticRegression.train(vectors, train, config, new Seeds(42)).weights();
    double[] c = ContentLogisticRegression.train(vectors, train, config, new Seeds(43)).weights();
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c), "seeds 42 and 43 gave the same weights");
  }

  // ---- 4. features by hand ----

  @Test
  void featuresOfAHandWorkedExample() {
    float[][] unit =
        ContentLogisticRegression.normaliseRows(
            new float[][] {
              {3, 4}, // item 0 -> (0.6, 0.8)
              {0, 2}, // item 1 -> (0, 1)
              {5, 0}, // item 2 -> (1, 0)
              {0, 0} // item 3: no content, stays zero
            });
    // history [1, 2]: h = ((0 + 1) / 2, (1 + 0) / 2) = (0.5, 0.5); x = (0.6, 0.8)
    // x⊙h = (0.3, 0.4); bias 1
    assertArrayEquals(
        new double[] {0.6, 0.8, 0.5, 0.5, 0.3, 0.4, 1},
        ContentLogisticRegression.features(unit, new int[] {1, 2}, 0),
        1e-7);
    // history [1, 3]: the item without content counts as zeros: h = (0, 0.5); x = (1, 0)
    assertArrayEquals(
        new double[] {1, 0, 0, 0.5, 0, 0, 1},
        ContentLogisticRegression.features(unit, new int[] {1, 3}, 2),
        1e-7);
    // empty history: h = 0, product 0
    assertArrayEquals(
        new double[] {0, 1, 0, 0, 0, 0, 1},
        ContentLogisticRegression.features(unit, new int[0], 1),
        1e-7);
  }

  @Test
  void scoreIsWeightsDotFeaturesAndBothScoreMethodsAgree() {
    SplittableRandom random = new SplittableRandom(9);
    float[][] vectors = clusteredItems(random);
    CtrExamples examples = clusteredExamples(10, 5, 0, ITEMS, random);
    ContentLogisticRegression model =
        ContentLogisticRegression.train(vectors, examples, FAST, new Seeds(2));
    float[][] unit = ContentLogisticRegression.normaliseRows(vectors);
    double[] w = model.weights();
    float[] batch = model.score(examples);
    for (int i = 0; i < examples.size(); i++) {
      double[] f =
          ContentLogisticRegression.features(unit, examples.history(i), examples.item()[i]);
      double z = 0;
      for (int k = 0; k < f.length; k++) {
        z += w[k] * f[k];
      }
      float single = model.score(examples.history(i), examples.item()[i]);
      assertEquals(z, single, 1e-5 * (1 + Math.abs(z)), "example " + i);
      assertEquals(single, batch[i], "example " + i);
    }
    assertEquals(D, model.dimension());
    assertEquals(3 * D + 1, w.length);
    double first = w[0];
    w[0] = first + 1; // the copy is the caller's
    assertEquals(first, model.weights()[0]);
  }

  // ---- 5. errors, save and load ----

  @Test
  void unknownItemsFailNamingTheItemAndTheCatalogueSize() {
    ContentLogisticRegression model = tinyModel();
    var e = assertThrows(IllegalArgumentException.class, () -> model.score(new int[] {0}, 80));
    assertTrue(e.getMessage().contains("item 80") && e.getMessage().contains("catalogue of 80"));
    e = assertThrows(IllegalArgumentException.class, () -> model.score(new int[] {-1}, 0));
    assertTrue(e.getMessage().contains("-1") && e.getMessage().contains("catalogue of 80"));
    CtrExamples bad =
        new CtrExamples(
            new int[] {0},
            new int[] {177},
            new boolean[] {true},
            new long[1],
            new int[] {1},
            new int[][] {{0}},
            1);
    e = assertThrows(IllegalArgumentException.class, () -> model.score(bad));
    assertTrue(e.getMessage().contains("177") && e.getMessage().contains("catalogue of 80"));
  }

  @Test
  void badInputsAndConfigsFailClearly() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ContentLogisticRegression.normaliseRows(new float[][] {{1, 2}, {3}}));
    assertTrue(e.getMessage().contains("item vector 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Config(5, 0, 0.01, 0));
    assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Config(0, 8, 0.01, 0));
    assertTrue(e.getMessage().contains("epochs"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Config(1, 8, 0, 0));
    assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Config(1, 8, 0.01, -1));
    assertTrue(e.getMessage().contains("l2"), e.getMessage());
    Config.defaults(); // valid
  }

  @Test
  void saveLoadRoundTripGivesIdenticalScores(@TempDir Path dir) throws IOException {
    SplittableRandom random = new SplittableRandom(13);
    float[][] vectors = clusteredItems(random);
    CtrExamples examples = clusteredExamples(20, 10, 0, ITEMS, random);
    ContentLogisticRegression model =
        ContentLogisticRegression.train(vectors, examples, FAST, new Seeds(4));
    Path file = dir.resolve("logreg.json");
    model.save(file);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList()); // no temporary file left
    }
    ContentLogisticRegression loaded = ContentLogisticRegression.load(file, vectors);
    assertArrayEquals(model.weights(), loaded.weights());
    assertArrayEquals(model.score(examples), loaded.score(examples));
  }

  @Test
  void loadNamesTheFileAndWhatIsWrong(@TempDir Path dir) throws IOException {
    ContentLogisticRegression model = tinyModel();
    Path file = dir.resolve("logreg.json");
    model.save(file);
    float[][] wider = new float[ITEMS][D + 1];
    var e = assertThrows(InputException.class, () -> ContentLogisticRegression.load(file, wider));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("dimension " + D), e.getMessage());
    assertTrue(e.getMessage().contains("dimension " + (D + 1)), e.getMessage());

    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"format\": \"sasrec\"}");
    e = assertThrows(InputException.class, () -> ContentLogisticRegression.load(other, wider));
    assertTrue(e.getMessage().contains(other.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("format"), e.getMessage());

    Path missing = dir.resolve("missing.json");
    e = assertThrows(InputException.class, () -> ContentLogisticRegression.load(missing, wider));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  static ContentLogisticRegression tinyModel() {
    SplittableRandom random = new SplittableRandom(17);
    float[][] vectors = clusteredItems(random);
    CtrExamples examples = clusteredExamples(4, 4, 0, ITEMS, random);
    return ContentLogisticRegression.train(vectors, examples, FAST, new Seeds(0));
  }

  // ---- 6. the user's earlier feedback ----

  static final Config FAST_FEEDBACK = new Config(5, 64, 0.01, 1e-5, true);

  @Test
  void gradientWithFeedbackEqualsCentralFiniteDifferences() {
    SplittableRandom random = new SplittableRandom(8);
    int d = 2;
    float[][] vectors = new float[4][d];
    for (float[] row : vectors) {
      for (int k = 0; k < d; k++) {
        row[k] = (float) gaussian(random);
      }
    }
    CtrExamples examples =
        new CtrExamples(
            new int[] {0, 0, 1, 1},
            new int[] {2, 3, 0, 1},
            new boolean[] {true, false, false, true},
            new long[4],
            new int[] {0, 1, 2, 1},
            new int[][] {{0, 1}, {2, 3}},
            2,
            new int[] {0, 4, 1, 7},
            new int[] {0, 9, 6, 7});
    double l2 = 0.3;
    double[] w = new double[3 * d + 3];
    for (int k = 0; k < w.length; k++) {
      w[k] = gaussian(random);
    }
    assertGradientIsFiniteDifferences(w, vectors, examples, l2);
  }

  @Test
  void lossWithFeedbackOnAHandWorkedExampleLeavesItsWeightsUnpenalised() {
    // d = 1, item 0 = (2) -> x = 1, empty history; 3 of 5 earlier ratings positive:
    // features [1, 0, 0, 1, ln(4 / 3), ln 6]
    float[][] vectors = {{2}};
    CtrExamples one =
        new CtrExamples(
            new int[] {0},
            new int[] {0},
            new boolean[] {false},
            new long[1],
            new int[] {0},
            new int[][] {{}},
            1,
            new int[] {3},
            new int[] {5});
    double[] w = {0.5, 3, 4, -1.5, 2, -0.25};
    double z = 0.5 - 1.5 + 2 * Math.log(4.0 / 3) - 0.25 * Math.log(6);
    // label 0: -log(1 - σ(z)) = log(1 + e^z); penalty 0.2 / 2 x (0.25 + 9 + 16) only
    double expected = Math.log1p(Math.exp(z)) + 0.1 * 25.25;
    assertEquals(expected, ContentLogisticRegression.loss(w, vectors, one, 0.2), 1e-12);
  }

  /**
   * Users who like nearly everything they are shown and users who like nearly nothing, with the
   * same kind of history and candidates: content cannot tell them apart, their earlier feedback
   * can. Only the model that reads it ranks a later period's examples well.
   */
  @Test
  void feedbackCarriesTheUsersOffsetThatContentCannot() {
    SplittableRandom random = new SplittableRandom(21);
    float[][] vectors = clusteredItems(random);
    int users = 100;
    int perUser = 30;
    int n = users * perUser;
    int[] user = new int[n];
    int[] item = new int[n];
    boolean[] label = new boolean[n];
    long[] timestamp = new long[n];
    int[] historyEnd = new int[n];
    int[][] sequences = new int[users][SEQUENCE_LENGTH];
    for (int u = 0; u < users; u++) {
      for (int j = 0; j < SEQUENCE_LENGTH; j++) {
        sequences[u][j] = random.nextInt(ITEMS);
      }
    }
    // rows in time order (every user's e-th example, then the (e+1)-th), so a period is a slice
    for (int e = 0; e < perUser; e++) {
      for (int u = 0; u < users; u++) {
        int i = e * users + u;
        user[i] = u;
        item[i] = random.nextInt(ITEMS);
        label[i] = random.nextDouble() < (u % 2 == 0 ? 0.9 : 0.1);
        timestamp[i] = e;
        historyEnd[i] = 1 + random.nextInt(SEQUENCE_LENGTH);
      }
    }
    CtrExamples all =
        new CtrExamples(user, item, label, timestamp, historyEnd, sequences, HISTORY_CAP);
    // train on each user's first 20 examples, score the last 10 (their counts include the first)
    CtrExamples train = all.slice(0, 20 * users);
    CtrExamples test = all.slice(20 * users, n);

    ContentLogisticRegression withFeedback =
        ContentLogisticRegression.train(vectors, train, FAST_FEEDBACK, new Seeds(1));
    ContentLogisticRegression without =
        ContentLogisticRegression.train(vectors, train, FAST, new Seeds(1));
    assertTrue(withFeedback.readsFeedback());
    assertFalse(without.readsFeedback());
    double aucWith = ClassificationMetrics.auc(withFeedback.score(test), test.label());
    double aucWithout = ClassificationMetrics.auc(without.score(test), test.label());
    assertTrue(aucWith > 0.75, "AUC with feedback " + aucWith);
    assertTrue(aucWith > aucWithout + 0.1, "with " + aucWith + ", without " + aucWithout);
    // the learned weight on the log-odds is positive: more earlier positives, higher score
    double[] w = withFeedback.weights();
    assertTrue(w[3 * D + 1] > 0, "log-odds weight " + w[3 * D + 1]);
  }

  @Test
  void singleScoresReadTheGivenFeedbackAndAFeedbackModelRefusesNone(@TempDir Path dir)
      throws IOException {
    SplittableRandom random = new SplittableRandom(23);
    float[][] vectors = clusteredItems(random);
    CtrExamples examples = clusteredExamples(20, 10, 0, ITEMS, random);
    ContentLogisticRegression model =
        ContentLogisticRegression.train(vectors, examples, FAST_FEEDBACK, new Seeds(3));
    float[] batch = model.score(examples);
    float[][] unit = ContentLogisticRegression.normaliseRows(vectors);
    double[] w = model.weights();
    assertEquals(3 * D + 3, w.length);
    for (int i = 0; i < examples.size(); i++) {
      int[] history = examples.history(i);
      UserFeedback fb = examples.feedback(i);
      double[] f = ContentLogisticRegression.features(unit, history, examples.item()[i]);
      int positives = fb.positives();
      int negatives = fb.ratings() - positives;
      double z =
          w[3 * D + 1] * Math.log((positives + 1.0) / (negatives + 1.0))
              + w[3 * D + 2] * Math.log(1.0 + fb.ratings());
      for (int k = 0; k < f.length; k++) {
        z += w[k] * f[k];
      }
      float single = model.score(history, examples.item()[i], fb);
      assertEquals(z, single, 1e-5 * (1 + Math.abs(z)), "example " + i);
      assertEquals(single, batch[i], "example " + i);
    }
    var e = assertThrows(IllegalArgumentException.class, () -> model.score(new int[] {0}, 1));
    assertTrue(e.getMessage().contains("feedback"), e.getMessage());

    Path file = dir.resolve("logreg.json");
    model.save(file);
    ContentLogisticRegression loaded = ContentLogisticRegression.load(file, vectors);
    assertTrue(loaded.readsFeedback());
    assertArrayEquals(batch, loaded.score(examples));

    Files.writeString(
        file, Files.readString(file).replace("\"userFeedback\" : true", "\"userFeedback\" : 1"));
    var bad =
        assertThrows(InputException.class, () -> ContentLogisticRegression.load(file, vectors));
    assertTrue(bad.getMessage().contains("userFeedback"), bad.getMessage());
  }

  @Test
  void aModelSavedBeforeFeedbackExistedLoadsWithoutIt(@TempDir Path dir) throws IOException {
    ContentLogisticRegression model = tinyModel();
    Path file = dir.resolve("logreg.json");
    model.save(file);
    String saved = Files.readString(file);
    assertTrue(saved.contains("\"userFeedback\" : false"), saved);
    Files.writeString(file, saved.replace("\"userFeedback\" : false,", ""));
    ContentLogisticRegression old =
        ContentLogisticRegression.load(file, clusteredItems(new SplittableRandom(17)));
    assertFalse(old.readsFeedback());
    assertArrayEquals(model.weights(), old.weights());
  }

  // ---- 7. joining modalities ----

  @Test
  void concatNormalisedOnAHandWorkedInput() {
    float[][] text = {{3, 4}, {0, 0}, null};
    float[][] image = {{0, 2}, {}, {1, -1}};
    float r = (float) (1 / Math.sqrt(2));
    // row 0: (3, 4) / 5 and (0, 2) / 2; row 1: a zero text row and no image -> zeros
    // row 2: no text -> (0, 0); (1, -1) / sqrt(2)
    float[][] expected = {{0.6f, 0.8f, 0, 1}, {0, 0, 0, 0}, {0, 0, r, -r}};
    float[][] joined = ContentLogisticRegression.concatNormalised(text, image);
    assertEquals(expected.length, joined.length);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], joined[i], 1e-6f, "row " + i);
    }

    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ContentLogisticRegression.concatNormalised(text, new float[][] {{1}}));
    assertTrue(e.getMessage().contains("1 items"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ContentLogisticRegression.concatNormalised(new float[][] {{1, 2}, {1, 2, 3}}));
    assertTrue(e.getMessage().contains("row 1"), e.getMessage());
  }
}
