package dev.hisam.hmat;

import ai.djl.ndarray.NDScope;
import dev.hisam.core.io.AtomicFiles;
import dev.hisam.eval.CtrExamples;
import dev.hisam.eval.UserFeedback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A trained CTR model (P2): HMAT, the flat model or the item-ID transformer with the click head of
 * {@link CtrNetwork}. Scores are logits (σ of them is the click probability). Each user's history
 * is encoded once and all its candidates are scored against it. Call from one thread at a time.
 * Owns native memory: close it.
 */
public final class CtrModel implements AutoCloseable {
  /** File name of the JSON description inside a saved model directory. */
  public static final String INFO_FILE = "model.json";

  static final String FORMAT = "hmat-ctr";

  /** The content vectors of a model with the content head, beside its weights. */
  public static final String CONTENT_FILE = "content.bin";

  static final int CONTENT_MAGIC = 0x43544e54; // "CTNT"

  static final int FORMAT_VERSION = 1;

  /** Users (distinct histories) encoded per scoring batch. */
  static final int SCORE_USERS = 32;

  /**
   * What a saved model says about itself.
   *
   * @param format always "hmat-ctr"
   * @param formatVersion layout version of the directory
   * @param config the network config
   * @param provenance how the weights were obtained
   */
  public record Info(String format, int formatVersion, HmatConfig config, Provenance provenance) {}

  /**
   * How a model was trained.
   *
   * @param seed root seed of the run
   * @param trainConfig the resolved training config
   * @param bestEpoch epoch whose weights were kept
   * @param bestValidation validation AUC of the kept weights (NaN when never validated)
   * @param epochsRun epochs trained before stopping
   */
  public record Provenance(
      long seed, CtrTrainConfig trainConfig, int bestEpoch, double bestValidation, int epochsRun) {}

  private final CtrNetwork network;
  private final Provenance provenance;

  CtrModel(CtrNetwork network, Provenance provenance) {
    this.network = network;
    this.provenance = provenance;
  }

  public CtrNetwork network() {
    return network;
  }

  public HmatConfig config() {
    return network.config();
  }

  public SidVocabulary vocabulary() {
    return network.vocabulary();
  }

  public int numItems() {
    return network.vocabulary().items();
  }

  public Provenance provenance() {
    return provenance;
  }

  /**
   * Logits of every candidate of every user.
   *
   * @param histories per user, chronological ItemIds (the last {@code maxItems} are read)
   * @param candidates per user, ItemIds to score (any number, may differ between users)
   * @return per user, one logit per candidate
   */
  public float[][] score(int[][] histories, int[][] candidates) {
    return score(histories, candidates, null);
  }

  /** Whether scoring needs each user's earlier feedback ({@link CtrTrainConfig#userFeedback}). */
  public boolean readsFeedback() {
    return network.userFeedback();
  }

  /**
   * As above with each user's earlier feedback, required when {@link #readsFeedback()} (ignored
   * otherwise).
   *
   * @param feedback per user, or null for a model that does not read it
   */
  public float[][] score(int[][] histories, int[][] candidates, UserFeedback[] feedback) {
    if (histories.length != candidates.length) {
      throw new IllegalArgumentException(
          histories.length + " histories for " + candidates.length + " candidate lists");
    }
    if (readsFeedback() && (feedback == null || feedback.length != histories.length)) {
      throw new IllegalArgumentException(
          "this model reads each user's earlier feedback (ctr.train.userFeedback): give the"
              + " positives and ratings before the scored interactions for each of "
              + histories.length
              + " users");
    }
    UserFeedback[][] perCandidate = null;
    if (readsFeedback()) {
      perCandidate = new UserFeedback[histories.length][];
      for (int u = 0; u < histories.length; u++) {
        if (feedback[u] == null) {
          throw new IllegalArgumentException("no feedback for user " + u);
        }
        perCandidate[u] = new UserFeedback[candidates[u].length];
        Arrays.fill(perCandidate[u], feedback[u]);
      }
    }
    return scoreEach(histories, candidates, perCandidate);
  }

  /**
   * Logits of each user's candidates against that user's history, each candidate with its own
   * earlier feedback: the feedback enters only the head, so candidates whose feedback differs still
   * share one encoded history.
   *
   * @param feedback per user and candidate, or null for a model that does not read it
   */
  @SuppressWarnings("try") // the scope frees each batch's tensors
  private float[][] scoreEach(int[][] histories, int[][] candidates, UserFeedback[][] feedback) {
    for (int u = 0; u < histories.length; u++) {
      check(histories[u], "history item", u);
      check(candidates[u], "candidate", u);
    }
    // batch users of similar history length together (less padding); results in input order
    int cap = config().maxItems();
    Integer[] order = new Integer[histories.length];
    for (int u = 0; u < order.length; u++) {
      order[u] = u;
    }
    Arrays.sort(
        order,
        (a, b) ->
            Integer.compare(
                Math.min(cap, histories[a].length), Math.min(cap, histories[b].length)));
    float[][] out = new float[histories.length][];
    for (int from = 0; from < order.length; from += SCORE_USERS) {
      int to = Math.min(order.length, from + SCORE_USERS);
      int c = 0;
      for (int i = from; i < to; i++) {
        c = Math.max(c, candidates[order[i]].length);
      }
      if (c == 0) {
        for (int i = from; i < to; i++) {
          out[order[i]] = new float[0];
        }
        continue;
      }
      int[][] hist = new int[to - from][];
      int[][] cand = new int[to - from][];
      UserFeedback[] fb = feedback != null ? new UserFeedback[(to - from) * c] : null; // per row
      for (int i = from; i < to; i++) {
        int[] own = candidates[order[i]];
        hist[i - from] = histories[order[i]];
        if (fb != null) {
          UserFeedback[] ownFeedback = feedback[order[i]];
          System.arraycopy(ownFeedback, 0, fb, (i - from) * c, own.length);
          Arrays.fill(
              fb,
              (i - from) * c + own.length,
              (i - from + 1) * c,
              own.length > 0 ? ownFeedback[0] : UserFeedback.NONE);
        }
        cand[i - from] = Arrays.copyOf(own, c);
        // pad with a real item; its score is dropped
        Arrays.fill(cand[i - from], own.length, c, own.length > 0 ? own[0] : 0);
      }
      float[] logits;
      try (NDScope scope = new NDScope()) {
        logits = network.logitsPerRow(hist, cand, fb).toFloatArray();
      }
      for (int i = from; i < to; i++) {
        int u = order[i];
        out[u] = Arrays.copyOfRange(logits, (i - from) * c, (i - from) * c + candidates[u].length);
      }
    }
    return out;
  }

  /**
   * The logit of every example, each scored against exactly its own history and feedback; examples
   * that share a user and a history are scored together (one encoded history), each candidate with
   * its own feedback counts.
   */
  public float[] score(CtrExamples examples) {
    Map<List<Integer>, Integer> groupOf = new HashMap<>();
    int[] group = new int[examples.size()];
    int[] firstExample = new int[examples.size()];
    int[] sizes = new int[examples.size()];
    int groups = 0;
    for (int i = 0; i < examples.size(); i++) {
      List<Integer> key = List.of(examples.user()[i], examples.historyEnd()[i]);
      Integer g = groupOf.get(key);
      if (g == null) {
        g = groups++;
        groupOf.put(key, g);
        firstExample[g] = i;
      }
      group[i] = g;
      sizes[g]++;
    }
    int[][] histories = new int[groups][];
    int[][] candidates = new int[groups][];
    UserFeedback[][] feedback = readsFeedback() ? new UserFeedback[groups][] : null;
    for (int g = 0; g < groups; g++) {
      histories[g] = examples.history(firstExample[g]);
      candidates[g] = new int[sizes[g]];
      if (feedback != null) {
        feedback[g] = new UserFeedback[sizes[g]];
      }
    }
    int[] filled = new int[groups];
    int[] slot = new int[examples.size()];
    for (int i = 0; i < examples.size(); i++) {
      int g = group[i];
      slot[i] = filled[g];
      if (feedback != null) {
        feedback[g][filled[g]] = examples.feedback(i);
      }
      candidates[g][filled[g]++] = examples.item()[i];
    }
    float[][] scores = scoreEach(histories, candidates, feedback);
    float[] out = new float[examples.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = scores[group[i]][slot[i]];
    }
    return out;
  }

  /**
   * Faster, approximate {@link #score(CtrExamples)} for model selection: a user's examples in
   * chronological chunks of {@code chunk} share one encoded window (the last {@code maxItems}
   * positives before the chunk's latest example), each seeing the part before its own interaction,
   * as in training. Equal to the exact scores wherever a user's history fits the window (fewer than
   * {@code maxItems} positives before the chunk's latest example).
   */
  @SuppressWarnings("try") // the scope frees each batch's tensors
  public float[] scoreChunked(CtrExamples examples, int chunk, int usersPerBatch) {
    List<CtrTrainer.Chunk> chunks =
        new java.util.ArrayList<>(CtrTrainer.chunks(examples, chunk, config().maxItems()));
    chunks.sort(java.util.Comparator.comparingInt(ch -> ch.window().length)); // less padding
    float[] out = new float[examples.size()];
    for (int from = 0; from < chunks.size(); from += usersPerBatch) {
      int[] members =
          java.util.stream.IntStream.range(from, Math.min(chunks.size(), from + usersPerBatch))
              .toArray();
      CtrTrainer.Batch b = CtrTrainer.batch(chunks, members, network.network().perItem());
      int c = b.items()[0].length;
      float[] logits;
      try (NDScope scope = new NDScope()) {
        logits =
            network.logits(b.windows(), b.items(), b.visible(), b.feedback(), false).toFloatArray();
      }
      for (int i = 0; i < members.length; i++) {
        int[] idx = chunks.get(members[i]).examples();
        for (int k = 0; k < idx.length; k++) {
          out[idx[k]] = logits[i * c + k];
        }
      }
    }
    return out;
  }

  private void check(int[] items, String what, int user) {
    for (int item : items) {
      if (item < 0 || item >= numItems()) {
        throw new IllegalArgumentException(
            what
                + " "
                + item
                + " of user "
                + user
                + " is not an ItemId of this model's catalogue of "
                + numItems());
      }
    }
  }

  /** Writes {@code dir} (must not exist) with the config, the SID table and the weights. */
  public void save(Path dir) {
    AtomicFiles.writeNewDirectory(dir, this::writeInto);
  }

  /** Writes the model's files into an existing (empty) directory. */
  public void writeInto(Path dir) throws IOException {
    Info info = new Info(FORMAT, FORMAT_VERSION, config(), provenance);
    ModelFiles.write(dir, info, vocabulary(), network.parameters());
    if (network.content() != null) {
      new dev.hisam.tokenizer.MatrixArchive("", java.util.Map.of("content", network.content()))
          .save(dir.resolve(CONTENT_FILE), CONTENT_MAGIC);
    }
  }

  /** Reads a model written by {@link #save}. */
  public static CtrModel load(Path dir) {
    try {
      Info info = ModelFiles.readInfo(dir, Info.class);
      if (!FORMAT.equals(info.format()) || info.formatVersion() != FORMAT_VERSION) {
        throw new IOException(
            "not a CTR model of format "
                + FORMAT
                + " v"
                + FORMAT_VERSION
                + ": "
                + info.format()
                + " v"
                + info.formatVersion());
      }
      SidVocabulary vocab = ModelFiles.readVocabulary(dir);
      CtrTrainConfig tc = info.provenance() == null ? null : info.provenance().trainConfig();
      CtrNetwork net =
          new CtrNetwork(
              info.config(),
              vocab,
              tc == null ? CtrNetwork.Head.NONE : CtrNetwork.Head.of(tc),
              tc != null && tc.contentHead()
                  ? dev.hisam.tokenizer.MatrixArchive.load(dir.resolve(CONTENT_FILE), CONTENT_MAGIC)
                      .get("content", dir.resolve(CONTENT_FILE))
                  : null,
              new SplittableRandom(0));
      ModelFiles.readWeights(dir, net.parameters(), net);
      return new CtrModel(net, info.provenance());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot load CTR model from " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    network.close();
  }
}
