package dev.hisam.hmat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Beam search over the next item's semantic ID, level by level, constrained by a {@link PrefixTrie}
 * so that only catalogue SIDs are ever emitted. Histories are encoded once into a {@link KvCache};
 * each further level costs one cached decoding step for all beams of all users.
 *
 * <p>Hypotheses are ranked by summed log-probability; equal scores keep the earlier hypothesis and
 * then the smaller code, so the search is deterministic. With width 1 it is greedy decoding.
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

  /** A partial SID: its trie node and summed log-probability; node -1 is a dead slot. */
  private record Hypothesis(int node, float score, int parent, int lastCode) {}

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
      for (int u = 0; u < users; u++) {
        beams.add(List.of(new Hypothesis(trie.root(), 0f, 0, -1)));
      }
      int rowsPerUser = 1;
      for (int level = 0; level < levels; level++) {
        if (level > 0) {
          long[] parents = new long[users * width];
          long[] tokens = new long[users * width];
          for (int u = 0; u < users; u++) {
            for (int w = 0; w < width; w++) {
              Hypothesis h = beams.get(u).get(w);
              parents[u * width + w] = (long) u * rowsPerUser + h.parent();
              tokens[u * width + w] =
                  h.node() < 0
                      ? SidVocabulary.PAD
                      : net.vocabulary().token(level - 1, h.lastCode());
            }
          }
          if (cache.decoded() > 0) {
            cache.reorder(parents);
          }
          NDArray hidden = net.decode(cache, tokens); // [B * W, D]
          logp = net.levelLogits(hidden, level).logSoftmax(1).toFloatArray(); // [B * W, V_l]
          rowsPerUser = width;
        }
        int size = net.vocabulary().levelSize(level);
        for (int u = 0; u < users; u++) {
          beams.set(u, expand(beams.get(u), logp, u * rowsPerUser, size, width));
        }
      }
      for (int u = 0; u < users; u++) {
        out[u] = finish(beams.get(u));
      }
    }
    return out;
  }

  /** The best {@code width} children of the live hypotheses, padded with dead slots to width. */
  private List<Hypothesis> expand(
      List<Hypothesis> beam, float[] logp, int firstRow, int levelSize, int width) {
    float[] bestScore = new float[width];
    int[] bestHyp = new int[width];
    int[] bestChild = new int[width];
    int kept = 0;
    for (int w = 0; w < beam.size(); w++) {
      Hypothesis h = beam.get(w);
      if (h.node() < 0) {
        continue;
      }
      int row = firstRow + w;
      int n = trie.childCount(h.node());
      for (int c = 0; c < n; c++) {
        float s = h.score() + logp[row * levelSize + trie.childCode(h.node(), c)];
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
        bestChild[pos] = c;
      }
    }
    List<Hypothesis> next = new ArrayList<>(width);
    for (int i = 0; i < width; i++) {
      if (i < kept) {
        Hypothesis h = beam.get(bestHyp[i]);
        next.add(
            new Hypothesis(
                trie.child(h.node(), bestChild[i]),
                bestScore[i],
                bestHyp[i],
                trie.childCode(h.node(), bestChild[i])));
      } else {
        next.add(new Hypothesis(-1, Float.NEGATIVE_INFINITY, 0, -1));
      }
    }
    return next;
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
