package dev.hisam.hmat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HmatTest {
  static final SidVocabulary VOCAB = Fixtures.vocabulary();

  /** (hierarchical RoPE, anchors, content anchors, history item IDs): HMAT, ablations, options. */
  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of(true, true, false, false),
        Arguments.of(false, true, false, false),
        Arguments.of(true, false, false, false),
        Arguments.of(false, false, false, false),
        Arguments.of(true, true, true, false),
        Arguments.of(true, true, false, true),
        Arguments.of(false, false, false, true));
  }

  /**
   * A sequence's logits at its training positions are the same alone and beside a longer sequence
   * that pads it (item-wise, on the left) — for HMAT, the flat model and both ablations.
   */
  @ParameterizedTest
  @MethodSource("variants")
  @SuppressWarnings("try")
  void paddingNeverChangesRealLogits(boolean hRope, boolean anchors, boolean content, boolean ids) {
    SplittableRandom r = new SplittableRandom(21);
    int[] shortSeq = Fixtures.randomItems(r, 3, VOCAB.items());
    int[] longSeq = Fixtures.randomItems(r, 7, VOCAB.items());
    try (Hmat net =
            new Hmat(Fixtures.tiny(hRope, anchors, content, ids), VOCAB, new SplittableRandom(1));
        NDScope scope = new NDScope()) {
      HmatBatch alone = net.trainingBatch(new int[][] {shortSeq});
      HmatBatch padded = net.trainingBatch(new int[][] {longSeq, shortSeq});
      float[] a = rowLogits(net, alone, 0, alone.batch());
      float[] b = rowLogits(net, padded, padded.length(), padded.batch());
      assertEquals(a.length, b.length);
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], b[i], 2e-4, "logit " + i);
      }
    }
  }

  /**
   * Level logits at every training position of the last row of {@code batch}; {@code rowStart} is
   * the flattened index where that row starts.
   */
  private static float[] rowLogits(Hmat net, HmatBatch batch, int rowStart, int rows) {
    NDArray h = net.hidden(batch, false).reshape((long) rows * batch.length(), -1); // [B*T, D]
    int from = (rows - 1) * batch.length();
    int n = 0;
    float[][] parts = new float[batch.rows().length][];
    for (int i = 0; i < batch.rows().length; i++) {
      long row = batch.rows()[i];
      if (row < from) {
        continue;
      }
      NDArray hi = h.get(new NDIndex(row + ":" + (row + 1)));
      parts[n++] = net.levelLogits(hi, batch.levels()[i]).toFloatArray();
    }
    int len = 0;
    for (int i = 0; i < n; i++) {
      len += parts[i].length;
    }
    float[] out = new float[len];
    int at = 0;
    for (int i = 0; i < n; i++) {
      System.arraycopy(parts[i], 0, out, at, parts[i].length);
      at += parts[i].length;
    }
    assertEquals(rowStart, from);
    return out;
  }

  /**
   * Encoding histories and decoding the next item's codes one token at a time (2 users of different
   * history lengths, 2 beams each with different items) gives the same hidden states as one full
   * forward over history + that item.
   */
  @ParameterizedTest
  @MethodSource("variants")
  @SuppressWarnings("try")
  void cachedDecodingEqualsFullForward(
      boolean hRope, boolean anchors, boolean content, boolean ids) {
    SplittableRandom r = new SplittableRandom(8);
    int[][] histories = {
      Fixtures.randomItems(r, 5, VOCAB.items()), Fixtures.randomItems(r, 2, VOCAB.items())
    };
    int[][] next = {{4, 17}, {9, 0}}; // [user][beam] the item being decoded
    int levels = VOCAB.levels();
    try (Hmat net =
            new Hmat(Fixtures.tiny(hRope, anchors, content, ids), VOCAB, new SplittableRandom(2));
        NDScope scope = new NDScope()) {
      int d = net.config().dim();
      KvCache cache = net.encode(histories);
      float[] last = cache.last().toFloatArray(); // [B, D]
      float[][][] cached = new float[levels - 1][][]; // [step][B * W][D]
      for (int step = 0; step < levels - 1; step++) {
        long[] tokens = new long[4];
        for (int u = 0; u < 2; u++) {
          for (int w = 0; w < 2; w++) {
            int item = next[u][w];
            tokens[u * 2 + w] = VOCAB.token(step, VOCAB.code(item, step));
          }
        }
        float[] flat = net.decode(cache, tokens).toFloatArray();
        cached[step] = new float[4][];
        for (int row = 0; row < 4; row++) {
          cached[step][row] = Arrays.copyOfRange(flat, row * d, (row + 1) * d);
        }
      }
      for (int u = 0; u < 2; u++) {
        for (int w = 0; w < 2; w++) {
          int[] seq = Arrays.copyOf(histories[u], histories[u].length + 1);
          seq[seq.length - 1] = next[u][w];
          HmatBatch full = net.trainingBatch(new int[][] {seq});
          float[] h = net.hidden(full, false).toFloatArray(); // [1, T, D]
          int p = full.perItem();
          int lastHistoryToken = (seq.length - 1) * p - 1;
          for (int k = 0; k < d; k++) {
            assertEquals(h[lastHistoryToken * d + k], last[u * d + k], 2e-4, "last u=" + u);
          }
          for (int step = 0; step < levels - 1; step++) {
            int token = (seq.length - 1) * p + step;
            for (int k = 0; k < d; k++) {
              assertEquals(
                  h[token * d + k],
                  cached[step][u * 2 + w][k],
                  2e-4,
                  "u=" + u + " w=" + w + " step=" + step + " k=" + k);
            }
          }
        }
      }
    }
  }

  /**
   * Decoding a whole item in one pass (every token reading the memory and the tokens before it)
   * gives the last token's hidden state of feeding the same tokens one at a time: for 2 users with
   * 2 rows each, from a fresh cache and after one token was already decoded singly.
   */
  @ParameterizedTest
  @MethodSource("variants")
  @SuppressWarnings("try")
  void decodingAWholeItemEqualsTokenByToken(
      boolean hRope, boolean anchors, boolean content, boolean ids) {
    SplittableRandom r = new SplittableRandom(9);
    int[][] histories = {
      Fixtures.randomItems(r, 5, VOCAB.items()), Fixtures.randomItems(r, 2, VOCAB.items())
    };
    int[] next = {4, 17, 9, 0}; // row = user * 2 + beam
    int levels = VOCAB.levels();
    try (Hmat net =
            new Hmat(Fixtures.tiny(hRope, anchors, content, ids), VOCAB, new SplittableRandom(2));
        NDScope scope = new NDScope()) {
      KvCache encoded = net.encode(histories);
      KvCache stepwise = encoded.reuse();
      float[] expected = null;
      for (int step = 0; step < levels; step++) {
        expected = net.decode(stepwise, tokens(next, step, step + 1)).toFloatArray();
      }
      for (int first = 0; first <= 1; first++) {
        KvCache cache = encoded.reuse();
        if (first == 1) {
          net.decode(cache, tokens(next, 0, 1));
        }
        float[] whole =
            net.decodeItems(cache, tokens(next, first, levels), levels - first, null, null, null)
                .toFloatArray();
        assertEquals(levels, cache.decoded());
        for (int k = 0; k < expected.length; k++) {
          assertEquals(expected[k], whole[k], 2e-4, "first=" + first + " k=" + k);
        }
      }
    }
  }

  /** Row-major tokens {@code [from, to)} of each row's item, levels in order. */
  private static long[] tokens(int[] items, int from, int to) {
    long[] out = new long[items.length * (to - from)];
    for (int row = 0; row < items.length; row++) {
      for (int step = from; step < to; step++) {
        out[row * (to - from) + step - from] = VOCAB.token(step, VOCAB.code(items[row], step));
      }
    }
    return out;
  }

  /**
   * Content anchors: a network whose anchors carry their items' codes gives the hidden states of
   * the same weights with plain anchors plus, at every real anchor, the sum of that item's code
   * embedding rows, built here by hand from the embedding table.
   */
  @org.junit.jupiter.api.Test
  @SuppressWarnings("try")
  void contentAnchorsAddTheirItemsCodeEmbeddings() {
    SplittableRandom r = new SplittableRandom(31);
    int[][] seqs = {
      Fixtures.randomItems(r, 5, VOCAB.items()), Fixtures.randomItems(r, 2, VOCAB.items())
    };
    try (Hmat content = new Hmat(Fixtures.tiny(true, true, true), VOCAB, new SplittableRandom(6));
        Hmat plain = new Hmat(Fixtures.tiny(true, true, false), VOCAB, new SplittableRandom(6));
        NDScope scope = new NDScope()) {
      int d = plain.config().dim();
      float[] table = plain.parameters().get("embedding").toFloatArray(); // [V, D]
      float[] sums = new float[VOCAB.items() * d];
      for (int item = 0; item < VOCAB.items(); item++) {
        for (int l = 0; l < VOCAB.levels(); l++) {
          int token = VOCAB.token(l, VOCAB.code(item, l));
          for (int k = 0; k < d; k++) {
            sums[item * d + k] += table[token * d + k];
          }
        }
      }
      HmatBatch batch = HmatBatch.inputs(seqs, VOCAB, true);
      NDArray sumTable =
          plain.manager().create(sums, new ai.djl.ndarray.types.Shape(VOCAB.items(), d));
      float[] expected =
          plain.hidden(batch, false, plain.itemInput(batch, sumTable)).toFloatArray();
      float[] actual = content.hidden(batch, false).toFloatArray();
      assertEquals(expected.length, actual.length);
      float[] without = plain.hidden(batch, false).toFloatArray();
      double moved = 0;
      for (int i = 0; i < expected.length; i++) {
        int token = i / d;
        if (!batch.real(token / batch.length(), (token % batch.length()) / batch.perItem())) {
          continue; // padded item slots differ and are never read (masked keys, no targets)
        }
        assertEquals(expected[i], actual[i], 1e-4, "value " + i);
        moved = Math.max(moved, Math.abs(actual[i] - without[i]));
      }
      org.junit.jupiter.api.Assertions.assertTrue(
          moved > 1e-2, "content changed nothing: " + moved);
      float[] one = content.anchorInput(new int[] {seqs[0][0]}).toFloatArray();
      for (int k = 0; k < d; k++) {
        assertEquals(sums[seqs[0][0] * d + k], one[k], 1e-5, "anchorInput " + k);
      }
    }
  }

  /**
   * History item IDs: the hidden states equal those of the same weights without the table, given
   * the table's rows at every real item's last token as extra input.
   */
  @ParameterizedTest
  @CsvSource({"true,true", "false,false"})
  @SuppressWarnings("try")
  void historyItemIdsAddTheirTableRows(boolean hRope, boolean anchors) {
    SplittableRandom r = new SplittableRandom(32);
    int[][] seqs = {
      Fixtures.randomItems(r, 4, VOCAB.items()), Fixtures.randomItems(r, 2, VOCAB.items())
    };
    try (Hmat ids =
            new Hmat(Fixtures.tiny(hRope, anchors, false, true), VOCAB, new SplittableRandom(6));
        Hmat plain =
            new Hmat(Fixtures.tiny(hRope, anchors, false, false), VOCAB, new SplittableRandom(6));
        NDScope scope = new NDScope()) {
      NDArray table = ids.parameters().get("itemTable");
      HmatBatch batch = HmatBatch.inputs(seqs, VOCAB, anchors);
      float[] expected = plain.hidden(batch, false, plain.itemInput(batch, table)).toFloatArray();
      float[] actual = ids.hidden(batch, false).toFloatArray();
      float[] without = plain.hidden(batch, false).toFloatArray();
      int d = plain.config().dim();
      double moved = 0;
      for (int i = 0; i < expected.length; i++) {
        int token = i / d;
        if (!batch.real(token / batch.length(), (token % batch.length()) / batch.perItem())) {
          continue;
        }
        assertEquals(expected[i], actual[i], 1e-4, "value " + i);
        moved = Math.max(moved, Math.abs(actual[i] - without[i]));
      }
      org.junit.jupiter.api.Assertions.assertTrue(moved > 1e-2, "ids changed nothing: " + moved);
    }
  }
}
