package dev.hisam.model.sasrec;

/**
 * A batch of token sequences, left-padded to the longest one in the batch, as plain Java arrays
 * ready to become tensors. Position {@code t} of a batch of length {@code T} reads the learned
 * position {@code maxLen - T + t}, so the most recent token always has position {@code maxLen - 1}
 * whatever the padding.
 *
 * @param tokens [B * T] token ids, {@code padToken} on padded positions
 * @param batch B
 * @param length T
 * @param attentionBias [B * T * T] additive bias: 0 where query row i may read key column j (j <= i
 *     and j is not padding), {@link #MASKED} otherwise
 * @param rows indices into the flattened [B * T] positions whose outputs are used (training
 *     positions, or the last position of each sequence at inference)
 * @param targets the target token of each of {@code rows} (empty at inference)
 */
public record SequenceBatch(
    long[] tokens, int batch, int length, float[] attentionBias, long[] rows, long[] targets) {

  /** Additive bias of a masked query-key pair: exp(-1e9 - max) underflows to exactly 0. */
  public static final float MASKED = -1e9f;

  /**
   * A training batch: at every position of {@code inputs[b]} the target is {@code targets[b]} at
   * the same index (the next token).
   */
  public static SequenceBatch training(int[][] inputs, int[][] targets, int padToken) {
    int b = inputs.length;
    int t = longest(inputs);
    int count = 0;
    for (int i = 0; i < b; i++) {
      if (targets[i].length != inputs[i].length) {
        throw new IllegalArgumentException("inputs and targets differ in length at row " + i);
      }
      count += inputs[i].length;
    }
    long[] rows = new long[count];
    long[] tgt = new long[count];
    int n = 0;
    for (int i = 0; i < b; i++) {
      int offset = t - inputs[i].length;
      for (int j = 0; j < inputs[i].length; j++) {
        rows[n] = (long) i * t + offset + j;
        tgt[n] = targets[i][j];
        n++;
      }
    }
    return new SequenceBatch(pad(inputs, t, padToken), b, t, bias(inputs, t), rows, tgt);
  }

  /**
   * An inference batch reading each history's last {@code maxLen} tokens; the output row of each
   * sequence is its last position. An empty history yields a defined but uninformative row.
   */
  public static SequenceBatch inference(int[][] histories, int padToken, int maxLen) {
    int[][] cut = new int[histories.length][];
    for (int i = 0; i < cut.length; i++) {
      int[] h = histories[i];
      cut[i] =
          h.length <= maxLen ? h : java.util.Arrays.copyOfRange(h, h.length - maxLen, h.length);
    }
    int t = Math.max(1, longest(cut));
    long[] rows = new long[cut.length];
    for (int i = 0; i < cut.length; i++) {
      rows[i] = (long) i * t + t - 1;
    }
    return new SequenceBatch(pad(cut, t, padToken), cut.length, t, bias(cut, t), rows, new long[0]);
  }

  private static int longest(int[][] seqs) {
    int t = 0;
    for (int[] s : seqs) {
      t = Math.max(t, s.length);
    }
    return t;
  }

  private static long[] pad(int[][] seqs, int t, int padToken) {
    long[] out = new long[seqs.length * t];
    for (int i = 0; i < seqs.length; i++) {
      int offset = t - seqs[i].length;
      for (int j = 0; j < t; j++) {
        out[i * t + j] = j < offset ? padToken : seqs[i][j - offset];
      }
    }
    return out;
  }

  private static float[] bias(int[][] seqs, int t) {
    float[] out = new float[seqs.length * t * t];
    for (int b = 0; b < seqs.length; b++) {
      int firstReal = t - seqs[b].length;
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < t; j++) {
          out[(b * t + i) * t + j] = (j <= i && j >= firstReal) ? 0f : MASKED;
        }
      }
    }
    return out;
  }
}
