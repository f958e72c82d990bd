package dev.hisam.hmat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BeamSearchTest {
  static final SidVocabulary VOCAB = Fixtures.vocabulary();
  static final PrefixTrie TRIE = new PrefixTrie(VOCAB);

  static int[][] histories(long seed, int users) {
    SplittableRandom r = new SplittableRandom(seed);
    int[][] out = new int[users][];
    for (int u = 0; u < users; u++) {
      out[u] = Fixtures.randomItems(r, 1 + r.nextInt(8), VOCAB.items());
    }
    return out;
  }

  /**
   * Log-probabilities of every code of {@code level} after {@code history} and the first {@code
   * level} codes {@code prefix} of the next item, by one full forward (no cache). The next item's
   * unread tokens are filled with item 0's, which causality hides.
   */
  static float[] fullForwardLogProbs(Hmat net, int[] history, int[] prefix, int level) {
    int[] seq = Arrays.copyOf(history, history.length + 1);
    HmatBatch b = HmatBatch.inputs(new int[][] {seq}, VOCAB, net.config().anchors());
    int p = b.perItem();
    int start = history.length * p;
    long[] tokens = b.tokens().clone();
    for (int l = 0; l < level; l++) {
      tokens[start + l] = VOCAB.token(l, prefix[l]);
    }
    HmatBatch fed =
        new HmatBatch(
            tokens,
            1,
            b.items(),
            p,
            b.realItems(),
            new long[0],
            new int[0],
            new long[0],
            b.itemIds());
    NDArray h = net.hidden(fed, false).reshape(b.length(), -1); // [T, D]
    int at = level == 0 ? start - 1 : start + level - 1;
    return net.levelLogits(h.get(new NDIndex(at + ":" + (at + 1))), level)
        .logSoftmax(1)
        .toFloatArray();
  }

  /**
   * Per catalogue item, the log-likelihood of its whole SID after {@code history}: one batched full
   * forward over history + item for every item, reading each level at its teacher-forced position.
   */
  static float[] sidLogLikelihoods(Hmat net, int[] history) {
    return likelihoods(net, history, false);
  }

  /**
   * Per catalogue item, its SID's constrained log-likelihood after {@code history}: at each level
   * the log-probability renormalised over the codes the trie allows after the item's prefix (what
   * beam search scores), from the same batched full forward as {@link #sidLogLikelihoods}.
   */
  static float[] constrainedLogLikelihoods(Hmat net, int[] history) {
    return likelihoods(net, history, true);
  }

  private static float[] likelihoods(Hmat net, int[] history, boolean constrained) {
    int n = VOCAB.items();
    int[][] seqs = new int[n][];
    for (int i = 0; i < n; i++) {
      seqs[i] = Arrays.copyOf(history, history.length + 1);
      seqs[i][history.length] = i;
    }
    HmatBatch b = HmatBatch.inputs(seqs, VOCAB, net.config().anchors());
    int t = b.length();
    int start = history.length * b.perItem();
    NDArray h = net.hidden(b, false).reshape((long) n * t, -1); // [n * T, D]
    double[] out = new double[n];
    int[] node = new int[n]; // each item's prefix node
    for (int level = 0; level < VOCAB.levels(); level++) {
      int at = level == 0 ? start - 1 : start + level - 1;
      long[] rows = new long[n];
      for (int i = 0; i < n; i++) {
        rows[i] = (long) i * t + at;
      }
      NDArray hl = h.get(new NDIndex("{}", net.manager().create(rows))); // [n, D]
      float[] lp = net.levelLogits(hl, level).logSoftmax(1).toFloatArray(); // [n, V_l]
      int size = VOCAB.levelSize(level);
      for (int i = 0; i < n; i++) {
        int code = VOCAB.code(i, level);
        out[i] += constrained ? constrained(lp, i * size, node[i], code) : lp[i * size + code];
        node[i] = TRIE.next(node[i], code);
      }
    }
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = (float) out[i];
    }
    return f;
  }

  /** log p(code) - log sum over the codes allowed after {@code node} of p, in double. */
  static double constrained(float[] lp, int base, int node, int code) {
    double sum = 0;
    for (int c = 0; c < TRIE.childCount(node); c++) {
      sum += Math.exp(lp[base + TRIE.childCode(node, c)]);
    }
    return lp[base + code] - Math.log(sum);
  }

  /** Constrained greedy decoding by full forwards: {item, score bits}. */
  static float[] greedy(Hmat net, int[] history) {
    int node = TRIE.root();
    int[] prefix = new int[VOCAB.levels()];
    float score = 0;
    for (int level = 0; level < VOCAB.levels(); level++) {
      float[] lp = fullForwardLogProbs(net, history, prefix, level);
      int best = -1;
      for (int c = 0; c < TRIE.childCount(node); c++) {
        int code = TRIE.childCode(node, c);
        if (best < 0 || lp[code] > lp[best]) {
          best = code;
        }
      }
      prefix[level] = best;
      score += (float) constrained(lp, 0, node, best);
      node = TRIE.next(node, best);
    }
    return new float[] {TRIE.item(node), score};
  }

  @ParameterizedTest
  @CsvSource({
    "true,true,false,false",
    "false,false,false,false",
    "false,true,false,false",
    "true,true,true,false",
    "true,true,false,true",
    "false,false,false,true"
  })
  @SuppressWarnings("try")
  void beamWidthOneEqualsGreedy(boolean hRope, boolean anchors, boolean content, boolean ids) {
    int[][] hs = histories(4, 6);
    try (Hmat net =
            new Hmat(Fixtures.tiny(hRope, anchors, content, ids), VOCAB, new SplittableRandom(3));
        NDScope scope = new NDScope()) {
      Candidates[] beam = new BeamSearch(net, TRIE).search(hs, 1);
      for (int u = 0; u < hs.length; u++) {
        float[] g = greedy(net, hs[u]);
        assertEquals(1, beam[u].size());
        assertEquals((int) g[0], beam[u].items()[0], "user " + u);
        assertEquals(g[1], beam[u].scores()[0], 1e-4, "user " + u);
      }
    }
  }

  /**
   * The search, which stops decoding a hypothesis once one item remains below it, returns what a
   * slow reference returns that decodes every hypothesis at every level by full forwards: the same
   * items in the same order with the same scores. Widths below the catalogue size, so selection
   * between carried and decoded hypotheses matters.
   */
  @ParameterizedTest
  @CsvSource({"true,true,2", "true,true,5", "false,false,5", "true,true,12", "false,true,12"})
  @SuppressWarnings("try")
  void equalsAReferenceThatDecodesEveryLevel(boolean hRope, boolean anchors, int width) {
    int[][] hs = histories(8, 4);
    try (Hmat net = new Hmat(Fixtures.tiny(hRope, anchors), VOCAB, new SplittableRandom(6));
        NDScope scope = new NDScope()) {
      Candidates[] beam = new BeamSearch(net, TRIE).search(hs, width);
      for (int u = 0; u < hs.length; u++) {
        // hypotheses: {node, score bits, code_0 .. code_{L-1}}
        List<int[]> hyps = new ArrayList<>();
        hyps.add(new int[2 + VOCAB.levels()]);
        for (int level = 0; level < VOCAB.levels(); level++) {
          List<int[]> next = new ArrayList<>();
          for (int[] h : hyps) {
            float[] lp =
                fullForwardLogProbs(net, hs[u], Arrays.copyOfRange(h, 2, 2 + level), level);
            for (int c = 0; c < TRIE.childCount(h[0]); c++) {
              int code = TRIE.childCode(h[0], c);
              int[] child = h.clone();
              child[0] = TRIE.child(h[0], c);
              child[1] =
                  Float.floatToIntBits(
                      Float.intBitsToFloat(h[1]) + (float) constrained(lp, 0, h[0], code));
              child[2 + level] = code;
              next.add(child);
            }
          }
          // stable sort: ties keep (hypothesis, code) order
          next.sort(
              (a, b) -> Float.compare(Float.intBitsToFloat(b[1]), Float.intBitsToFloat(a[1])));
          hyps = next.subList(0, Math.min(width, next.size()));
        }
        assertEquals(hyps.size(), beam[u].size(), "user " + u);
        for (int i = 0; i < hyps.size(); i++) {
          assertEquals(TRIE.item(hyps.get(i)[0]), beam[u].items()[i], "user " + u + " rank " + i);
          assertEquals(
              Float.intBitsToFloat(hyps.get(i)[1]), beam[u].scores()[i], 1e-4, "user " + u);
        }
      }
    }
  }

  /**
   * Searching many histories of mixed lengths (in chunks ordered by length) returns, in input
   * order, what searching each history alone returns.
   */
  @org.junit.jupiter.api.Test
  @SuppressWarnings("try")
  void manyHistoriesComeBackInInputOrder() {
    int[][] hs = histories(9, HmatModel.SEARCH_BATCH + 9); // two chunks
    try (Hmat net = new Hmat(Fixtures.tiny(true, true), VOCAB, new SplittableRandom(8));
        NDScope scope = new NDScope()) {
      Candidates[] all = HmatModel.searchAll(net, TRIE, hs, 4);
      BeamSearch one = new BeamSearch(net, TRIE);
      for (int u = 0; u < hs.length; u++) {
        Candidates alone = one.search(new int[][] {hs[u]}, 4)[0];
        assertArrayEquals(alone.items(), all[u].items(), "user " + u);
        assertArrayEquals(alone.scores(), all[u].scores(), 1e-4f, "user " + u);
      }
    }
  }

  /**
   * A beam wider than the catalogue is exhaustive: it returns every item exactly once (only
   * catalogue SIDs), best first, each scored by its SID's constrained log-likelihood under full
   * forwards.
   */
  @ParameterizedTest
  @CsvSource({"true,true", "false,false"})
  @SuppressWarnings("try")
  void wideBeamReturnsEveryCatalogueSidWithItsLikelihood(boolean hRope, boolean anchors) {
    int[][] hs = histories(5, 3);
    try (Hmat net = new Hmat(Fixtures.tiny(hRope, anchors), VOCAB, new SplittableRandom(4));
        NDScope scope = new NDScope()) {
      Candidates[] beam = new BeamSearch(net, TRIE).search(hs, 64);
      for (int u = 0; u < hs.length; u++) {
        Candidates c = beam[u];
        assertEquals(VOCAB.items(), c.size());
        int[] sorted = c.items().clone();
        Arrays.sort(sorted);
        int[] all = new int[VOCAB.items()];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, sorted);
        float[] want = constrainedLogLikelihoods(net, hs[u]);
        for (int i = 0; i < c.size(); i++) {
          int item = c.items()[i];
          assertEquals(want[item], c.scores()[i], 1e-4, "item " + item);
          if (i > 0) {
            assertTrue(c.scores()[i] <= c.scores()[i - 1]);
          }
        }
      }
    }
  }

  /**
   * With 30 items among 5 * 4 * 3 * 3 = 180 code tuples an untrained network's unconstrained argmax
   * path is usually not a catalogue SID; the constrained beam still returns only catalogue items,
   * distinct, {@code width} of them.
   */
  @ParameterizedTest
  @CsvSource({"true,true", "false,false"})
  @SuppressWarnings("try")
  void constrainedDecodingEmitsOnlyCatalogueSids(boolean hRope, boolean anchors) {
    int[][] hs = histories(6, 12);
    try (Hmat net = new Hmat(Fixtures.tiny(hRope, anchors), VOCAB, new SplittableRandom(5));
        NDScope scope = new NDScope()) {
      Candidates[] beam = new BeamSearch(net, TRIE).search(hs, 5);
      int offCatalogue = 0;
      for (int u = 0; u < hs.length; u++) {
        Set<Integer> seen = new HashSet<>();
        assertEquals(5, beam[u].size());
        for (int item : beam[u].items()) {
          assertTrue(item >= 0 && item < VOCAB.items());
          assertTrue(seen.add(item), "duplicate item " + item);
        }
        // the unconstrained greedy path, level by level (no trie)
        int[] prefix = new int[VOCAB.levels()];
        int node = TRIE.root();
        for (int level = 0; level < VOCAB.levels(); level++) {
          float[] lp = fullForwardLogProbs(net, hs[u], prefix, level);
          int best = 0;
          for (int c = 1; c < lp.length; c++) {
            best = lp[c] > lp[best] ? c : best;
          }
          prefix[level] = best;
          node = node < 0 ? -1 : TRIE.next(node, best);
        }
        offCatalogue += node < 0 ? 1 : 0;
      }
      assertTrue(offCatalogue > 0, "the constraint was never needed; the test proves nothing");
    }
  }
}
