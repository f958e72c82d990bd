package dev.hisam.model.sasrec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TransformerBlockTest {

  /**
   * Two sequences (lengths 4 and 2, so the second has 2 padded positions), D=4, 2 heads, FFN 6: the
   * block's output at every real position equals the loop reference in doubles.
   */
  @ParameterizedTest
  @EnumSource(SasRecConfig.Activation.class)
  void blockMatchesLoopReference(SasRecConfig.Activation act) {
    SasRecConfig c = new SasRecConfig(4, 1, 2, 6, 0.0, 8, act, 0.5);
    int t = 4;
    int d = 4;
    int[] lengths = {4, 2};
    try (Parameters p = new Parameters(NDManager.newBaseManager())) {
      SplittableRandom random = new SplittableRandom(7);
      TransformerBlock block = new TransformerBlock(p, "b", c, random);
      // non-trivial layer norm parameters, so that gamma/beta are checked too
      p.get("b.attnNorm.gamma").set(new float[] {1.5f, 0.5f, -1f, 2f});
      p.get("b.ffnNorm.beta").set(new float[] {0.1f, -0.2f, 0.3f, 0f});
      float[] x = new float[2 * t * d];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) random.nextGaussian();
      }
      float[][][] seqs = {new float[t][d], new float[t][d]};
      float[] bias =
          SequenceBatch.training(
                  new int[][] {{0, 1, 2, 3}, {0, 1}}, new int[][] {{0, 1, 2, 3}, {0, 1}}, 9)
              .attentionBias();
      NDManager m = p.manager();
      NDArray out =
          block.forward(
              m.create(x, new Shape(2, t, d)), m.create(bias, new Shape(2, 1, t, t)), false);
      float[] got = out.toFloatArray();
      for (int b = 0; b < 2; b++) {
        double[][] in = new double[t][d];
        for (int i = 0; i < t; i++) {
          for (int k = 0; k < d; k++) {
            in[i][k] = x[(b * t + i) * d + k];
            seqs[b][i][k] = x[(b * t + i) * d + k];
          }
        }
        double[][] want = Reference.block(in, t - lengths[b], p, "b", 2, act);
        for (int i = t - lengths[b]; i < t; i++) {
          for (int k = 0; k < d; k++) {
            assertEquals(
                want[i][k], got[(b * t + i) * d + k], 1e-4, "b=" + b + " t=" + i + " k=" + k);
          }
        }
      }
    }
  }
}
