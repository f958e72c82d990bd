package dev.hisam.eval.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hisam.eval.NextItemProtocol;
import dev.hisam.eval.NextItemProtocol.Part;
import dev.hisam.eval.NextItemProtocol.Result;
import dev.hisam.eval.RankFile;
import dev.hisam.eval.RankingMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The P1 harness check of DESIGN.md section 3: popularity on Amazon Beauty against the golden
 * per-user ranks and the metrics in {@code amazon-beauty/golden/README.md}, computed by an
 * independent reference implementation.
 */
@Tag("data")
class PopularityGoldenTest {
  private static final List<Integer> KS = List.of(5, 10);

  private static Path beauty() {
    String shared = System.getProperty("hisam.shared", "");
    Path dir = Path.of(shared.isEmpty() ? "../shared" : shared, "data", "amazon-beauty");
    assumeTrue(
        Files.isRegularFile(dir.resolve("Beauty.txt"))
            && Files.isRegularFile(dir.resolve("golden/popularity_test_ranks.txt")),
        "amazon-beauty data not found under " + dir + " (set -Dhisam.shared); skipping");
    return dir;
  }

  /** Beauty.txt: {@code user item item ...}, 1-based items; item k is ItemId k - 1. */
  private static int[][] sequences(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int[][] seq = new int[lines.size()][];
    for (int u = 0; u < seq.length; u++) {
      String[] f = lines.get(u).trim().split("\\s+");
      seq[u] = new int[f.length - 1];
      for (int j = 1; j < f.length; j++) {
        seq[u][j - 1] = Integer.parseInt(f[j]) - 1;
      }
    }
    return seq;
  }

  private static void assertMetrics(double[] expected, RankingMetrics m) {
    // expected: R@5, R@10, N@5, N@10 as in the README's table
    assertEquals(expected[0], m.recall(5), 1e-12, "R@5");
    assertEquals(expected[1], m.recall(10), 1e-12, "R@10");
    assertEquals(expected[2], m.ndcg(5), 1e-12, "N@5");
    assertEquals(expected[3], m.ndcg(10), 1e-12, "N@10");
  }

  @Test
  void popularityMatchesGoldenRanksAndMetrics() throws Exception {
    Path dir = beauty();
    int[][] seq = sequences(dir.resolve("Beauty.txt"));
    int numItems = 0;
    for (int[] s : seq) {
      for (int item : s) {
        numItems = Math.max(numItems, item + 1);
      }
    }
    assertEquals(22363, seq.length);
    assertEquals(12101, numItems);
    NextItemProtocol p1 = new NextItemProtocol(seq, numItems);
    Popularity pop = Popularity.fit(p1.train(), numItems);

    Result test = p1.evaluate(pop, Part.TEST, 20, 512, KS);
    int[] golden = RankFile.read(dir.resolve("golden/popularity_test_ranks.txt"));
    assertArrayEquals(golden, test.ranks());
    assertMetrics(
        new double[] {
          0.007199391852613693, 0.011447480212851585, 0.003984413487599081, 0.005346604974836033
        },
        test.metrics());
    assertMetrics(
        new double[] {
          0.0074676921701024015, 0.011536913652014489, 0.004144133945376382, 0.00545613728709576
        },
        test.metricsHistoryExcluded());
    // H does not change popularity's primary ranks
    assertArrayEquals(golden, p1.evaluate(pop, Part.TEST, 50, 512, KS).ranks());

    Result val = p1.evaluate(pop, Part.VALIDATION, 20, 512, KS);
    assertMetrics(
        new double[] {
          0.008719760318383044, 0.01627688592764835, 0.005422135875843198, 0.007848314117265068
        },
        val.metrics());
  }
}
