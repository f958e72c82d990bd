package dev.hisam.cli.score;

import dev.hisam.eval.UserFeedback;
import java.util.List;

/**
 * One scoring request: a user's history and the candidates to score, items named by their source
 * keys (e.g. MovieLens movie ids).
 *
 * @param user an optional label echoed in the response
 * @param history chronological item keys, oldest first (may be empty)
 * @param candidates item keys to score (at least one)
 * @param feedback the user's earlier labelled interactions (how many, how many positive): required
 *     by a model trained with {@code ctr.train.userFeedback}, null otherwise
 */
public record ScoreRequest(
    String user, List<String> history, List<String> candidates, UserFeedback feedback) {

  /** A request without feedback counts. */
  public ScoreRequest(String user, List<String> history, List<String> candidates) {
    this(user, history, candidates, null);
  }
}
