package dev.hisam.eval;

import java.util.List;

/**
 * Settings of the evaluation protocols (part of the run's config tree).
 *
 * @param historyCaps P1 history lengths H to report (the first is the primary one)
 * @param ks P1 cut-offs K of Recall@K and NDCG@K
 * @param batchSize histories scored per {@link ItemScorer} call
 * @param ctrHistoryCap P2 most history items per example
 * @param newItemFraction P3 fraction of items held out in the new-item run, in (0, 1)
 * @param beamWidths P1 beam widths at which generative models are evaluated; empty (the default)
 *     means each model's own trained width. A width other than the model's own is reported as
 *     {@code <model>-beam<width>}.
 */
public record EvalConfig(
    List<Integer> historyCaps,
    List<Integer> ks,
    int batchSize,
    int ctrHistoryCap,
    double newItemFraction,
    List<Integer> beamWidths) {

  public EvalConfig {
    // a config written before beam widths existed has none: each model's own
    beamWidths =
        beamWidths == null || beamWidths.isEmpty()
            ? List.of()
            : positiveDistinct("beamWidths", beamWidths);
    historyCaps = positiveDistinct("historyCaps", historyCaps);
    ks = positiveDistinct("ks", ks);
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (ctrHistoryCap < 1) {
      throw new IllegalArgumentException("ctrHistoryCap must be >= 1, got " + ctrHistoryCap);
    }
    if (!(newItemFraction > 0 && newItemFraction < 1)) {
      throw new IllegalArgumentException(
          "newItemFraction must be in (0, 1), got " + newItemFraction);
    }
  }

  /** Without beam widths of its own: each generative model at its trained width. */
  public EvalConfig(
      List<Integer> historyCaps,
      List<Integer> ks,
      int batchSize,
      int ctrHistoryCap,
      double newItemFraction) {
    this(historyCaps, ks, batchSize, ctrHistoryCap, newItemFraction, List.of());
  }

  /**
   * H = 20 and 50, K = 5 and 10, batches of 1,024, CTR history 300, 10% new items, generative
   * models at their own beam width.
   */
  public static EvalConfig defaults() {
    return new EvalConfig(List.of(20, 50), RankingMetrics.DEFAULT_KS, 1024, 300, 0.1, List.of());
  }

  private static List<Integer> positiveDistinct(String name, List<Integer> values) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException(name + " must hold at least one value");
    }
    for (Integer v : values) {
      if (v == null || v < 1) {
        throw new IllegalArgumentException(name + " must all be >= 1, got " + values);
      }
    }
    if (values.stream().distinct().count() != values.size()) {
      throw new IllegalArgumentException(name + " must not repeat a value, got " + values);
    }
    return List.copyOf(values);
  }
}
