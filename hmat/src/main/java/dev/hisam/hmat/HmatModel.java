package dev.hisam.hmat;

import dev.hisam.core.io.AtomicFiles;
import dev.hisam.eval.ItemScorer;
import dev.hisam.eval.NextItemProtocol;
import dev.hisam.eval.Ranking;
import dev.hisam.eval.RankingMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A trained HMAT (or flat-baseline) next-item model: decodes catalogue items by constrained beam
 * search. As an {@link ItemScorer} it gives each decoded item its SID log-probability and every
 * other item {@code -Infinity}, so P1's rank of a decoded target is its beam position and that of
 * an undecoded one is at least the beam width (metrics at K <= beam width equal the beam-list ranks
 * of {@code Ranking.rankInList}). Immutable after training; call from one thread at a time. Owns
 * native memory: close it.
 */
public final class HmatModel implements ItemScorer, AutoCloseable {
  /** File name of the JSON description inside a saved model directory. */
  public static final String INFO_FILE = "model.json";

  /** File name of the semantic-ID table inside a saved model directory. */
  public static final String SID_FILE = "sids.bin";

  /** File name of the weights inside a saved model directory. */
  public static final String WEIGHTS_FILE = "weights.bin";

  /** Histories decoded per beam search call. */
  static final int SEARCH_BATCH = 64;

  static final int FORMAT_VERSION = 1;

  /**
   * What a saved model says about itself.
   *
   * @param format always "hmat"
   * @param formatVersion layout version of the directory
   * @param config the resolved network config
   * @param beamWidth beam width of {@link #score} and {@link #recommend(int[][])}
   * @param provenance how the weights were obtained
   */
  public record Info(
      String format, int formatVersion, HmatConfig config, int beamWidth, Provenance provenance) {}

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
      HmatTrainConfig trainConfig,
      int bestEpoch,
      double bestValidation,
      int epochsRun) {}

  private final Hmat network;
  private final PrefixTrie trie;
  private final int beamWidth;
  private final Provenance provenance;

  HmatModel(Hmat network, int beamWidth, Provenance provenance) {
    this.network = network;
    this.trie = new PrefixTrie(network.vocabulary());
    this.beamWidth = beamWidth;
    this.provenance = provenance;
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

  public int beamWidth() {
    return beamWidth;
  }

  public Provenance provenance() {
    return provenance;
  }

  /** The network (for benchmarks and tests). */
  public Hmat network() {
    return network;
  }

  /** The best {@link #beamWidth()} items per history, best first. */
  public Candidates[] recommend(int[][] histories) {
    return recommend(histories, beamWidth);
  }

  /** The best {@code width} items per history by a beam of that width, best first. */
  public Candidates[] recommend(int[][] histories, int width) {
    return searchAll(network, trie, histories, width);
  }

  /**
   * P1 ranks of a split's targets in this model's beam lists (width {@link #beamWidth()}): the
   * 0-based list position, {@link Ranking#MISS} when the beam did not return the target. Feed them
   * to {@link RankingMetrics#of}.
   */
  public int[] ranks(NextItemProtocol.Split split) {
    Candidates[] lists = recommend(split.histories());
    int[] out = new int[lists.length];
    for (int u = 0; u < lists.length; u++) {
      out[u] = Ranking.rankInList(lists[u].items(), split.targets()[u]);
    }
    return out;
  }

  @Override
  public float[][] score(int[][] histories) {
    return scoresOf(recommend(histories), numItems());
  }

  @Override
  public int historyCapacity() {
    return network().config().maxItems();
  }

  /** This model as a P1 scorer with a beam of {@code width} instead of its own. */
  public ItemScorer atBeamWidth(int width) {
    if (width < 1) {
      throw new IllegalArgumentException("beam width must be >= 1, got " + width);
    }
    int capacity = historyCapacity();
    return new ItemScorer() {
      @Override
      public float[][] score(int[][] histories) {
        return scoresOf(recommend(histories, width), numItems());
      }

      @Override
      public int historyCapacity() {
        return capacity;
      }
    };
  }

  /**
   * Beam search in chunks of {@link #SEARCH_BATCH} histories, taken in order of their length (as
   * the network reads them, at most {@code maxItems}) so that a chunk pads its histories to about
   * their own length instead of the longest of a random draw; results come back in input order.
   */
  static Candidates[] searchAll(Hmat net, PrefixTrie trie, int[][] histories, int width) {
    BeamSearch search = new BeamSearch(net, trie);
    int[] order = net.byLength(histories);
    Candidates[] out = new Candidates[histories.length];
    for (int from = 0; from < histories.length; from += SEARCH_BATCH) {
      int to = Math.min(histories.length, from + SEARCH_BATCH);
      int[][] chunk = new int[to - from][];
      for (int i = from; i < to; i++) {
        chunk[i - from] = histories[order[i]];
      }
      Candidates[] part = search.search(chunk, width);
      for (int i = from; i < to; i++) {
        out[order[i]] = part[i - from];
      }
    }
    return out;
  }

  /** Dense score rows: each decoded item's log-probability, {@code -Infinity} elsewhere. */
  static float[][] scoresOf(Candidates[] candidates, int numItems) {
    float[][] out = new float[candidates.length][numItems];
    for (int u = 0; u < candidates.length; u++) {
      Arrays.fill(out[u], Float.NEGATIVE_INFINITY);
      Candidates c = candidates[u];
      for (int i = 0; i < c.size(); i++) {
        out[u][c.items()[i]] = c.scores()[i];
      }
    }
    return out;
  }

  /** Writes {@code dir} (must not exist) with the config, the SID table and the weights. */
  public void save(Path dir) {
    AtomicFiles.writeNewDirectory(dir, this::writeInto);
  }

  /** Writes the model's files into an existing (empty) directory. */
  public void writeInto(Path dir) throws IOException {
    Info info = new Info("hmat", FORMAT_VERSION, config(), beamWidth, provenance);
    ModelFiles.write(dir, info, vocabulary(), network.parameters());
  }

  /** Reads a model written by {@link #save}. */
  public static HmatModel load(Path dir) {
    try {
      Info info = ModelFiles.readInfo(dir, Info.class);
      if (!"hmat".equals(info.format()) || info.formatVersion() != FORMAT_VERSION) {
        throw new IOException(
            "not an HMAT model of format version "
                + FORMAT_VERSION
                + ": "
                + info.format()
                + " v"
                + info.formatVersion());
      }
      Hmat net = new Hmat(info.config(), ModelFiles.readVocabulary(dir), new SplittableRandom(0));
      ModelFiles.readWeights(dir, net.parameters(), net);
      return new HmatModel(net, info.beamWidth(), info.provenance());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot load HMAT model from " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    network.close();
  }
}
