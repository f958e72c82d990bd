package dev.hisam.cli.score;

import dev.hisam.data.Catalog;
import dev.hisam.eval.ItemScorer;
import dev.hisam.hmat.Candidates;
import dev.hisam.hmat.HmatModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Top-K next-item recommendations from a trained P1 model (popularity, SASRec, HMAT, flat): the
 * code path of {@code hisam recommend} and of a server's recommendation endpoint.
 *
 * <p>A generative model (HMAT, flat) returns its constrained beam search's list, in its order,
 * scored by the item's SID log-probability; a scoring model ranks the whole catalogue by score,
 * ties broken by the smaller ItemId as in P1. Histories longer than the model reads are cut to
 * their most recent items, as in evaluation.
 */
public final class Recommender implements AutoCloseable {
  /** The most items one request may ask for. */
  public static final int MAX_K = 1_000;

  private final String name;
  private final ItemScorer model;
  private final Catalog catalog;
  private final String[] texts;
  private final Function<String, int[]> knownUsers;

  /**
   * @param name the model's name, echoed in responses
   * @param model the loaded model (closed with this recommender when it is closeable)
   * @param catalog the run's items
   * @param texts per ItemId the item's text (title, categories), or null when the dataset has none
   * @param knownUsers a user key's recorded sequence (oldest first), or null for an unknown user;
   *     used for requests that name a user and give no history
   */
  public Recommender(
      String name,
      ItemScorer model,
      Catalog catalog,
      String[] texts,
      Function<String, int[]> knownUsers) {
    this.name = name;
    this.model = model;
    this.catalog = catalog;
    this.texts = texts;
    this.knownUsers = knownUsers;
  }

  /** The history as ItemIds (the user's recorded one when the request gives none). */
  public int[] resolve(RecommendRequest q) {
    int[] history;
    if (q.history() == null) {
      if (q.user() == null) {
        throw new RequestException(
            "history", "missing: give the user's items, or a known \"user\" to use theirs");
      }
      history = knownUsers.apply(q.user());
      if (history == null) {
        throw new RequestException(
            "user", "unknown user '" + q.user() + "' (not in the run's data); give a history");
      }
    } else {
      history = new int[q.history().size()];
      for (int i = 0; i < history.length; i++) {
        String key = q.history().get(i);
        String field = "history[" + i + "]";
        if (key == null || key.isBlank()) {
          throw new RequestException(field, "empty item key");
        }
        OptionalInt id = catalog.idOf(key);
        if (id.isEmpty()) {
          throw new RequestException(
              field, "unknown item '" + key + "' (not in the run's catalogue)");
        }
        history[i] = id.getAsInt();
      }
    }
    if (history.length == 0) {
      throw new RequestException(
          "history", "at least one item is needed: the models rank from the user's history");
    }
    return history;
  }

  /**
   * The best {@code k} items for each request, best first.
   *
   * @param excludeHistory leave out items already in the (cut) history
   */
  public List<RecommendResponse> recommend(
      List<RecommendRequest> requests, int k, boolean excludeHistory) {
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be in [1, " + MAX_K + "], got " + k);
    }
    int[][] histories = new int[requests.size()][];
    int longest = 0;
    for (int i = 0; i < histories.length; i++) {
      int[] h = resolve(requests.get(i));
      int cap = Math.min(h.length, model.historyCapacity());
      histories[i] = Arrays.copyOfRange(h, h.length - cap, h.length);
      longest = Math.max(longest, histories[i].length);
    }
    List<RecommendResponse> out = new ArrayList<>();
    if (model instanceof HmatModel hm) {
      // the beam must be wide enough for k items after the history's are dropped
      int width = Math.max(hm.beamWidth(), k + (excludeHistory ? longest : 0));
      Candidates[] lists = hm.recommend(histories, width);
      for (int i = 0; i < histories.length; i++) {
        BitSet skip = skipped(histories[i], excludeHistory);
        List<RecommendResponse.Item> items = new ArrayList<>();
        for (int j = 0; j < lists[i].size() && items.size() < k; j++) {
          int item = lists[i].items()[j];
          if (!skip.get(item)) {
            items.add(item(item, lists[i].scores()[j]));
          }
        }
        out.add(new RecommendResponse(requests.get(i).user(), name, histories[i].length, items));
      }
      return out;
    }
    float[][] scores = model.score(histories);
    for (int i = 0; i < histories.length; i++) {
      List<RecommendResponse.Item> items = new ArrayList<>();
      for (int item : topK(scores[i], k, skipped(histories[i], excludeHistory))) {
        items.add(item(item, scores[i][item]));
      }
      out.add(new RecommendResponse(requests.get(i).user(), name, histories[i].length, items));
    }
    return out;
  }

  /**
   * The {@code k} best items of {@code scores}, best first: higher score, then smaller ItemId (the
   * P1 tie rule); items in {@code skip} and items without a finite score are left out.
   */
  static int[] topK(float[] scores, int k, BitSet skip) {
    // a min-heap of the best k so far: its head is the worst of them
    PriorityQueue<Integer> best =
        new PriorityQueue<>(
            k + 1, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[a], scores[b]) : b - a);
    for (int item = 0; item < scores.length; item++) {
      if (skip.get(item) || !Float.isFinite(scores[item])) {
        continue;
      }
      best.add(item);
      if (best.size() > k) {
        best.poll();
      }
    }
    int[] out = new int[best.size()];
    for (int i = out.length - 1; i >= 0; i--) {
      out[i] = best.poll();
    }
    return out;
  }

  private static BitSet skipped(int[] history, boolean excludeHistory) {
    BitSet skip = new BitSet();
    if (excludeHistory) {
      for (int item : history) {
        skip.set(item);
      }
    }
    return skip;
  }

  private RecommendResponse.Item item(int item, float score) {
    return new RecommendResponse.Item(catalog.key(item), score, texts == null ? null : texts[item]);
  }

  @Override
  public void close() {
    if (model instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot release model " + name, e);
      }
    }
  }
}
