package dev.hisam.train.sasrec;

import dev.hisam.core.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures SASRec training throughput, one-user top-10 latency and peak memory on given data.
 * Reports numbers; asserts nothing.
 */
public final class SasRecBench {
  private final SasRecTrainConfig config;
  private final Seeds seeds;

  /**
   * @param config the benchmark config (e.g. d64, 2 blocks, 1 head, batch 128, maxLen 20)
   */
  public SasRecBench(SasRecTrainConfig config, Seeds seeds) {
    this.config = config;
    this.seeds = seeds;
  }

  /**
   * Trains {@code epochs} epochs without validation, then times {@code latencyUsers} one-user
   * top-10 queries (after {@code warmup} untimed ones) on {@code histories} (cycled).
   */
  public BenchResult run(
      int[][] trainSequences,
      int numItems,
      int epochs,
      int[][] histories,
      int warmup,
      int latencyUsers) {
    SasRecTrainConfig c =
        new SasRecTrainConfig(
            config.model(),
            config.batchSize(),
            config.learningRate(),
            config.weightDecay(),
            epochs,
            Integer.MAX_VALUE,
            Integer.MAX_VALUE,
            config.schedule(),
            Math.min(config.warmupEpochs(), epochs - 1),
            config.bucketByLength(),
            config.emaDecay());
    List<EpochSummary> summaries = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onEpoch(EpochSummary s) {
            summaries.add(s);
          }
        };
    double seconds = 0;
    double cpuSeconds;
    long tokens = 0;
    double[] latencies = new double[latencyUsers];
    long cpu0 = processCpuNanos();
    try (SasRecModel model =
        new SasRecTrainer(c, seeds).train(trainSequences, numItems, scorer -> 0, listener)) {
      cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
      for (EpochSummary s : summaries) {
        seconds += s.seconds();
        tokens += s.tokens();
      }
      for (int i = 0; i < warmup; i++) {
        model.topK(histories[i % histories.length], 10);
      }
      for (int i = 0; i < latencyUsers; i++) {
        int[] h = histories[(warmup + i) % histories.length];
        long t0 = System.nanoTime();
        model.topK(h, 10);
        latencies[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    Arrays.sort(latencies);
    return new BenchResult(
        config.model(),
        config.batchSize(),
        epochs,
        tokens / Math.max(1, summaries.size()),
        seconds / Math.max(1, summaries.size()),
        tokens / seconds,
        cpuSeconds / Math.max(1, summaries.size()),
        latencyUsers,
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        peakRssMiB(),
        Integer.getInteger("ai.djl.pytorch.num_threads", -1));
  }

  /** CPU time of this process (all threads, native ones included), or 0 when unknown. */
  public static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(0, os.getProcessCpuTime());
    }
    return 0;
  }

  /** Nearest-rank percentile of sorted values (NaN when there are none). */
  public static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /**
   * Peak resident set size of this process from /proc/self/status (VmHWM), or -1: the peak since
   * the process started or since the last {@link #resetPeakRss()}.
   */
  public static long peakRssMiB() {
    return statusMiB("VmHWM:");
  }

  /** Current resident set size of this process from /proc/self/status (VmRSS), or -1. */
  public static long rssMiB() {
    return statusMiB("VmRSS:");
  }

  /**
   * Starts a new peak: sets VmHWM to the current RSS (Linux: "5" written to /proc/self/clear_refs),
   * so that {@link #peakRssMiB()} measures one stage of a process that runs several. False where
   * the kernel does not allow it (the peak then stays the process's).
   */
  public static boolean resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static long statusMiB(String field) {
    Path status = Path.of("/proc/self/status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith(field)) {
          String kb = line.substring(field.length()).trim().split("\\s+")[0];
          return Long.parseLong(kb) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
