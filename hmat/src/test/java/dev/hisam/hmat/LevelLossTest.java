package dev.hisam.hmat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDScope;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LevelLossTest {
  static final SidVocabulary VOCAB = Fixtures.vocabulary();

  /**
   * For one history and every catalogue item as the target: the raw levels sum to minus the SID
   * log-likelihood the full forwards give (what the beam search ranks by), each constrained level
   * is at most its raw one, and the constrained totals are a distribution over the catalogue
   * (exp(-total) sums to 1) — across batch sizes that split the targets differently.
   */
  @ParameterizedTest
  @CsvSource({"true,true,1", "false,false,7", "true,true,64"})
  @SuppressWarnings("try")
  void levelsSumToTheSidLikelihoodAndConstrainedIsADistribution(
      boolean hRope, boolean anchors, int batchSize) {
    SplittableRandom r = new SplittableRandom(17);
    int[] history = Fixtures.randomItems(r, 4, VOCAB.items());
    try (Hmat net = new Hmat(Fixtures.tiny(hRope, anchors), VOCAB, new SplittableRandom(9));
        NDScope scope = new NDScope()) {
      float[] want = BeamSearchTest.sidLogLikelihoods(net, history);
      double mass = 0;
      for (int item = 0; item < VOCAB.items(); item++) {
        LevelLoss one = LevelLoss.measure(net, new int[][] {history}, new int[] {item}, batchSize);
        assertEquals(-want[item], one.rawTotal(), 1e-4, "item " + item);
        for (int l = 0; l < VOCAB.levels(); l++) {
          assertTrue(one.constrained()[l] <= one.raw()[l] + 1e-6, "level " + l);
          assertTrue(one.constrained()[l] >= -1e-6, "level " + l);
        }
        mass += Math.exp(-one.constrainedTotal());
      }
      assertEquals(1.0, mass, 1e-4);
      // the mean over several targets at once equals the mean of the single measurements
      int[][] hs = new int[VOCAB.items()][];
      int[] ts = new int[VOCAB.items()];
      double sum = 0;
      for (int item = 0; item < VOCAB.items(); item++) {
        hs[item] = history;
        ts[item] = item;
        sum -= want[item];
      }
      LevelLoss all = LevelLoss.measure(net, hs, ts, batchSize);
      assertEquals(sum / VOCAB.items(), all.rawTotal(), 1e-4);
      assertEquals(VOCAB.items(), all.targets());
      assertEquals("collision", all.levels()[VOCAB.levels() - 1]);
    }
  }

  /**
   * Histories of different lengths (measured in batches ordered by length): the mean equals the
   * mean of each (history, target) pair measured alone, so every target stays with its history.
   */
  @org.junit.jupiter.api.Test
  @SuppressWarnings("try")
  void mixedLengthsKeepEachTargetWithItsHistory() {
    SplittableRandom r = new SplittableRandom(23);
    int n = 20;
    int[][] hs = new int[n][];
    int[] ts = new int[n];
    for (int u = 0; u < n; u++) {
      hs[u] = Fixtures.randomItems(r, 1 + r.nextInt(9), VOCAB.items()); // 1..9 > maxItems too
      ts[u] = r.nextInt(VOCAB.items());
    }
    try (Hmat net = new Hmat(Fixtures.tiny(true, true), VOCAB, new SplittableRandom(9));
        NDScope scope = new NDScope()) {
      double sum = 0;
      for (int u = 0; u < n; u++) {
        sum += LevelLoss.measure(net, new int[][] {hs[u]}, new int[] {ts[u]}, 1).rawTotal();
      }
      LevelLoss all = LevelLoss.measure(net, hs, ts, 6);
      assertEquals(sum / n, all.rawTotal(), 1e-4);
    }
  }

  @org.junit.jupiter.api.Test
  @SuppressWarnings("try")
  void mismatchedInputsAreAnError() {
    try (Hmat net = new Hmat(Fixtures.tiny(true, true), VOCAB, new SplittableRandom(9))) {
      assertThrows(
          IllegalArgumentException.class,
          () -> LevelLoss.measure(net, new int[][] {{1}}, new int[] {1, 2}, 8));
    }
  }
}
