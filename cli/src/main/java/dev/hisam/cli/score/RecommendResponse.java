package dev.hisam.cli.score;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The recommendations for one request, best first.
 *
 * @param user the request's user label (null when it had none)
 * @param model the model that ranked
 * @param historyUsed how many of the most recent history items the model read
 * @param items the best items, best first
 */
public record RecommendResponse(String user, String model, int historyUsed, List<Item> items) {
  /**
   * @param item the item's key (e.g. an ASIN or a MovieLens movie id)
   * @param score the model's score: a generative model's SID log-probability, SASRec's logit,
   *     popularity's training count
   * @param text the item's text (title, categories) when the dataset has text
   */
  public record Item(
      String item, double score, @JsonInclude(JsonInclude.Include.NON_NULL) String text) {}
}
