package dev.hisam.cli.score;

import dev.hisam.data.Catalog;
import dev.hisam.eval.UserFeedback;
import dev.hisam.eval.baseline.ContentLogisticRegression;
import dev.hisam.hmat.CtrModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Scores {@link ScoreRequest}s with a model under a run's {@code ctr/<name>/}: an HMAT, flat or
 * item-ID CTR model, or the content logistic regression. Every item key is checked against the
 * run's catalogue and the model's; an unknown one is a {@link RequestException} naming the field,
 * never a silent score. One instance serves requests one at a time (DJL models are not
 * thread-safe); close it.
 */
public final class CtrScorer implements AutoCloseable {
  /** Longest accepted candidate list of one request. */
  public static final int MAX_CANDIDATES = 10_000;

  private final String name;
  private final Catalog catalog;
  private final CtrModel model; // null for logreg
  private final ContentLogisticRegression logreg; // null for transformers

  private CtrScorer(
      String name, Catalog catalog, CtrModel model, ContentLogisticRegression logreg) {
    this.name = name;
    this.catalog = catalog;
    this.model = model;
    this.logreg = logreg;
  }

  /**
   * Loads {@code dir}, a {@code ctr/<name>/} folder.
   *
   * @param itemVectors the content vectors for a logistic-regression model (not read otherwise; may
   *     be null then)
   */
  public static CtrScorer load(
      Path dir, Catalog catalog, java.util.function.Supplier<float[][]> itemVectors) {
    String name = dir.getFileName().toString();
    if (Files.isRegularFile(dir.resolve("logreg.json"))) {
      return new CtrScorer(
          name,
          catalog,
          null,
          ContentLogisticRegression.load(dir.resolve("logreg.json"), itemVectors.get()));
    }
    if (!Files.isRegularFile(dir.resolve(CtrModel.INFO_FILE))) {
      throw new IllegalArgumentException(
          dir + " holds no CTR model (no model.json or logreg.json); train one with `hisam ctr`");
    }
    CtrModel m = CtrModel.load(dir);
    if (m.numItems() != catalog.size()) {
      m.close();
      throw new IllegalArgumentException(
          dir + " was trained on " + m.numItems() + " items, the run has " + catalog.size());
    }
    return new CtrScorer(name, catalog, m, null);
  }

  public String name() {
    return name;
  }

  /** Scores a batch of requests (histories encoded once each); all are validated first. */
  public List<ScoreResponse> score(List<ScoreRequest> requests) {
    int n = requests.size();
    int[][] histories = new int[n][];
    int[][] candidates = new int[n][];
    UserFeedback[] feedback = new UserFeedback[n];
    for (int r = 0; r < n; r++) {
      int[][] ids = resolve(requests.get(r));
      histories[r] = ids[0];
      candidates[r] = ids[1];
      feedback[r] = requests.get(r).feedback();
    }
    float[][] logits;
    if (model != null) {
      logits = model.score(histories, candidates, model.readsFeedback() ? feedback : null);
    } else {
      logits = new float[n][];
      for (int r = 0; r < n; r++) {
        logits[r] = new float[candidates[r].length];
        for (int k = 0; k < candidates[r].length; k++) {
          logits[r][k] = logreg.score(histories[r], candidates[r][k], feedback[r]);
        }
      }
    }
    List<ScoreResponse> out = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      List<ScoreResponse.Scored> s = new ArrayList<>();
      for (int k = 0; k < candidates[r].length; k++) {
        double z = logits[r][k];
        s.add(
            new ScoreResponse.Scored(
                requests.get(r).candidates().get(k), 1 / (1 + Math.exp(-z)), z));
      }
      out.add(new ScoreResponse(requests.get(r).user(), name, s));
    }
    return out;
  }

  /** Checks one request without scoring it: what {@link #score} would reject, it rejects. */
  public void validate(ScoreRequest q) {
    resolve(q);
  }

  /** The request's {history, candidates} as ItemIds, or a {@link RequestException}. */
  private int[][] resolve(ScoreRequest q) {
    if (q.candidates() == null || q.candidates().isEmpty()) {
      throw new RequestException("candidates", "at least one candidate item is required");
    }
    if (q.candidates().size() > MAX_CANDIDATES) {
      throw new RequestException(
          "candidates",
          q.candidates().size() + " candidates; at most " + MAX_CANDIDATES + " per request");
    }
    boolean readsFeedback = model != null ? model.readsFeedback() : logreg.readsFeedback();
    if (readsFeedback && q.feedback() == null) {
      throw new RequestException(
          "feedback",
          "model '"
              + name
              + "' reads the user's earlier feedback: give {\"positives\": P, \"ratings\": N},"
              + " the user's labelled interactions before this one and how many were positive");
    }
    return new int[][] {
      ids(q.history() == null ? List.of() : q.history(), "history"),
      ids(q.candidates(), "candidates")
    };
  }

  private int[] ids(List<String> keys, String field) {
    int[] out = new int[keys.size()];
    for (int i = 0; i < out.length; i++) {
      String key = keys.get(i);
      if (key == null || key.isBlank()) {
        throw new RequestException(field + "[" + i + "]", "empty item key");
      }
      OptionalInt id = catalog.idOf(key);
      if (id.isEmpty()) {
        throw new RequestException(
            field + "[" + i + "]", "unknown item '" + key + "' (not in the run's catalogue)");
      }
      out[i] = id.getAsInt();
    }
    return out;
  }

  @Override
  public void close() {
    if (model != null) {
      model.close();
    }
  }
}
