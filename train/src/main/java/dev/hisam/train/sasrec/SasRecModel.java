package dev.hisam.train.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hisam.core.Json;
import dev.hisam.core.io.AtomicFiles;
import dev.hisam.eval.ItemScorer;
import dev.hisam.model.sasrec.SasRec;
import dev.hisam.model.sasrec.SasRecConfig;
import dev.hisam.model.sasrec.SequenceBatch;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A trained SASRec next-item model: scores every catalogue item (ItemId = token id) given a
 * history. Immutable after training; call from one thread at a time. Owns native memory: close it.
 */
public final class SasRecModel implements ItemScorer, AutoCloseable {
  /** File name of the JSON description inside a saved model directory. */
  public static final String INFO_FILE = "model.json";

  /** File name of the weights inside a saved model directory. */
  public static final String WEIGHTS_FILE = "weights.bin";

  /** Histories scored per forward pass in {@link #score}. */
  static final int SCORE_BATCH = 256;

  /**
   * What a saved model says about itself.
   *
   * @param format always "sasrec"
   * @param formatVersion layout version of the directory
   * @param numItems catalogue size (scores per history)
   * @param config the resolved network config
   * @param provenance how the weights were obtained
   */
  public record Info(
      String format, int formatVersion, int numItems, SasRecConfig config, Provenance provenance) {}

  /**
   * How a model was trained.
   *
   * @param seed root seed of the run
   * @param trainConfig the resolved training config
   * @param bestEpoch epoch whose weights were kept (the last one when never validated)
   * @param bestValidation validation metric of the kept weights (NaN when never validated)
   * @param epochsRun epochs trained before stopping
   */
  public record Provenance(
      long seed,
      SasRecTrainConfig trainConfig,
      int bestEpoch,
      double bestValidation,
      int epochsRun) {}

  static final int FORMAT_VERSION = 1;

  private final SasRec network;
  private final Provenance provenance;

  SasRecModel(SasRec network, Provenance provenance) {
    this.network = network;
    this.provenance = provenance;
  }

  public SasRecConfig config() {
    return network.config();
  }

  public int numItems() {
    return network.numTokens();
  }

  public Provenance provenance() {
    return provenance;
  }

  /** The network (for benchmarks and tests in this module). */
  SasRec network() {
    return network;
  }

  @Override
  public float[][] score(int[][] histories) {
    return scoreWith(network, histories);
  }

  @Override
  public int historyCapacity() {
    return network.config().maxLen();
  }

  /** Scores with any network in inference mode (no dropout), {@link #SCORE_BATCH} at a time. */
  @SuppressWarnings("try") // the scope closes the step's temporaries
  static float[][] scoreWith(SasRec net, int[][] histories) {
    int n = net.numTokens();
    float[][] out = new float[histories.length][];
    for (int from = 0; from < histories.length; from += SCORE_BATCH) {
      int to = Math.min(histories.length, from + SCORE_BATCH);
      int[][] chunk = java.util.Arrays.copyOfRange(histories, from, to);
      try (NDScope scope = new NDScope()) {
        SequenceBatch batch = SequenceBatch.inference(chunk, net.padToken(), net.config().maxLen());
        NDArray logits = net.logits(batch, false); // [R, N]
        float[] flat = logits.toFloatArray();
        for (int i = 0; i < chunk.length; i++) {
          out[from + i] = java.util.Arrays.copyOfRange(flat, i * n, (i + 1) * n);
        }
      }
    }
    return out;
  }

  /**
   * The {@code k} best items for one history, best first; ties go to the smaller ItemId (the P1
   * ranking rule).
   */
  public int[] topK(int[] history, int k) {
    float[] s = score(new int[][] {history})[0];
    return TopK.select(s, k);
  }

  /** Writes {@code dir} (must not exist) with {@value #INFO_FILE} and {@value #WEIGHTS_FILE}. */
  public void save(Path dir) {
    AtomicFiles.writeNewDirectory(dir, this::writeInto);
  }

  /**
   * Writes the model's files into an existing (empty) directory; callers that assemble a larger
   * artifact directory atomically use this instead of {@link #save}.
   */
  public void writeInto(Path dir) throws IOException {
    Info info = new Info("sasrec", FORMAT_VERSION, numItems(), config(), provenance);
    Files.writeString(dir.resolve(INFO_FILE), Json.mapper().writeValueAsString(info));
    try (DataOutputStream out =
        new DataOutputStream(
            new BufferedOutputStream(Files.newOutputStream(dir.resolve(WEIGHTS_FILE))))) {
      network.parameters().write(out);
    }
  }

  /**
   * Models saved before {@code tiedOutput} existed scored with the input embedding table: every
   * SASRec config in the tree without the key gets {@code tiedOutput: true}; before {@code
   * itemBias} existed, only untied outputs had a bias; a training config from before {@code
   * emaDecay} averaged nothing. Reads {@code model.json}.
   */
  public static Info readInfo(Path file) throws IOException {
    JsonNode tree = Json.mapper().readTree(Files.readString(file));
    upgrade(tree);
    return Json.mapper().treeToValue(tree, Info.class);
  }

  private static void upgrade(JsonNode node) {
    if (node instanceof ObjectNode o && o.has("maxLen") && o.has("dim")) {
      if (!o.has("tiedOutput")) {
        o.put("tiedOutput", true);
      }
      if (!o.has("itemBias")) {
        o.put("itemBias", false);
      }
    }
    if (node instanceof ObjectNode o
        && o.has("bucketByLength")
        && o.has("batchSize")
        && !o.has("emaDecay")) {
      o.put("emaDecay", 0.0); // a training config from before weight averaging: none
    }
    node.forEach(SasRecModel::upgrade);
  }

  /** Reads a model written by {@link #save}. */
  public static SasRecModel load(Path dir) {
    try {
      Info info = readInfo(dir.resolve(INFO_FILE));
      if (!"sasrec".equals(info.format()) || info.formatVersion() != FORMAT_VERSION) {
        throw new IOException(
            "not a SASRec model of format version "
                + FORMAT_VERSION
                + ": "
                + info.format()
                + " v"
                + info.formatVersion());
      }
      SasRec net = new SasRec(info.config(), info.numItems(), new SplittableRandom(0));
      try (DataInputStream in =
          new DataInputStream(
              new BufferedInputStream(Files.newInputStream(dir.resolve(WEIGHTS_FILE))))) {
        net.parameters().read(in);
      } catch (IOException | RuntimeException e) {
        net.close();
        throw e;
      }
      return new SasRecModel(net, info.provenance());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load SASRec model from " + dir, e);
    }
  }

  /** The manager owning the weights (e.g. for tests that create tensors beside them). */
  NDManager manager() {
    return network.manager();
  }

  @Override
  public void close() {
    network.close();
  }
}
