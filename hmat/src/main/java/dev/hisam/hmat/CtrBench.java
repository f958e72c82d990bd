package dev.hisam.hmat;

import ai.djl.ndarray.NDScope;
import dev.hisam.core.Seeds;
import dev.hisam.train.sasrec.SasRecBench;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Scoring latency of the CTR models for one request (one user's history, C candidates), HMAT and
 * the flat model of the same size measured request by request in turn, so both see the same
 * machine:
 *
 * <ul>
 *   <li>{@code hmat-cached}: the user's anchors are already in the anchor cache; the request
 *       decodes the candidates against them.
 *   <li>{@code hmat}: encode the history, then decode (no cache).
 *   <li>{@code flat}: the flat model encodes the history (dense causal attention over every token),
 *       then decodes the candidates against all history tokens.
 *   <li>{@code flat-cached}: the flat model with its history keys and values cached the same way (a
 *       cache {@code P / 1} times larger per user; shown for completeness).
 * </ul>
 */
public final class CtrBench {
  private CtrBench() {}

  /**
   * One variant's latency.
   *
   * @param variant hmat-cached, hmat, flat or flat-cached
   * @param p50Millis median request latency
   * @param p99Millis 99th percentile request latency
   * @param meanMillis mean request latency
   * @param cacheBytesPerUser bytes a server keeps per user for the cached variants (0 otherwise)
   */
  public record Latency(
      String variant,
      double p50Millis,
      double p99Millis,
      double meanMillis,
      long cacheBytesPerUser) {}

  /**
   * @param model the HMAT network shape (the flat model is {@link HmatConfig#flat()} of it)
   * @param history history length in items
   * @param candidates candidates per request
   * @param requests timed requests per variant (after {@code requests / 10 + 1} warm-up ones)
   * @return hmat-cached, hmat, flat, flat-cached
   */
  @SuppressWarnings("try") // scopes free each request's tensors
  public static Latency[] scoring(
      HmatConfig model,
      SidVocabulary vocab,
      int history,
      int candidates,
      int requests,
      Seeds seeds) {
    if (history < 1 || candidates < 1 || requests < 1) {
      throw new IllegalArgumentException("history, candidates and requests must be positive");
    }
    HmatConfig h = model.withMaxItems(history).withDropout(0);
    SplittableRandom data = seeds.stream("bench.ctr.data");
    int warm = requests / 10 + 1;
    double[][] ms = new double[4][requests];
    long[] cacheBytes = new long[4];
    try (CtrNetwork hmat = new CtrNetwork(h, vocab, seeds.stream("bench.ctr.init"));
        CtrNetwork flat = new CtrNetwork(h.flat(), vocab, seeds.stream("bench.ctr.init"))) {
      for (int r = -warm; r < requests; r++) {
        int[] hist = HmatBench.syntheticSequences(1, history, vocab.items(), data)[0];
        int[] cand = HmatBench.syntheticSequences(1, candidates, vocab.items(), data)[0];
        try (NDScope outer = new NDScope()) {
          // the caches a server would hold before the request arrives
          KvCache hmatCache = hmat.encodeHistory(hist);
          KvCache flatCache = flat.encodeHistory(hist);
          cacheBytes[0] = hmatCache.memoryBytes();
          cacheBytes[3] = flatCache.memoryBytes();
          double[] t = new double[4];
          long t0 = System.nanoTime();
          try (NDScope s = new NDScope()) {
            hmat.score(hmatCache, cand).toFloatArray();
          }
          t[0] = (System.nanoTime() - t0) / 1e6;
          t0 = System.nanoTime();
          try (NDScope s = new NDScope()) {
            hmat.score(hmat.encodeHistory(hist), cand).toFloatArray();
          }
          t[1] = (System.nanoTime() - t0) / 1e6;
          t0 = System.nanoTime();
          try (NDScope s = new NDScope()) {
            flat.score(flat.encodeHistory(hist), cand).toFloatArray();
          }
          t[2] = (System.nanoTime() - t0) / 1e6;
          t0 = System.nanoTime();
          try (NDScope s = new NDScope()) {
            flat.score(flatCache, cand).toFloatArray();
          }
          t[3] = (System.nanoTime() - t0) / 1e6;
          if (r >= 0) {
            for (int v = 0; v < 4; v++) {
              ms[v][r] = t[v];
            }
          }
        }
      }
    }
    String[] names = {"hmat-cached", "hmat", "flat", "flat-cached"};
    Latency[] out = new Latency[4];
    for (int v = 0; v < 4; v++) {
      double[] s = ms[v].clone();
      Arrays.sort(s);
      out[v] =
          new Latency(
              names[v],
              SasRecBench.percentile(s, 0.50),
              SasRecBench.percentile(s, 0.99),
              Arrays.stream(s).average().orElse(Double.NaN),
              v == 0 || v == 3 ? cacheBytes[v] : 0);
    }
    return out;
  }
}
