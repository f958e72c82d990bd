package dev.hisam.tokenizer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.core.Seeds;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The MI term does what it is for: on the same data and seed, less shared/specific dependence. */
@Tag("smoke")
class DisentanglementTest {
  static DstConfig config(MiPenalty p, double weight) {
    return new DstConfig(
        2, 1, 16, 16, 32, 0.1, true, 1.0, 0.1, 1.0, 0.25, p, weight, 32, 3e-3, 3e-3, 1e-4, 64, 25,
        5, 5);
  }

  @Test
  void defaultMiTermLowersMiEstimateAndCorrelation() {
    TokenizerInput input = Synthetic.make(600, 6, 5, new int[] {24, 40}, 0.0, 11);
    TokenizerReport on =
        new Dst(config(MiPenalty.CLUB, DstConfig.defaults().miWeight()))
            .fit(input, new Seeds(5), TokenizerProgress.NONE)
            .report();
    TokenizerReport off =
        new Dst(config(MiPenalty.NONE, 0.0))
            .fit(input, new Seeds(5), TokenizerProgress.NONE)
            .report();
    for (int m = 0; m < 2; m++) {
      TokenizerReport.Modality a = on.modalities().get(m);
      TokenizerReport.Modality b = off.modalities().get(m);
      assertTrue(a.miEstimate() < b.miEstimate(), a.miEstimate() + " vs " + b.miEstimate());
      assertTrue(
          a.sharedSpecificCorrelation() < b.sharedSpecificCorrelation(),
          a.sharedSpecificCorrelation() + " vs " + b.sharedSpecificCorrelation());
    }
  }
}
