package dev.hisam.hmat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;

/**
 * Where a generative model loses: the mean negative log-likelihood of held-out target items, split
 * by SID level, under teacher forcing (the target appended to its history, one forward pass).
 *
 * <p>Two figures per level: {@code raw}, under the level's softmax over all its codes (what the
 * beam search sums), and {@code constrained}, renormalised over the codes the catalogue allows
 * after the target's prefix (the distribution constrained decoding samples from; its levels sum to
 * a proper log-likelihood over catalogue items). Compare the constrained total with {@code
 * ln(items)}, the uniform guess.
 *
 * @param levels level names
 * @param raw per level, mean NLL in nats under the unconstrained softmax
 * @param constrained per level, mean NLL in nats renormalised over the trie's children
 * @param targets number of targets averaged
 */
public record LevelLoss(String[] levels, double[] raw, double[] constrained, int targets) {

  public double rawTotal() {
    return Arrays.stream(raw).sum();
  }

  public double constrainedTotal() {
    return Arrays.stream(constrained).sum();
  }

  /**
   * Measures {@code net} on {@code targets[u]} after {@code histories[u]} (the last {@code
   * maxItems} items are read).
   *
   * @param batchSize users per forward pass
   */
  @SuppressWarnings("try") // the scope closes each batch's temporaries
  public static LevelLoss measure(Hmat net, int[][] histories, int[] targets, int batchSize) {
    if (histories.length != targets.length || targets.length == 0) {
      throw new IllegalArgumentException(
          histories.length + " histories for " + targets.length + " targets");
    }
    SidVocabulary vocab = net.vocabulary();
    PrefixTrie trie = new PrefixTrie(vocab);
    int levels = vocab.levels();
    double[] raw = new double[levels];
    double[] constrained = new double[levels];
    int cap = net.config().maxItems();
    int[] order = net.byLength(histories); // batches pad to about their own length
    for (int from = 0; from < targets.length; from += batchSize) {
      int to = Math.min(targets.length, from + batchSize);
      int[][] seqs = new int[to - from][];
      for (int i = from; i < to; i++) {
        int u = order[i];
        int[] h = Hmat.lastItems(histories[u], cap);
        seqs[i - from] = Arrays.copyOf(h, h.length + 1);
        seqs[i - from][h.length] = targets[u];
      }
      try (NDScope scope = new NDScope()) {
        HmatBatch batch = net.trainingBatch(seqs);
        NDArray h = net.hidden(batch, false).reshape((long) batch.batch() * batch.length(), -1);
        // per sequence, its last `levels` targets are the appended item's levels 0 .. L-1
        long[][] rows = new long[levels][seqs.length];
        int end = 0;
        for (int r = 0; r < seqs.length; r++) {
          end += HmatBatch.targets(seqs[r].length, levels);
          for (int l = 0; l < levels; l++) {
            rows[l][r] = batch.rows()[end - levels + l];
          }
        }
        for (int l = 0; l < levels; l++) {
          NDArray hl = h.get(new NDIndex("{}", net.manager().create(rows[l]))); // [R, D]
          float[] logp = net.levelLogits(hl, l).logSoftmax(1).toFloatArray(); // [R, V_l]
          int size = vocab.levelSize(l);
          for (int r = 0; r < seqs.length; r++) {
            int item = seqs[r][seqs[r].length - 1];
            int node = trie.root();
            for (int k = 0; k < l; k++) {
              node = trie.next(node, vocab.code(item, k));
            }
            double z = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < trie.childCount(node); c++) {
              z = logAdd(z, logp[r * size + trie.childCode(node, c)]);
            }
            double lp = logp[r * size + vocab.code(item, l)];
            raw[l] -= lp;
            constrained[l] -= lp - z;
          }
        }
      }
    }
    String[] names = new String[levels];
    for (int l = 0; l < levels; l++) {
      raw[l] /= targets.length;
      constrained[l] /= targets.length;
      names[l] = l < vocab.table().levels() ? vocab.table().levelNames().get(l) : "collision";
    }
    return new LevelLoss(names, raw, constrained, targets.length);
  }

  private static double logAdd(double x, double y) {
    if (x == Double.NEGATIVE_INFINITY) {
      return y;
    }
    double m = Math.max(x, y);
    return m + Math.log(Math.exp(x - m) + Math.exp(y - m));
  }
}
