package dev.hisam.hmat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CtrNetworkTest {
  static final SidVocabulary VOCAB = Fixtures.vocabulary();

  /**
   * Scoring through the encoded history (anchors cached once per user, candidates decoded against
   * them) gives the logit of recomputing the whole sequence history + candidate in one forward
   * pass, for HMAT, the flat model and the ablations; histories of different lengths share a batch,
   * one is empty and one is longer than the network reads.
   */
  @ParameterizedTest
  @CsvSource({
    "true,true,false,false",
    "false,true,false,false",
    "true,false,false,false",
    "false,false,false,false",
    "true,true,true,false",
    "true,true,true,true",
    "false,false,false,true"
  })
  @SuppressWarnings("try")
  void cachedHistoryScoringEqualsFullRecomputation(
      boolean hRope, boolean anchors, boolean content, boolean pool) {
    SplittableRandom r = new SplittableRandom(5);
    HmatConfig config = Fixtures.tiny(hRope, anchors, content);
    int[][] histories = {
      Fixtures.randomItems(r, 4, VOCAB.items()),
      new int[0],
      Fixtures.randomItems(r, config.maxItems() + 3, VOCAB.items()),
      Fixtures.randomItems(r, 1, VOCAB.items())
    };
    int[][] candidates = new int[histories.length][];
    for (int u = 0; u < histories.length; u++) {
      candidates[u] = Fixtures.randomItems(r, 3, VOCAB.items());
    }
    try (CtrNetwork net =
            new CtrNetwork(
                config,
                VOCAB,
                new CtrNetwork.Head(hRope, anchors, anchors && !hRope, pool, false, false),
                hRope ? null : content(5),
                new SplittableRandom(2));
        NDScope scope = new NDScope()) {
      float[] cached = net.logits(histories, candidates).toFloatArray();
      for (int u = 0; u < histories.length; u++) {
        for (int c = 0; c < 3; c++) {
          float full = recomputed(net, histories[u], candidates[u][c]);
          assertEquals(full, cached[u * 3 + c], 1e-4, "user " + u + " candidate " + c);
        }
      }
    }
  }

  /**
   * With the user's feedback on, the logit is the same network's logit without it plus {@code w · f
   * + b}, f worked by hand: 3 positives of 4 ratings give {@code ln((3 + 1) / (1 + 1)) = ln 2} and
   * {@code ln(1 + 4) = ln 5}; no feedback gives f = 0. The cached path (a server's) gives the same
   * logits, and a network that reads feedback refuses a call without it.
   */
  @Test
  @SuppressWarnings("try")
  void feedbackAddsALinearTermOfHandWorkedFeatures() {
    SplittableRandom r = new SplittableRandom(8);
    HmatConfig config = Fixtures.tiny(true, true, true);
    int[][] histories = {
      Fixtures.randomItems(r, 4, VOCAB.items()), Fixtures.randomItems(r, 2, VOCAB.items())
    };
    int[][] candidates = {
      Fixtures.randomItems(r, 3, VOCAB.items()), Fixtures.randomItems(r, 3, VOCAB.items())
    };
    dev.hisam.eval.UserFeedback[] feedback = {
      new dev.hisam.eval.UserFeedback(3, 4), dev.hisam.eval.UserFeedback.NONE
    };
    try (CtrNetwork with =
            new CtrNetwork(
                config,
                VOCAB,
                new CtrNetwork.Head(true, false, false, false, true, false),
                null,
                new SplittableRandom(2));
        CtrNetwork without =
            new CtrNetwork(
                config,
                VOCAB,
                new CtrNetwork.Head(true, false, false, false, false, false),
                null,
                new SplittableRandom(2));
        NDScope scope = new NDScope()) {
      // a trained-looking bias so that "no feedback" is not simply 0
      with.parameters().get("ctr.feedback.bias").set(new float[] {0.25f});
      float[] w = with.parameters().get("ctr.feedback.weight").toFloatArray(); // [2, 1]
      float b = with.parameters().get("ctr.feedback.bias").getFloat(0);
      float[] a = with.logits(histories, candidates, feedback).toFloatArray();
      float[] plain = without.logits(histories, candidates).toFloatArray();
      double offset0 = w[0] * Math.log(2) + w[1] * Math.log(5) + b;
      for (int c = 0; c < 3; c++) {
        assertEquals(plain[c] + offset0, a[c], 1e-5, "user 0 candidate " + c);
        assertEquals(plain[3 + c] + b, a[3 + c], 1e-5, "user 1 candidate " + c);
      }
      assertTrue(Math.abs(w[0]) > 1e-4 && Math.abs(w[1]) > 1e-4, "weights start non-zero");
      for (int u = 0; u < 2; u++) {
        KvCache cache = with.encodeHistory(histories[u]);
        float[] cached = with.score(cache, candidates[u], feedback[u]).toFloatArray();
        for (int c = 0; c < 3; c++) {
          assertEquals(a[u * 3 + c], cached[c], 1e-4, "cached, user " + u + " candidate " + c);
        }
        int user = u;
        assertThrows(IllegalArgumentException.class, () -> with.score(cache, candidates[user]));
      }
      assertThrows(IllegalArgumentException.class, () -> with.logits(histories, candidates));
      // a network without the term ignores feedback it is given
      assertEquals(
          plain[4], without.logits(histories, candidates, feedback).toFloatArray()[4], 1e-6);
    }
  }

  /**
   * With the feedback in the head, the hidden layer reads the two feedback features as two more
   * input columns: the logits of one history and its candidates then move with the feedback by an
   * amount that depends on the candidate (the linear term alone moves them all alike). With those
   * two columns of the hidden weight zeroed, every candidate moves by exactly the linear term, w·f
   * with f worked by hand. The cached path gives the same logits.
   */
  @Test
  @SuppressWarnings("try")
  void feedbackInTheHeadInteractsWithTheCandidate() {
    SplittableRandom r = new SplittableRandom(12);
    HmatConfig config = Fixtures.tiny(true, true, true);
    int[] history = Fixtures.randomItems(r, 4, VOCAB.items());
    int[] candidates = Fixtures.randomItems(r, 5, VOCAB.items());
    int[][] histories = {history, history};
    int[][] both = {candidates, candidates};
    dev.hisam.eval.UserFeedback[] feedback = {
      new dev.hisam.eval.UserFeedback(3, 4), dev.hisam.eval.UserFeedback.NONE
    };
    try (CtrNetwork net =
            new CtrNetwork(
                config,
                VOCAB,
                new CtrNetwork.Head(true, false, false, false, true, true),
                null,
                new SplittableRandom(2));
        NDScope scope = new NDScope()) {
      NDArray hidden = net.parameters().get("ctr.hidden.weight"); // [2D + 2, D]
      long d = config.dim();
      assertEquals(new Shape(2 * d + 2, d), hidden.getShape());
      float[] a = net.logits(histories, both, feedback).toFloatArray();
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < candidates.length; c++) {
        double moved = a[c] - a[candidates.length + c];
        min = Math.min(min, moved);
        max = Math.max(max, moved);
      }
      assertTrue(max - min > 1e-4, "the feedback moves every candidate alike: " + min + ".." + max);
      for (int u = 0; u < 2; u++) {
        KvCache cache = net.encodeHistory(history);
        float[] cached = net.score(cache, candidates, feedback[u]).toFloatArray();
        for (int c = 0; c < candidates.length; c++) {
          assertEquals(
              a[u * candidates.length + c], cached[c], 1e-4, "cached, row " + u + " cand " + c);
        }
      }

      hidden.set(new NDIndex("{}:", 2 * d), 0f); // the two feedback columns (input rows 2D, 2D+1)
      float[] w = net.parameters().get("ctr.feedback.weight").toFloatArray();
      double linear = w[0] * Math.log(2) + w[1] * Math.log(5); // 3 of 4: ln(4/2), ln(1 + 4)
      float[] zeroed = net.logits(histories, both, feedback).toFloatArray();
      for (int c = 0; c < candidates.length; c++) {
        assertEquals(linear, zeroed[c] - zeroed[candidates.length + c], 1e-5, "candidate " + c);
      }
    }
  }

  /**
   * Why content anchors are the CTR default: with a plain learned anchor, a one-block network's
   * candidate reads from each earlier item only its anchor's input, the same vector for every item,
   * so two histories of equal length with no item in common give the same logit; with content
   * anchors that input carries the item's codes and the logits differ. (With more blocks a plain
   * anchor can read items from block 2 on; trained on movielens P2, it did not: README.) The
   * history pool reads the history beside attention, so it too makes the logits differ.
   */
  @ParameterizedTest
  @CsvSource({"false,false", "true,false", "false,true"})
  @SuppressWarnings("try")
  void aOneBlockPlainAnchorCannotReadTheHistoryContentAnchorsCan(boolean content, boolean pool) {
    HmatConfig two = Fixtures.tiny(true, true, content);
    HmatConfig one =
        new HmatConfig(
            two.dim(),
            1,
            two.heads(),
            two.ffnDim(),
            two.dropout(),
            two.maxItems(),
            two.itemRotaryFraction(),
            two.ropeBase(),
            true,
            true,
            two.activation(),
            two.initStd(),
            content,
            false);
    int[][] histories = {{0, 1, 2}, {5, 6, 7}};
    int[][] candidates = {{9}, {9}};
    try (CtrNetwork net =
            new CtrNetwork(
                one,
                VOCAB,
                new CtrNetwork.Head(true, false, false, pool, false, false),
                null,
                new SplittableRandom(3));
        NDScope scope = new NDScope()) {
      float[] logits = net.logits(histories, candidates).toFloatArray();
      double gap = Math.abs(logits[0] - logits[1]);
      if (content || pool) {
        assertTrue(gap > 1e-3, "the history changes the logit, gap " + gap);
      } else {
        assertEquals(logits[0], logits[1], 1e-5, "plain anchor, one block: history-blind");
      }
    }
  }

  /**
   * The history pool against a slow reference: per row, the mean over the items the candidate sees
   * of the sum of each item's code embeddings, read one embedding row at a time; zero when it sees
   * none.
   */
  @Test
  @SuppressWarnings("try")
  void historyPoolIsTheMeanOfTheSeenItemsCodeEmbeddings() {
    int[][] windows = {{3, 8, 8, 1}, {5}};
    int[][] visible = {{0, 2, 4}, {1, 0, 1}};
    try (CtrNetwork net =
            new CtrNetwork(
                Fixtures.tiny(true, true),
                VOCAB,
                new CtrNetwork.Head(true, false, false, true, false, false),
                null,
                new SplittableRandom(5));
        NDScope scope = new NDScope()) {
      int d = net.config().dim();
      float[] pooled = net.pool(windows, visible).toFloatArray();
      assertEquals(2 * 3 * d, pooled.length);
      for (int u = 0; u < 2; u++) {
        for (int k = 0; k < 3; k++) {
          double[] expected = new double[d];
          int seen = visible[u][k];
          for (int j = 0; j < seen; j++) {
            for (int l = 0; l < VOCAB.levels(); l++) {
              long token = VOCAB.token(l, VOCAB.code(windows[u][j], l));
              float[] row =
                  net.network()
                      .embed(net.network().manager().create(new long[] {token}))
                      .toFloatArray();
              for (int i = 0; i < d; i++) {
                expected[i] += row[i] / (double) seen;
              }
            }
          }
          for (int i = 0; i < d; i++) {
            assertEquals(
                expected[i],
                pooled[(u * 3 + k) * d + i],
                1e-5,
                "user " + u + " row " + k + " " + i);
          }
        }
      }
    }
  }

  /**
   * In training, candidates of one user share one window and each sees a prefix of it: every logit
   * equals scoring that prefix alone.
   */
  @ParameterizedTest
  @CsvSource({
    "true,true,false,false",
    "false,false,false,false",
    "true,true,true,false",
    "true,true,true,true",
    "false,false,false,true"
  })
  @SuppressWarnings("try")
  void sharedWindowEqualsEachPrefixAlone(
      boolean hRope, boolean anchors, boolean content, boolean pool) {
    SplittableRandom r = new SplittableRandom(8);
    int[][] windows = {
      Fixtures.randomItems(r, 6, VOCAB.items()), Fixtures.randomItems(r, 2, VOCAB.items())
    };
    int[][] candidates = {{3, 7, 9}, {1, 4, 4}};
    int[][] visible = {{0, 3, 6}, {2, 1, 0}};
    try (CtrNetwork net =
            new CtrNetwork(
                Fixtures.tiny(hRope, anchors, content),
                VOCAB,
                new CtrNetwork.Head(true, true, true, pool, false, false),
                content(3),
                new SplittableRandom(3));
        NDScope scope = new NDScope()) {
      float[] shared = net.logits(windows, candidates, visible, null, false).toFloatArray();
      for (int u = 0; u < 2; u++) {
        for (int c = 0; c < 3; c++) {
          int[] prefix = Arrays.copyOf(windows[u], visible[u][c]);
          float alone =
              net.logits(new int[][] {prefix}, new int[][] {{candidates[u][c]}}).getFloat(0);
          assertEquals(alone, shared[u * 3 + c], 1e-4, "user " + u + " candidate " + c);
        }
      }
    }
  }

  /**
   * The anchor cache: a history encoded once scores any number of candidate lists, each equal to
   * scoring with the history recomputed, and scoring never changes the cache.
   */
  @ParameterizedTest
  @CsvSource({
    "true,true,false,false",
    "false,false,false,false",
    "true,true,true,false",
    "true,true,true,true",
    "false,false,false,true"
  })
  @SuppressWarnings("try")
  void cachedHistoryIsReusableAndExact(
      boolean hRope, boolean anchors, boolean content, boolean pool) {
    SplittableRandom r = new SplittableRandom(12);
    int[] history = Fixtures.randomItems(r, 7, VOCAB.items());
    int[] first = Fixtures.randomItems(r, 4, VOCAB.items());
    int[] second = Fixtures.randomItems(r, 2, VOCAB.items());
    try (CtrNetwork net =
            new CtrNetwork(
                Fixtures.tiny(hRope, anchors, content),
                VOCAB,
                new CtrNetwork.Head(true, true, true, pool, false, false),
                content(4),
                new SplittableRandom(6));
        NDScope scope = new NDScope()) {
      KvCache cache = net.encodeHistory(history);
      float[] a = net.score(cache, first).toFloatArray();
      float[] b = net.score(cache, second).toFloatArray();
      float[] again = net.score(cache, first).toFloatArray();
      float[] fullA = net.logits(new int[][] {history}, new int[][] {first}).toFloatArray();
      float[] fullB = net.logits(new int[][] {history}, new int[][] {second}).toFloatArray();
      for (int i = 0; i < a.length; i++) {
        assertEquals(fullA[i], a[i], 1e-4, "first list, candidate " + i);
        assertEquals(a[i], again[i], 0f, "the cache changed after a request");
      }
      for (int i = 0; i < b.length; i++) {
        assertEquals(fullB[i], b[i], 1e-4, "second list, candidate " + i);
      }
      assertTrue(cache.memoryBytes() > 0);
    }
  }

  /** The history changes the score (the head reads it), and so does the candidate. */
  @Test
  @SuppressWarnings("try")
  void historyAndCandidateBothMatter() {
    try (CtrNetwork net =
            new CtrNetwork(Fixtures.tiny(true, true), VOCAB, new SplittableRandom(4));
        NDScope scope = new NDScope()) {
      float[] s =
          net.logits(new int[][] {{5, 6, 7}, {20, 21, 22}, {5, 6, 7}}, new int[][] {{9}, {9}, {10}})
              .toFloatArray();
      assertTrue(Math.abs(s[0] - s[1]) > 1e-4, "history ignored: " + Arrays.toString(s));
      assertTrue(Math.abs(s[0] - s[2]) > 1e-4, "candidate ignored: " + Arrays.toString(s));
    }
  }

  /** Binary cross-entropy against hand-worked values: weights drop padding rows. */
  @Test
  @SuppressWarnings("try")
  void lossIsWeightedBinaryCrossEntropy() {
    try (CtrNetwork net =
            new CtrNetwork(Fixtures.tiny(true, true), VOCAB, new SplittableRandom(4));
        NDScope scope = new NDScope()) {
      NDArray z = net.network().manager().create(new float[] {0f, 2f, -1f, 50f});
      float loss =
          CtrNetwork.loss(z, new float[] {1, 0, 1, 0}, new float[] {1, 1, 2, 0}).getFloat();
      double expected =
          (Math.log(2) + Math.log(1 + Math.exp(2)) + 2 * Math.log(1 + Math.exp(1))) / 4;
      assertEquals(expected, loss, 1e-5);
    }
  }

  @Test
  @SuppressWarnings("try")
  void unknownCandidateIsAClearError() {
    try (CtrNetwork net =
            new CtrNetwork(Fixtures.tiny(true, true), VOCAB, new SplittableRandom(4));
        NDScope scope = new NDScope()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> net.logits(new int[][] {{1, 2}}, new int[][] {{VOCAB.items()}}));
      assertTrue(e.getMessage().contains("outside the catalogue"), e.getMessage());
      IllegalArgumentException h =
          assertThrows(
              IllegalArgumentException.class,
              () -> net.logits(new int[][] {{-1}}, new int[][] {{1}}));
      assertTrue(h.getMessage().contains("-1"), h.getMessage());
    }
  }

  /** One random content vector of 6 values per item. */
  static float[][] content(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[][] c = new float[VOCAB.items()][6];
    for (float[] row : c) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    return c;
  }

  /** The content head reads the candidate's content: changing it changes the score. */
  @Test
  @SuppressWarnings("try")
  void contentHeadReadsTheCandidatesContent() {
    float[][] a = content(1);
    float[][] b = content(1);
    b[9] = content(2)[9];
    int[][] hist = {{5, 6, 7}};
    try (CtrNetwork n1 =
            new CtrNetwork(
                Fixtures.tiny(true, true),
                VOCAB,
                new CtrNetwork.Head(true, false, false, false, false, false),
                a,
                new SplittableRandom(4));
        CtrNetwork n2 =
            new CtrNetwork(
                Fixtures.tiny(true, true),
                VOCAB,
                new CtrNetwork.Head(true, false, false, false, false, false),
                b,
                new SplittableRandom(4));
        NDScope scope = new NDScope()) {
      float[] s1 = n1.logits(hist, new int[][] {{9, 10}}).toFloatArray();
      float[] s2 = n2.logits(hist, new int[][] {{9, 10}}).toFloatArray();
      assertTrue(Math.abs(s1[0] - s2[0]) > 1e-5, "content of item 9 ignored");
      assertEquals(s1[1], s2[1], 1e-6, "item 10's content did not change");
    }
  }

  /**
   * The ID input of one sequence built by hand: the item's row of the ID table at the last token of
   * each item, zero elsewhere.
   */
  private static NDArray historyIdInput(CtrNetwork net, int[] seq, int items) {
    int p = net.network().perItem();
    int d = net.config().dim();
    float[] table = net.parameters().get("ctr.itemIds").toFloatArray();
    float[] x = new float[items * p * d];
    int first = items - seq.length;
    for (int j = 0; j < seq.length; j++) {
      int token = (first + j) * p + p - 1;
      System.arraycopy(table, seq[j] * d, x, token * d, d);
    }
    return net.network().manager().create(x, new ai.djl.ndarray.types.Shape(1, items * p, d));
  }

  /** The logit of the candidate's last token after the whole sequence, by one forward pass. */
  private static float recomputed(CtrNetwork net, int[] history, int candidate) {
    int n = net.config().maxItems();
    int[] h =
        history.length <= n
            ? history
            : Arrays.copyOfRange(history, history.length - n, history.length);
    int[] seq = Arrays.copyOf(h, h.length + 1);
    seq[h.length] = candidate;
    HmatBatch batch = HmatBatch.inputs(new int[][] {seq}, VOCAB, net.config().anchors());
    NDArray hidden =
        net.historyItemIds()
            ? net.network()
                .hidden(batch, false, historyIdInput(net, seq, batch.items())) // [1, T, D]
            : net.network().hidden(batch, false);
    NDArray last = hidden.get(new NDIndex("0, " + (batch.length() - 1) + ":" + batch.length()));
    NDArray pool = net.historyPool() ? net.pool(new int[][] {h}, new int[][] {{h.length}}) : null;
    return net.head(last, new int[] {candidate}, pool, null).getFloat(0);
  }
}
