package dev.hisam.tokenizer;

import java.util.List;

/**
 * What every tokenizer reports after a fit. Fields that do not apply to a tokenizer are null (e.g.
 * alignment and MI for the baselines).
 *
 * @param distinctFraction distinct level-code tuples / items, before the collision code
 * @param collisionRate 1 - distinctFraction
 * @param uniqueFraction items whose level codes no other item shares / items
 */
public record TokenizerReport(
    TokenizerKind kind,
    int items,
    List<Level> levels,
    double distinctFraction,
    double collisionRate,
    double uniqueFraction,
    int collisionSize,
    List<Modality> modalities,
    List<Alignment> alignment,
    double fitSeconds) {

  /** Usage of one level's codebook: used codes / K and exp(entropy) of the code distribution. */
  public record Level(
      String name, int codebookSize, int used, double utilisation, double perplexity) {
    /** Stats of {@code codes} (codes outside [0, K) — e.g. the "absent" code — are skipped). */
    public static Level of(String name, int k, int[] codes) {
      long[] count = new long[k];
      long total = 0;
      for (int c : codes) {
        if (c >= 0 && c < k) {
          count[c]++;
          total++;
        }
      }
      int used = 0;
      double h = 0;
      for (long c : count) {
        if (c > 0) {
          used++;
          double p = c / (double) total;
          h -= p * Math.log(p);
        }
      }
      return new Level(name, k, used, used / (double) k, Math.exp(h));
    }
  }

  /**
   * Per modality: relative reconstruction error sum||x^ - x||^2 / sum||x||^2 over items that have
   * it; for DST also the MI estimates and the mean |Pearson| correlation between q_s and q_m dims.
   *
   * @param miEstimate CLUB with a linear-Gaussian variational net fitted in closed form on the
   *     final codes (comparable across runs)
   * @param trainingMiEstimate mean CLUB estimate of the trained variational net over the last epoch
   */
  public record Modality(
      String name,
      int items,
      double reconstructionError,
      Double miEstimate,
      Double trainingMiEstimate,
      Double sharedSpecificCorrelation) {}

  /** Mean cosine of z_a, z_b of the same item vs of random item pairs. */
  public record Alignment(String a, String b, double matchedCosine, double randomCosine) {}

  public static TokenizerReport of(
      TokenizerKind kind,
      SemanticIdTable table,
      int[] codebookSizes,
      List<Modality> modalities,
      List<Alignment> alignment,
      double fitSeconds) {
    List<Level> levels = new java.util.ArrayList<>();
    for (int l = 0; l < table.levels(); l++) {
      int[] codes = new int[table.items()];
      for (int i = 0; i < codes.length; i++) {
        codes[i] = table.code(i, l);
      }
      levels.add(Level.of(table.levelNames().get(l), codebookSizes[l], codes));
    }
    double distinct = table.distinctFraction();
    return new TokenizerReport(
        kind,
        table.items(),
        levels,
        distinct,
        1 - distinct,
        table.uniqueFraction(),
        table.collisionSize(),
        modalities,
        alignment,
        fitSeconds);
  }
}
