package dev.hisam.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DiagnosticsTest {
  @Test
  void levelUtilisationAndPerplexity() {
    // codes 0,0,1,1 of K=4 (code 4 = absent, skipped): 2 used -> 0.5; p = (1/2, 1/2) -> exp(ln 2) =
    // 2
    TokenizerReport.Level l = TokenizerReport.Level.of("a", 4, new int[] {0, 0, 1, 1, 4});
    assertEquals(2, l.used());
    assertEquals(0.5, l.utilisation(), 1e-12);
    assertEquals(2.0, l.perplexity(), 1e-12);
  }

  @Test
  void relativeErrorOnHandWorkedValues() {
    // x = (3,4) |x|^2 = 25, xhat = (3,3): error 1 -> 1/25; null rows skipped
    assertEquals(
        0.04,
        Diagnostics.relativeError(new float[][] {{3, 4}, null}, new float[][] {{3, 3}, {1, 1}}),
        1e-9);
  }

  @Test
  void linearClubIsNearZeroForIndependentAndLargeForDependent() {
    SplittableRandom r = new SplittableRandom(1);
    int n = 2000;
    float[][] x = new float[n][2];
    float[][] indep = new float[n][2];
    float[][] dep = new float[n][2];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 2; j++) {
        x[i][j] = (float) r.nextGaussian();
        indep[i][j] = (float) r.nextGaussian();
        dep[i][j] = x[i][j] + 0.1f * (float) r.nextGaussian();
      }
    }
    // y = x + 0.1 noise: per dim (E(y-mu)^2 over pairs ~ 2 var(x) ... ) / (2 * 0.01) ~ 100 per dim
    assertTrue(Diagnostics.linearClub(x, dep) > 50);
    assertEquals(0, Diagnostics.linearClub(x, indep), 0.05);
    assertEquals(1.0, Diagnostics.meanAbsCorrelation(x, x) * 2, 0.05); // diag 1, off-diag ~0
    assertTrue(Diagnostics.meanAbsCorrelation(x, indep) < 0.05);
  }

  @Test
  void matchedVersusRandomCosine() {
    float[][] a = {{1, 0}, {0, 1}, {1, 0}, {0, 1}, null};
    float[][] b = {{1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 1}};
    double[] mr = Diagnostics.matchedVsRandom(a, b, new SplittableRandom(3));
    assertEquals(1.0, mr[0], 1e-6);
    assertTrue(mr[1] < 1.0);
  }
}
