package dev.hisam.train.sasrec;

import dev.hisam.eval.ItemScorer;

/** Scores the model being trained on validation data; higher is better (e.g. NDCG@10). */
@FunctionalInterface
public interface Validator {
  double validate(ItemScorer scorer);
}
