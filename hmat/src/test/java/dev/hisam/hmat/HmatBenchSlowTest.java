package dev.hisam.hmat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.core.Seeds;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * HMAT vs flat training throughput at history 50 and 200 and beam-20 latency at history 50, on
 * synthetic SIDs (3 levels of 256 codes over 12,000 items), same size (d128, 2 blocks, 4 heads),
 * same kernels. Prints a table; asserts only that numbers came out. Run with {@code -Pslow
 * -Dtest=HmatBenchSlowTest}. Runs interleave HMAT and flat three times to share the machine's
 * noise.
 */
@Tag("slow")
class HmatBenchSlowTest {
  @Test
  void hmatVersusFlat() {
    int batch = Integer.getInteger("hmat.bench.batch", 16);
    int steps = Integer.getInteger("hmat.bench.steps", 3);
    int rounds = Integer.getInteger("hmat.bench.rounds", 1);
    SidVocabulary vocab =
        HmatBench.syntheticVocabulary(12_000, new int[] {256, 256, 256}, new SplittableRandom(1));
    int dim = Integer.getInteger("hmat.bench.dim", 128);
    HmatConfig d = HmatConfig.defaults();
    HmatConfig hmat =
        new HmatConfig(
            dim,
            d.blocks(),
            d.heads(),
            2 * dim,
            d.dropout(),
            d.maxItems(),
            d.itemRotaryFraction(),
            d.ropeBase(),
            true,
            true,
            d.activation(),
            d.initStd());
    HmatConfig flat = hmat.flat();
    System.out.printf(
        "d%d, levels decoded %d (collision level: %b), threads %s%n",
        dim, vocab.levels(), vocab.levels() > 3, System.getProperty("ai.djl.pytorch.num_threads"));
    String[] histories = System.getProperty("hmat.bench.histories", "50,200").split(",");
    for (String hs : histories) {
      int history = Integer.parseInt(hs.trim());
      double[] ratioTokens = new double[rounds];
      double[] ratioItems = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        HmatBench.Throughput h =
            HmatBench.training(hmat, vocab, history, batch, 1, steps, 0, new Seeds(r));
        HmatBench.Throughput f =
            HmatBench.training(flat, vocab, history, batch, 1, steps, 0, new Seeds(r));
        ratioTokens[r] = h.tokensPerSecond() / f.tokensPerSecond();
        ratioItems[r] = h.itemsPerSecond() / f.itemsPerSecond();
        System.out.printf(
            "history %d round %d: HMAT %.3f s/step %.0f tok/s %.0f items/s (cpu %.2f s/step) |"
                + " flat %.3f s/step %.0f tok/s %.0f items/s (cpu %.2f s/step) | ratio tokens"
                + " %.2f items %.2f%n",
            history,
            r,
            h.secondsPerStep(),
            h.tokensPerSecond(),
            h.itemsPerSecond(),
            h.cpuSecondsPerStep(),
            f.secondsPerStep(),
            f.tokensPerSecond(),
            f.itemsPerSecond(),
            f.cpuSecondsPerStep(),
            ratioTokens[r],
            ratioItems[r]);
        assertTrue(h.tokensPerSecond() > 0 && f.tokensPerSecond() > 0);
      }
      System.out.printf(
          "history %d: median HMAT/flat ratio tokens/s %.2f, items/s %.2f%n",
          history, HmatBench.median(ratioTokens), HmatBench.median(ratioItems));
    }
    for (HmatConfig c : new HmatConfig[] {hmat, flat}) {
      HmatBench.Latency l = HmatBench.decoding(List.of(c), vocab, 50, 64, 20, 3, new Seeds(9))[0];
      System.out.printf(
          "beam 20, history 50, 64 users/batch, anchors=%b: %.2f ms/user wall, %.2f ms/user cpu%n",
          c.anchors(), l.millisPerUser(), l.cpuMillisPerUser());
    }
    System.out.printf("peak RSS %d MiB%n", HmatBench.peakRssMiB());
  }
}
