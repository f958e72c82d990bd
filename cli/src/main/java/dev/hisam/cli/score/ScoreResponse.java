package dev.hisam.cli.score;

import java.util.List;

/**
 * Scores of one request, candidates in request order.
 *
 * @param user the request's user label (null when it had none)
 * @param model the model that scored
 * @param scores one per candidate
 */
public record ScoreResponse(String user, String model, List<Scored> scores) {
  /**
   * @param item the candidate's key
   * @param probability σ(logit), the predicted click (rating > 3) probability
   * @param logit the model's raw score
   */
  public record Scored(String item, double probability, double logit) {}
}
