package dev.hisam.hmat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Beam search over the next item's semantic ID, level by level, constrained by a {@link PrefixTrie}
 * so that only catalogue SIDs are ever emitted. Histories are encoded once into a {@link KvCache};
 * each further level costs one cached decoding step for the beams still being decoded.
 *
 * <p>A hypothesis is scored by its <em>constrained</em> log-likelihood: at every level the model's
 * distribution is renormalised over the codes the trie allows after the prefix, so an item's score
 * is {@code sum_l log p(c_l | prefix, c_l allowed)}. A level with one allowed code adds exactly 0,
 * and once a hypothesis's subtree holds one item its score is final: it is carried to the end
 * without being decoded further. With DST's codes most items are alone under their first two
 * levels, so the later levels decode a few beams instead of all W (measured on Beauty validation:
 * same R@10 / N@10 as unnormalised scores, see the README).
 *
 * <p>Equal scores keep the earlier hypothesis and then the smaller code, so the search is
 * deterministic. With width 1 it is greedy decoding.
 */
public final class BeamSearch {
  private final Hmat net;
  private final PrefixTrie trie;

  public BeamSearch(Hmat net, PrefixTrie trie) {
    if (trie.levels() != net.vocabulary().levels()) {
      throw new IllegalArgumentException("trie and network disagree on the number of levels");
    }
    this.net = net;
    this.trie = trie;
  }

  /**
   * A partial SID: its trie node (a leaf once only one item remains below it; -1 for a dead slot),
   * summed constrained log-probability, index of its parent in the previous beam, last code.
   */
  private record Hypothesis(int node, float score, int parent, int lastCode) {
    boolean dead() {
      return node < 0;
    }
  }

  /**
   * Decodes up to {@code width} catalogue items per history (fewer when the catalogue is smaller).
   *
   * @param histories per user, chronological ItemIds
   */
  @SuppressWarnings("try") // the scope frees the search's tensors
  public Candidates[] search(int[][] histories, int width) {
    if (width < 1) {
      throw new IllegalArgumentException("beam width must be >= 1, got " + width);
    }
    int users = histories.length;
    Candidates[] out = new Candidates[users];
    if (users == 0) {
      return out;
    }
    int levels = trie.levels();
    try (NDScope scope = new NDScope()) {
      KvCache cache = net.encode(histories);
      float[] logp = net.levelLogits(cache.last(), 0).logSoftmax(1).toFloatArray(); // [B, V_0]
      List<List<Hypothesis>> beams = new ArrayList<>();
      int[][] rows = new int[users][]; // cache row whose logits score each hypothesis, or -1
      for (int u = 0; u < users; u++) {
        beams.add(List.of(new Hypothesis(trie.root(), 0f, 0, -1)));
        rows[u] = new int[] {u};
      }
      for (int level = 0; level < levels; level++) {
        if (level > 0) {
          int[][] next = new int[users][width];
          long[] parents = new long[users * width];
          long[] tokens = new long[users * width];
          int live = 0;
          boolean grouped = cache.decoded() == 0; // all W rows of every user: no memory gather
          for (int u = 0; u < users; u++) {
            Arrays.fill(next[u], -1);
            for (int w = 0; w < width; w++) {
              Hypothesis h = beams.get(u).get(w);
              boolean decode = !h.dead() && trie.item(h.node()) < 0;
              if (!decode && !grouped) {
                continue;
              }
              int row = grouped ? u * width + w : live;
              parents[row] = rows[u][h.parent()];
              tokens[row] =
                  decode ? net.vocabulary().token(level - 1, h.lastCode()) : SidVocabulary.PAD;
              next[u][w] = decode ? row : -1;
              live++;
            }
          }
          rows = next;
          if (live > 0) {
            if (!grouped) {
              cache = cache.select(Arrays.copyOf(parents, live));
              tokens = Arrays.copyOf(tokens, live);
            }
            NDArray hidden = net.decode(cache, tokens); // [rows, D]
            logp = net.levelLogits(hidden, level).logSoftmax(1).toFloatArray(); // [rows, V_l]
          }
        }
        int size = net.vocabulary().levelSize(level);
        for (int u = 0; u < users; u++) {
          beams.set(u, expand(beams.get(u), rows[u], logp, size, width));
        }
      }
      for (int u = 0; u < users; u++) {
        out[u] = finish(beams.get(u));
      }
    }
    return out;
  }

  /**
   * The best {@code width} of the beam's continuations, padded with dead slots to width: each
   * decoded hypothesis's children under the renormalised distribution of its logits row, each
   * finished one (a leaf) as it is.
   */
  private List<Hypothesis> expand(
      List<Hypothesis> beam, int[] rows, float[] logp, int levelSize, int width) {
    float[] bestScore = new float[width];
    int[] bestHyp = new int[width];
    int[] bestChild = new int[width]; // -1: the hypothesis carried unchanged
    int kept = 0;
    for (int w = 0; w < beam.size(); w++) {
      Hypothesis h = beam.get(w);
      if (h.dead()) {
        continue;
      }
      boolean carried = trie.item(h.node()) >= 0;
      int n = carried ? 1 : trie.childCount(h.node());
      int base = carried ? 0 : rows[w] * levelSize;
      float norm = carried ? 0f : logSumExp(h.node(), logp, base);
      for (int c = 0; c < n; c++) {
        // (log p - norm) first: a single allowed code adds exactly 0
        float s =
            carried ? h.score() : h.score() + (logp[base + trie.childCode(h.node(), c)] - norm);
        if (kept == width && !(s > bestScore[width - 1])) {
          continue; // ties keep the earlier (hypothesis, code)
        }
        int pos = kept == width ? width - 1 : kept++;
        while (pos > 0 && s > bestScore[pos - 1]) {
          bestScore[pos] = bestScore[pos - 1];
          bestHyp[pos] = bestHyp[pos - 1];
          bestChild[pos] = bestChild[pos - 1];
          pos--;
        }
        bestScore[pos] = s;
        bestHyp[pos] = w;
        bestChild[pos] = carried ? -1 : c;
      }
    }
    List<Hypothesis> next = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      if (i >= kept) {
        next.add(new Hypothesis(-1, Float.NEGATIVE_INFINITY, 0, -1));
        continue;
      }
      Hypothesis h = beam.get(bestHyp[i]);
      if (bestChild[i] < 0) {
        next.add(new Hypothesis(h.node(), bestScore[i], bestHyp[i], h.lastCode()));
        continue;
      }
      int child = trie.child(h.node(), bestChild[i]);
      int leaf = trie.onlyLeaf(child); // alone below: the remaining levels add 0
      next.add(
          new Hypothesis(
              leaf >= 0 ? leaf : child,
              bestScore[i],
              bestHyp[i],
              trie.childCode(h.node(), bestChild[i])));
    }
    return next;
  }

  /** log sum exp of the logits row at {@code base} over the codes allowed after {@code node}. */
  private float logSumExp(int node, float[] logp, int base) {
    int n = trie.childCount(node);
    float max = Float.NEGATIVE_INFINITY;
    for (int c = 0; c < n; c++) {
      max = Math.max(max, logp[base + trie.childCode(node, c)]);
    }
    double sum = 0;
    for (int c = 0; c < n; c++) {
      sum += Math.exp(logp[base + trie.childCode(node, c)] - max);
    }
    return (float) (max + Math.log(sum));
  }

  private Candidates finish(List<Hypothesis> beam) {
    List<Hypothesis> live = new ArrayList<>();
    for (Hypothesis h : beam) {
      if (h.node() >= 0) {
        live.add(h);
      }
    }
    Integer[] order = new Integer[live.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) -> {
          int c = Float.compare(live.get(b).score(), live.get(a).score());
          return c != 0
              ? c
              : Integer.compare(trie.item(live.get(a).node()), trie.item(live.get(b).node()));
        });
    int[] items = new int[order.length];
    float[] scores = new float[order.length];
    for (int i = 0; i < order.length; i++) {
      items[i] = trie.item(live.get(order[i]).node());
      scores[i] = live.get(order[i]).score();
    }
    return new Candidates(items, scores);
  }
}
