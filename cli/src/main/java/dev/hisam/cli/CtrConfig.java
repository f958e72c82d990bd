package dev.hisam.cli;

import dev.hisam.core.Seeds;
import dev.hisam.eval.baseline.ContentLogisticRegression;
import dev.hisam.hmat.CtrTrainConfig;

/**
 * Settings of the CTR ranking models (protocol P2) and of the P3 new-item run.
 *
 * @param train HMAT, the flat model and the item-ID transformer (each with the CTR head); {@code
 *     train.model.maxItems} is the history cap (300 in P2)
 * @param logreg logistic regression on the content embeddings
 * @param validationFraction the chronologically last share of P2's training examples held out to
 *     select the epoch (the test split is never looked at before the end)
 * @param newItemFraction share of the catalogue held out of all training data in the new-item run
 * @param pretrainEpochs when positive, HMAT and flat are first trained for this many epochs on
 *     next-item generation (P1-style teacher forcing, history cap 50) over the positives earlier
 *     than the validation examples, then the CTR head is trained from those weights
 * @param logregModalities the content the logreg and the transformers' content head ({@code
 *     ctr.train.contentHead}) read: "default" (text and image where the dataset has them, else
 *     attributes) or a list such as "text" or "text,image"
 * @param repeat 0 trains from the run's seed; k > 0 trains from a seed derived from it and k, for
 *     repeats of one model on the same data and SIDs (seed variance without a new run); the
 *     new-item run's held-out items stay those of the run's seed
 */
record CtrConfig(
    CtrTrainConfig train,
    ContentLogisticRegression.Config logreg,
    double validationFraction,
    double newItemFraction,
    int pretrainEpochs,
    String logregModalities,
    int repeat) {
  CtrConfig {
    if (train == null || logreg == null) {
      throw new IllegalArgumentException("ctr.train and ctr.logreg are required");
    }
    if (!(validationFraction > 0 && validationFraction < 0.5)) {
      throw new IllegalArgumentException(
          "ctr.validationFraction must be in (0, 0.5), got " + validationFraction);
    }
    if (pretrainEpochs < 0) {
      throw new IllegalArgumentException("ctr.pretrainEpochs must be >= 0, got " + pretrainEpochs);
    }
    if (repeat < 0) {
      throw new IllegalArgumentException("ctr.repeat must be >= 0, got " + repeat);
    }
    if (logregModalities == null || logregModalities.isBlank()) {
      throw new IllegalArgumentException("ctr.logregModalities: 'default' or e.g. text,image");
    }
    if (!(newItemFraction > 0 && newItemFraction < 1)) {
      throw new IllegalArgumentException(
          "ctr.newItemFraction must be in (0, 1), got " + newItemFraction);
    }
  }

  static CtrConfig defaults() {
    return new CtrConfig(
        CtrTrainConfig.defaults(),
        ContentLogisticRegression.Config.defaults(),
        0.1,
        0.1,
        0,
        "default",
        0);
  }

  /** The seeds a CTR model trains from: the run's own, or for a repeat one derived from them. */
  Seeds trainingSeeds(Seeds run) {
    return repeat == 0 ? run : new Seeds(run.derive("ctr-repeat-" + repeat));
  }
}
