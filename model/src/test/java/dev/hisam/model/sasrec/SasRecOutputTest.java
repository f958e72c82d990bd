package dev.hisam.model.sasrec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tied versus untied output layer: logits equal h . E^T (+ b) computed by hand. */
class SasRecOutputTest {
  static final int N = 7;

  @SuppressWarnings("try")
  private static void checkLogits(boolean tied, boolean itemBias) {
    SasRecConfig c =
        new SasRecConfig(4, 1, 1, 8, 0.0, 5, SasRecConfig.Activation.GELU, 0.5, tied, itemBias);
    try (SasRec net = new SasRec(c, N, new SplittableRandom(11));
        NDScope scope = new NDScope()) {
      boolean hasBias = itemBias || !tied;
      if (hasBias) {
        // a non-zero bias so that a missing "+ b" would show
        net.parameters().get("outputBias").addi(net.manager().arange(0f, N, 1f));
      }
      SequenceBatch b = SequenceBatch.inference(new int[][] {{1, 4, 2}}, net.padToken(), 5);
      float[] h = net.rowHidden(b, false).toFloatArray(); // [1 * D]
      float[] logits = net.logits(b, false).toFloatArray(); // [1 * N]
      String matrix = tied ? "tokenEmbedding" : "outputEmbedding";
      float[] e = net.parameters().get(matrix).toFloatArray(); // [rows * D]
      float[] bias = hasBias ? net.parameters().get("outputBias").toFloatArray() : new float[N];
      float[] expected = new float[N];
      for (int i = 0; i < N; i++) {
        double dot = bias[i];
        for (int k = 0; k < 4; k++) {
          dot += (double) h[k] * e[i * 4 + k];
        }
        expected[i] = (float) dot;
      }
      assertArrayEquals(expected, logits, 1e-5f);
      int params = 0;
      for (Parameters.Parameter p : net.parameters().all()) {
        NDArray a = p.array();
        params += (int) a.size();
      }
      // untied adds an N x D matrix, the bias N numbers
      assertEquals((tied ? 0 : N * 4) + (hasBias ? N : 0), params - baseParams());
    }
  }

  private static int baseParams() {
    SasRecConfig c = new SasRecConfig(4, 1, 1, 8, 0.0, 5, SasRecConfig.Activation.GELU, 0.5);
    try (SasRec net = new SasRec(c, N, new SplittableRandom(11))) {
      int n = 0;
      for (Parameters.Parameter p : net.parameters().all()) {
        n += (int) p.array().size();
      }
      return n;
    }
  }

  @Test
  void tiedLogitsUseTheInputEmbeddings() {
    checkLogits(true, false);
  }

  @Test
  void tiedLogitsWithItemBiasAddIt() {
    checkLogits(true, true);
  }

  @Test
  void untiedLogitsUseTheirOwnMatrixAndBias() {
    checkLogits(false, false);
  }
}
