package dev.hisam.eval.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hisam.core.InputException;
import dev.hisam.core.Json;
import dev.hisam.core.Seeds;
import dev.hisam.core.io.AtomicFiles;
import dev.hisam.eval.CtrExamples;
import dev.hisam.eval.UserFeedback;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * P2's content baseline: logistic regression on the items' content embeddings (e.g. text and image
 * vectors joined by {@link #concatNormalised}).
 *
 * <p>An example (history H, item i) has the features {@code f = [x, h, x⊙h, 1]} (length 3d + 1),
 * where {@code x} is the L2-normalised content vector of i, {@code h} the mean of the normalised
 * vectors of the history items (zeros for an empty history; an item without content counts as a
 * zero vector in the mean) and {@code x⊙h} their element-wise product, whose weights let the model
 * learn a weighted cosine between the item and the history. The score is the logit {@code w·f}.
 * With {@link Config#userFeedback} the features also hold the user's earlier feedback, {@link
 * UserFeedback#features()} (the same two values the transformers read), after the bias: {@code f =
 * [x, h, x⊙h, 1, φ(feedback)]} (length 3d + 3). Training minimises the mean binary cross-entropy
 * plus {@code l2/2·|w|²} (bias and feedback weights excluded: offsets, not content) with mini-batch
 * Adam from zero weights; the examples are shuffled each epoch from the seed stream {@value
 * #SEED_STREAM}, and everything runs on one thread, so a seed fixes the weights exactly.
 *
 * <p>Why: the item-ID models (SASRec, HMAT on semantic IDs learned from interactions) only know
 * items seen in training. This model never looks at an ItemId beyond its content vector, so it
 * scores new items as well as old ones: the reference for what content alone achieves.
 *
 * <p>Immutable. The item vectors are not part of a saved model: {@link #load} takes them again.
 */
public final class ContentLogisticRegression {
  /** The {@code format} of a saved model. */
  public static final String FORMAT = "content-logreg";

  /** The seed stream that shuffles the training examples. */
  public static final String SEED_STREAM = "ctr.logreg";

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  /**
   * How to train.
   *
   * @param epochs passes over the training examples
   * @param batchSize examples per Adam step (the last batch of an epoch may be smaller)
   * @param learningRate Adam step size
   * @param l2 L2 penalty {@code l2/2·|w|²} on the content weights (not the bias nor the feedback
   *     weights)
   * @param userFeedback the logit also reads the user's earlier feedback ({@link UserFeedback}):
   *     two more weights, and every scored example must then carry it
   */
  public record Config(
      int epochs, int batchSize, double learningRate, double l2, boolean userFeedback) {
    /** A model without feedback. */
    public Config(int epochs, int batchSize, double learningRate, double l2) {
      this(epochs, batchSize, learningRate, l2, false);
    }

    public Config {
      require(epochs > 0, "epochs must be positive, got " + epochs);
      require(batchSize > 0, "batchSize must be positive, got " + batchSize);
      require(
          learningRate > 0 && learningRate < 1,
          "learningRate must be in (0, 1), got " + learningRate);
      require(l2 >= 0 && Double.isFinite(l2), "l2 must be finite and >= 0, got " + l2);
    }

    /** 5 epochs of batches of 256 at Adam lr 0.01, l2 1e-5: a convex model converges quickly. */
    public static Config defaults() {
      return new Config(5, 256, 0.01, 1e-5, false);
    }
  }

  private final float[][] unit; // [numItems, d], rows L2-normalised (zero rows stay zero)
  private final double[] weights; // [3d + 1]: x, h, x⊙h, bias; + 2 feedback weights with feedback

  private ContentLogisticRegression(float[][] unit, double[] weights) {
    this.unit = unit;
    this.weights = weights;
  }

  /** Trains on {@code train}; {@code itemVectors[item]} is the content of each ItemId. */
  public static ContentLogisticRegression train(
      float[][] itemVectors, CtrExamples train, Config config, Seeds seeds) {
    if (train.size() == 0) {
      throw new IllegalArgumentException("no training examples");
    }
    float[][] unit = normaliseRows(itemVectors);
    checkItems(train, unit.length);
    int d = unit[0].length;
    int n = train.size();
    double[] w = new double[3 * d + 1 + (config.userFeedback() ? UserFeedback.FEATURES : 0)];
    double[] m = new double[w.length];
    double[] v = new double[w.length];
    double[] grad = new double[w.length];
    double[] h = new double[d];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = seeds.stream(SEED_STREAM);
    long step = 0;
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      shuffle(order, random);
      for (int from = 0; from < n; from += config.batchSize()) {
        int to = Math.min(n, from + config.batchSize());
        objective(w, unit, train, order, from, to, config.l2(), grad, h);
        step++;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        for (int k = 0; k < w.length; k++) {
          m[k] = BETA1 * m[k] + (1 - BETA1) * grad[k];
          v[k] = BETA2 * v[k] + (1 - BETA2) * grad[k] * grad[k];
          double mHat = m[k] / correction1;
          double vHat = v[k] / correction2;
          w[k] -= config.learningRate() * mHat / (Math.sqrt(vHat) + EPSILON);
        }
      }
    }
    return new ContentLogisticRegression(unit, w);
  }

  /** The logit of every example of {@code examples}, in order. */
  public float[] score(CtrExamples examples) {
    checkItems(examples, unit.length);
    int d = dimension();
    double[] h = new double[d];
    float[] out = new float[examples.size()];
    for (int i = 0; i < out.length; i++) {
      int[] s = examples.sequences()[examples.user()[i]];
      historyMean(unit, s, examples.historyStart(i), examples.historyEnd()[i], h);
      out[i] =
          (float) logit(weights, unit[examples.item()[i]], h, feedbackOf(weights, d, examples, i));
    }
    return out;
  }

  /**
   * The logit of {@code item} after the (chronological) {@code history}, for a model without
   * feedback.
   *
   * @throws IllegalArgumentException when the model reads feedback ({@link #readsFeedback()})
   */
  public float score(int[] history, int item) {
    return score(history, item, null);
  }

  /**
   * The logit of {@code item} after the (chronological) {@code history}, given the user's earlier
   * {@code feedback} (required when the model {@link #readsFeedback()}, ignored otherwise).
   */
  public float score(int[] history, int item, UserFeedback feedback) {
    checkItem(item, unit.length, "item");
    for (int j : history) {
      checkItem(j, unit.length, "history item");
    }
    if (readsFeedback() && feedback == null) {
      throw new IllegalArgumentException(
          "this model reads the user's earlier feedback (ctr.logreg.userFeedback): give the"
              + " user's positives and ratings before the scored interaction");
    }
    double[] h = new double[dimension()];
    historyMean(unit, history, 0, history.length, h);
    return (float) logit(weights, unit[item], h, readsFeedback() ? feedback.features() : null);
  }

  /** Whether the logit reads the user's earlier feedback ({@link Config#userFeedback}). */
  public boolean readsFeedback() {
    return readsFeedback(weights, dimension());
  }

  /**
   * The weights {@code [x (d), h (d), x⊙h (d), bias]}, then the two feedback weights when the model
   * reads feedback (a copy).
   */
  public double[] weights() {
    return weights.clone();
  }

  /** The dimension d of the item vectors. */
  public int dimension() {
    return unit[0].length;
  }

  public int numItems() {
    return unit.length;
  }

  /**
   * Writes {@code {"format", "dimension", "userFeedback", "weights"}} as JSON; the item vectors are
   * not saved.
   */
  public void save(Path file) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format", FORMAT);
    root.put("dimension", dimension());
    root.put("userFeedback", readsFeedback());
    ArrayNode array = root.putArray("weights");
    for (double x : weights) {
      array.add(x);
    }
    AtomicFiles.writeFile(file, tmp -> Json.mapper().writeValue(tmp.toFile(), root));
  }

  /**
   * Reads a model written by {@link #save}; {@code itemVectors} must have the dimension it was
   * trained with (they are normalised here as in {@link #train}).
   *
   * @throws InputException naming the file and the field when the file is not such a model or its
   *     dimension differs from the item vectors'
   */
  public static ContentLogisticRegression load(Path file, float[][] itemVectors) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw InputException.ofFile(file, "no such file");
    } catch (IOException e) {
      throw new InputException(file.toString(), 0, null, "not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw InputException.ofFile(file, "not a JSON object");
    }
    JsonNode format = root.get("format");
    if (format == null || !FORMAT.equals(format.asText())) {
      throw new InputException(
          file, 0, "format", "expected \"" + FORMAT + "\", got " + format + "; not this model");
    }
    JsonNode dimension = root.get("dimension");
    if (dimension == null || !dimension.canConvertToInt() || dimension.intValue() < 1) {
      throw new InputException(
          file, 0, "dimension", "must be a positive integer, got " + dimension);
    }
    int d = dimension.intValue();
    JsonNode feedback = root.get("userFeedback"); // absent in models saved before 2026-12-07
    if (feedback != null && !feedback.isBoolean()) {
      throw new InputException(file, 0, "userFeedback", "must be true or false, got " + feedback);
    }
    boolean readsFeedback = feedback != null && feedback.booleanValue();
    int size = 3 * d + 1 + (readsFeedback ? UserFeedback.FEATURES : 0);
    JsonNode array = root.get("weights");
    if (array == null || !array.isArray() || array.size() != size) {
      throw new InputException(
          file,
          0,
          "weights",
          "must be an array of 3 x dimension + 1"
              + (readsFeedback ? " + " + UserFeedback.FEATURES + " (userFeedback)" : "")
              + " = "
              + size
              + " numbers, got "
              + (array == null || !array.isArray() ? String.valueOf(array) : array.size()));
    }
    double[] w = new double[size];
    for (int k = 0; k < w.length; k++) {
      JsonNode x = array.get(k);
      if (!x.isNumber() || !Double.isFinite(x.doubleValue())) {
        throw new InputException(file, 0, "weights[" + k + "]", "not a finite number: " + x);
      }
      w[k] = x.doubleValue();
    }
    for (var it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("format")
          && !key.equals("dimension")
          && !key.equals("userFeedback")
          && !key.equals("weights")) {
        throw new InputException(file, 0, key, "unknown key");
      }
    }
    float[][] unit = normaliseRows(itemVectors);
    if (unit[0].length != d) {
      throw new InputException(
          file,
          0,
          "dimension",
          "the model was trained on item vectors of dimension "
              + d
              + " but the given item vectors have dimension "
              + unit[0].length);
    }
    return new ContentLogisticRegression(unit, w);
  }

  /**
   * Joins the modalities of each item: row {@code i} of the result is the concatenation of the
   * L2-normalised rows {@code i} of {@code modalities} in order. A modality's width is the length
   * of its non-empty rows (all equal); a null or zero-length row is an item without that modality
   * and becomes zeros of that width, as does an all-zero row.
   *
   * @throws IllegalArgumentException when the modalities differ in the number of items, a modality
   *     has rows of different lengths or no non-empty row at all, or a value is not finite
   */
  public static float[][] concatNormalised(float[][]... modalities) {
    if (modalities.length == 0) {
      throw new IllegalArgumentException("no modalities to concatenate");
    }
    int items = -1;
    int[] widths = new int[modalities.length];
    int total = 0;
    for (int mIdx = 0; mIdx < modalities.length; mIdx++) {
      float[][] rows = modalities[mIdx];
      if (rows == null) {
        throw new IllegalArgumentException("modality " + mIdx + " is null");
      }
      if (items >= 0 && rows.length != items) {
        throw new IllegalArgumentException(
            "modality " + mIdx + " has " + rows.length + " items, modality 0 has " + items);
      }
      items = rows.length;
      int width = 0;
      for (int i = 0; i < rows.length; i++) {
        if (rows[i] == null || rows[i].length == 0) {
          continue;
        }
        if (width == 0) {
          width = rows[i].length;
        } else if (rows[i].length != width) {
          throw new IllegalArgumentException(
              "modality "
                  + mIdx
                  + ": row "
                  + i
                  + " has length "
                  + rows[i].length
                  + ", earlier rows "
                  + width);
        }
      }
      if (width == 0) {
        throw new IllegalArgumentException(
            "modality " + mIdx + " has no non-empty row, so its width is unknown");
      }
      widths[mIdx] = width;
      total += width;
    }
    float[][] out = new float[items][total]; // [numItems, sum of widths]
    int offset = 0;
    for (int mIdx = 0; mIdx < modalities.length; mIdx++) {
      for (int i = 0; i < items; i++) {
        float[] row = modalities[mIdx][i];
        if (row != null && row.length > 0) {
          normalise(row, out[i], offset, "modality " + mIdx + ", row " + i);
        }
      }
      offset += widths[mIdx];
    }
    return out;
  }

  // ---- package-private: the pieces the tests check ----

  /**
   * Rows of {@code itemVectors} L2-normalised (new arrays; zero rows stay zero).
   *
   * @throws IllegalArgumentException when there are no rows, a row is null, rows differ in length
   *     or a value is not finite
   */
  static float[][] normaliseRows(float[][] itemVectors) {
    if (itemVectors == null || itemVectors.length == 0) {
      throw new IllegalArgumentException("no item vectors: need one row per ItemId");
    }
    if (itemVectors[0] == null || itemVectors[0].length == 0) {
      throw new IllegalArgumentException(
          "item vector 0 is null or empty; use zeros of the common dimension for an item without"
              + " content");
    }
    int d = itemVectors[0].length;
    float[][] out = new float[itemVectors.length][d];
    for (int i = 0; i < itemVectors.length; i++) {
      float[] row = itemVectors[i];
      if (row == null || row.length != d) {
        throw new IllegalArgumentException(
            "item vector "
                + i
                + " has "
                + (row == null ? "no row" : "length " + row.length)
                + ", item vector 0 has dimension "
                + d
                + " (use zeros for an item without content)");
      }
      normalise(row, out[i], 0, "item vector " + i);
    }
    return out;
  }

  /** The features {@code [x, h, x⊙h, 1]} of (history, item) over normalised vectors. */
  static double[] features(float[][] unit, int[] history, int item) {
    int d = unit[0].length;
    double[] h = new double[d];
    historyMean(unit, history, 0, history.length, h);
    float[] x = unit[item];
    double[] f = new double[3 * d + 1];
    for (int k = 0; k < d; k++) {
      f[k] = x[k];
      f[d + k] = h[k];
      f[2 * d + k] = x[k] * h[k];
    }
    f[3 * d] = 1;
    return f;
  }

  /** The training objective (mean cross-entropy + l2 penalty) at {@code w} over all examples. */
  static double loss(double[] w, float[][] itemVectors, CtrExamples examples, double l2) {
    return objectiveOverAll(w, itemVectors, examples, l2, null);
  }

  /** The gradient of {@link #loss} at {@code w}. */
  static double[] gradient(double[] w, float[][] itemVectors, CtrExamples examples, double l2) {
    double[] grad = new double[w.length];
    objectiveOverAll(w, itemVectors, examples, l2, grad);
    return grad;
  }

  // ---- the math ----

  private static double objectiveOverAll(
      double[] w, float[][] itemVectors, CtrExamples examples, double l2, double[] grad) {
    if (examples.size() == 0) {
      throw new IllegalArgumentException("no examples: the mean loss is undefined");
    }
    float[][] unit = normaliseRows(itemVectors);
    checkItems(examples, unit.length);
    int base = 3 * unit[0].length + 1;
    if (w.length != base && w.length != base + UserFeedback.FEATURES) {
      throw new IllegalArgumentException(
          w.length
              + " weights for dimension "
              + unit[0].length
              + "; need 3d + 1, or 3d + 3 with feedback");
    }
    int[] all = new int[examples.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    double[] g = grad == null ? new double[w.length] : grad;
    return objective(w, unit, examples, all, 0, all.length, l2, g, new double[unit[0].length]);
  }

  /**
   * Mean binary cross-entropy of the examples {@code batch[from..to)} plus {@code l2/2·|w|²} (bias
   * excluded); writes its gradient into {@code grad}. {@code h} is scratch of length d.
   */
  private static double objective(
      double[] w,
      float[][] unit,
      CtrExamples examples,
      int[] batch,
      int from,
      int to,
      double l2,
      double[] grad,
      double[] h) {
    int d = unit[0].length;
    Arrays.fill(grad, 0);
    double total = 0;
    double scale = 1.0 / (to - from);
    for (int b = from; b < to; b++) {
      int i = batch[b];
      int[] s = examples.sequences()[examples.user()[i]];
      historyMean(unit, s, examples.historyStart(i), examples.historyEnd()[i], h);
      float[] x = unit[examples.item()[i]];
      double[] fb = feedbackOf(w, d, examples, i);
      double z = logit(w, x, h, fb);
      double y = examples.label()[i] ? 1 : 0;
      // -[y log σ(z) + (1-y) log(1-σ(z))] = softplus(z) - y z, computed without overflow
      total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z;
      double c = (sigmoid(z) - y) * scale; // d loss / d z, already divided by the batch size
      for (int k = 0; k < d; k++) {
        grad[k] += c * x[k];
        grad[d + k] += c * h[k];
        grad[2 * d + k] += c * x[k] * h[k];
      }
      grad[3 * d] += c;
      if (fb != null) {
        for (int k = 0; k < fb.length; k++) {
          grad[3 * d + 1 + k] += c * fb[k];
        }
      }
    }
    double penalty = 0;
    for (int k = 0; k < 3 * d; k++) {
      penalty += w[k] * w[k];
      grad[k] += l2 * w[k];
    }
    return total * scale + 0.5 * l2 * penalty;
  }

  /**
   * {@code w·[x, h, x⊙h, 1, fb]} without building the feature vector; {@code fb} is null for a
   * model without feedback.
   */
  private static double logit(double[] w, float[] x, double[] h, double[] fb) {
    int d = x.length;
    double z = w[3 * d];
    for (int k = 0; k < d; k++) {
      z += w[k] * x[k] + w[d + k] * h[k] + w[2 * d + k] * x[k] * h[k];
    }
    if (fb != null) {
      for (int k = 0; k < fb.length; k++) {
        z += w[3 * d + 1 + k] * fb[k];
      }
    }
    return z;
  }

  /** Whether weights {@code w} over content of dimension d include the feedback weights. */
  private static boolean readsFeedback(double[] w, int d) {
    return w.length > 3 * d + 1;
  }

  /** Example i's feedback features when weights {@code w} read them, else null. */
  private static double[] feedbackOf(double[] w, int d, CtrExamples examples, int i) {
    return readsFeedback(w, d) ? examples.feedback(i).features() : null;
  }

  /** Writes the mean of {@code unit[items[from..to)]} into {@code h} (zeros when empty). */
  private static void historyMean(float[][] unit, int[] items, int from, int to, double[] h) {
    Arrays.fill(h, 0);
    if (to <= from) {
      return;
    }
    for (int j = from; j < to; j++) {
      float[] v = unit[items[j]];
      for (int k = 0; k < h.length; k++) {
        h[k] += v[k];
      }
    }
    double inv = 1.0 / (to - from);
    for (int k = 0; k < h.length; k++) {
      h[k] *= inv;
    }
  }

  private static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  /** Writes {@code row / |row|₂} into {@code out[offset..]} (zeros when the row is zero). */
  private static void normalise(float[] row, float[] out, int offset, String what) {
    double sq = 0;
    for (int k = 0; k < row.length; k++) {
      if (!Float.isFinite(row[k])) {
        throw new IllegalArgumentException(
            what + " has a non-finite value at " + k + ": " + row[k]);
      }
      sq += (double) row[k] * row[k];
    }
    if (sq == 0) {
      return;
    }
    double inv = 1 / Math.sqrt(sq);
    for (int k = 0; k < row.length; k++) {
      out[offset + k] = (float) (row[k] * inv);
    }
  }

  /** Fisher–Yates with the given stream. */
  private static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /**
   * Every example item and history item of {@code examples} is an ItemId below {@code numItems}.
   */
  private static void checkItems(CtrExamples examples, int numItems) {
    for (int i = 0; i < examples.size(); i++) {
      checkItem(examples.item()[i], numItems, "item of example " + i);
      int[] s = examples.sequences()[examples.user()[i]];
      for (int j = examples.historyStart(i); j < examples.historyEnd()[i]; j++) {
        checkItem(s[j], numItems, "history item of example " + i);
      }
    }
  }

  private static void checkItem(int item, int numItems, String what) {
    if (item < 0 || item >= numItems) {
      throw new IllegalArgumentException(
          what
              + " "
              + item
              + " is not an ItemId of the catalogue of "
              + numItems
              + " items (no item vector)");
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
