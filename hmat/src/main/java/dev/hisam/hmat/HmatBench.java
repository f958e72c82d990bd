package dev.hisam.hmat;

import dev.hisam.core.Seeds;
import dev.hisam.tokenizer.SemanticIdTable;
import dev.hisam.train.Training;
import dev.hisam.train.sasrec.AdamW;
import dev.hisam.train.sasrec.SasRecBench;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Side-by-side efficiency of HMAT and the flat baseline on synthetic semantic IDs: training
 * throughput (forward, backward and AdamW) and batched beam-search latency, same model size, same
 * kernels. Reports numbers; asserts nothing.
 */
public final class HmatBench {
  private HmatBench() {}

  /**
   * Training throughput of one network at one history length.
   *
   * @param perItem tokens per item in the network's layout
   * @param secondsPerStep median wall time of one training step
   * @param tokensPerSecond input tokens (padding-free: every sequence has {@code history + 1}
   *     items) per second
   * @param itemsPerSecond items per second (comparable across layouts with different tokens per
   *     item)
   * @param cpuSecondsPerStep process CPU time per step (all threads)
   */
  public record Throughput(
      HmatConfig model,
      int history,
      int batchSize,
      int steps,
      int perItem,
      double secondsPerStep,
      double tokensPerSecond,
      double itemsPerSecond,
      double cpuSecondsPerStep) {}

  /**
   * Batched beam-search latency.
   *
   * @param millisPerUser median over repetitions of (wall time of one batch) / users
   * @param cpuMillisPerUser process CPU time (all threads) per user over the timed repetitions: on
   *     a shared machine, compare this
   */
  public record Latency(
      HmatConfig model,
      int history,
      int users,
      int beamWidth,
      double millisPerUser,
      double cpuMillisPerUser) {}

  /**
   * A random catalogue: {@code items} items, codes uniform per level (collision codes where tuples
   * repeat).
   */
  public static SidVocabulary syntheticVocabulary(
      int items, int[] levelSizes, SplittableRandom random) {
    int[][] codes = new int[items][levelSizes.length];
    List<String> names = new ArrayList<>();
    for (int l = 0; l < levelSizes.length; l++) {
      names.add("level" + l);
    }
    for (int i = 0; i < items; i++) {
      for (int l = 0; l < levelSizes.length; l++) {
        codes[i][l] = random.nextInt(levelSizes[l]);
      }
    }
    return new SidVocabulary(SemanticIdTable.of(names, levelSizes, codes));
  }

  /** {@code users} random item sequences of exactly {@code length} items. */
  public static int[][] syntheticSequences(
      int users, int length, int items, SplittableRandom random) {
    int[][] out = new int[users][length];
    for (int u = 0; u < users; u++) {
      for (int i = 0; i < length; i++) {
        out[u][i] = random.nextInt(items);
      }
    }
    return out;
  }

  /**
   * Trains {@code warmup} untimed steps, then at least {@code minSteps} timed ones and on until the
   * timed steps add up to {@code minSeconds} (short steps, a short history, get enough of them for
   * a steady median), on batches of {@code batchSize} random sequences of {@code history + 1}
   * items.
   */
  public static Throughput training(
      HmatConfig model,
      SidVocabulary vocab,
      int history,
      int batchSize,
      int warmup,
      int minSteps,
      double minSeconds,
      Seeds seeds) {
    HmatConfig c = model.withMaxItems(history);
    SplittableRandom data = seeds.stream("bench.data");
    try (Hmat net = new Hmat(c, vocab, seeds.stream("bench.init"));
        AdamW optimizer = new AdamW(net.parameters(), 1e-4, 0.9, 0.98, 1e-8, 0.01)) {
      net.parameters().attachGradients();
      List<Double> timed = new ArrayList<>();
      double total = 0;
      long cpu0 = 0;
      for (int s = 0; s < warmup || timed.size() < minSteps || total < minSeconds; s++) {
        HmatBatch batch =
            net.trainingBatch(syntheticSequences(batchSize, history + 1, vocab.items(), data));
        if (s == warmup) {
          cpu0 = SasRecBench.processCpuNanos();
        }
        long t0 = System.nanoTime();
        Training.step(() -> net.loss(batch, true), optimizer);
        if (s >= warmup) {
          double sec = (System.nanoTime() - t0) / 1e9;
          timed.add(sec);
          total += sec;
        }
      }
      int steps = timed.size();
      double[] seconds = timed.stream().mapToDouble(Double::doubleValue).toArray();
      double cpu = (SasRecBench.processCpuNanos() - cpu0) / 1e9 / steps;
      double median = median(seconds);
      long items = (long) batchSize * (history + 1);
      return new Throughput(
          c,
          history,
          batchSize,
          steps,
          net.perItem(),
          median,
          items * net.perItem() / median,
          items / median,
          cpu);
    }
  }

  /**
   * Beam search over batches of {@code users} random histories of {@code history} items, the models
   * interleaved: each repetition draws one batch and times every model on it in turn, after one
   * untimed repetition of all of them (the first search in a process pays JIT and allocator
   * warm-up, and this machine has slow phases that a model timed alone would take in full).
   *
   * @return one latency per model, in order
   */
  public static Latency[] decoding(
      List<HmatConfig> models,
      SidVocabulary vocab,
      int history,
      int users,
      int beamWidth,
      int repetitions,
      Seeds seeds) {
    SplittableRandom data = seeds.stream("bench.data");
    PrefixTrie trie = new PrefixTrie(vocab);
    int n = models.size();
    List<Hmat> nets = new ArrayList<>();
    List<BeamSearch> searches = new ArrayList<>();
    try {
      for (HmatConfig m : models) {
        nets.add(
            new Hmat(m.withMaxItems(history).withDropout(0), vocab, seeds.stream("bench.init")));
        searches.add(new BeamSearch(nets.get(nets.size() - 1), trie));
      }
      double[][] ms = new double[n][repetitions];
      long[] cpu = new long[n];
      for (int r = -1; r < repetitions; r++) { // r = -1 warms up
        int[][] histories = syntheticSequences(users, history, vocab.items(), data);
        for (int i = 0; i < n; i++) {
          long cpu0 = SasRecBench.processCpuNanos();
          long t0 = System.nanoTime();
          searches.get(i).search(histories, beamWidth);
          if (r >= 0) {
            ms[i][r] = (System.nanoTime() - t0) / 1e6 / users;
            cpu[i] += SasRecBench.processCpuNanos() - cpu0;
          }
        }
      }
      Latency[] out = new Latency[n];
      for (int i = 0; i < n; i++) {
        out[i] =
            new Latency(
                nets.get(i).config(),
                history,
                users,
                beamWidth,
                median(ms[i]),
                cpu[i] / 1e6 / ((double) users * repetitions));
      }
      return out;
    } finally {
      nets.forEach(Hmat::close);
    }
  }

  /** Peak resident set size of this process, or -1 (see {@link SasRecBench#peakRssMiB()}). */
  public static long peakRssMiB() {
    return SasRecBench.peakRssMiB();
  }

  public static double median(double[] values) {
    double[] s = values.clone();
    java.util.Arrays.sort(s);
    return s.length == 0 ? Double.NaN : s[(s.length - 1) / 2];
  }
}
