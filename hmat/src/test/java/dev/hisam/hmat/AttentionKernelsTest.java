package dev.hisam.hmat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AttentionKernelsTest {
  static final int B = 2;
  static final int H = 2;
  static final int N = 4;
  static final int P = 3;
  static final int T = N * P;
  static final int DH = 4;
  static final int[] REAL = {4, 2}; // row 1 has 2 padded item slots on the left

  /**
   * The rule of DESIGN.md 2.2, written independently of the kernels: query token (i, p) may read
   * key token (j, q) iff the key's item is real and either both are in the same item with q <= p,
   * or the key is the anchor (q = P - 1) of an earlier item j < i.
   */
  static boolean allowed(int row, int query, int key) {
    int i = query / P;
    int p = query % P;
    int j = key / P;
    int q = key % P;
    boolean realKey = j >= N - REAL[row];
    return realKey && ((i == j && q <= p) || (q == P - 1 && j < i));
  }

  static boolean realQuery(int row, int query) {
    return query / P >= N - REAL[row];
  }

  static NDArray anchorBias(NDManager m) {
    float[] bias = new float[B * N * N];
    for (int r = 0; r < B; r++) {
      for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
          boolean see = j < i && j >= N - REAL[r];
          bias[(r * N + i) * N + j] = see ? 0 : AttentionKernels.MASKED;
        }
      }
    }
    return m.create(bias, new Shape(B, 1, N, 1, N));
  }

  static NDArray referenceBias(NDManager m) {
    float[] bias = new float[B * T * T];
    for (int r = 0; r < B; r++) {
      for (int a = 0; a < T; a++) {
        for (int c = 0; c < T; c++) {
          bias[(r * T + a) * T + c] = allowed(r, a, c) ? 0 : AttentionKernels.MASKED;
        }
      }
    }
    return m.create(bias, new Shape(B, 1, T, T));
  }

  static NDArray sparse(NDManager m, NDArray q, NDArray k, NDArray v) {
    NDArray intra = m.create(Hmat.causal(P), new Shape(P, P));
    return AttentionKernels.memoryAnchor(q, k, v, N, P, intra, anchorBias(m), 0f, false);
  }

  /**
   * With V = identity the kernel's output row is its attention distribution: every real query puts
   * positive weight exactly on the keys the rule allows and exactly 0 elsewhere.
   */
  @Test
  void anchorMaskEqualsTheRule() {
    try (NDManager m = NDManager.newBaseManager()) {
      SplittableRandom r = new SplittableRandom(3);
      NDArray q = Fixtures.gaussian(m, r, B, H, T, DH);
      NDArray k = Fixtures.gaussian(m, r, B, H, T, DH);
      NDArray v = m.eye(T).reshape(1, 1, T, T).broadcast(B, H, T, T);
      float[] w = sparse(m, q, k, v).toFloatArray(); // [B, H, T, T]
      int allowedPairs = 0;
      for (int row = 0; row < B; row++) {
        for (int h = 0; h < H; h++) {
          for (int a = 0; a < T; a++) {
            if (!realQuery(row, a)) {
              continue;
            }
            double sum = 0;
            for (int c = 0; c < T; c++) {
              float x = w[((row * H + h) * T + a) * T + c];
              sum += x;
              if (allowed(row, a, c)) {
                assertTrue(x > 0, "row " + row + " q " + a + " k " + c + " should be read");
                allowedPairs++;
              } else {
                assertEquals(0f, x, "row " + row + " q " + a + " k " + c + " must be masked");
              }
            }
            assertEquals(1.0, sum, 1e-5);
          }
        }
      }
      // row 0: item i's 3 queries read 1 + 2 + 3 = 6 own tokens and i anchors each: sum over
      // i = 0..3 of (6 + 3i) = 24 + 18 = 42; row 1 (items 2, 3 real): 6 + (6 + 3) = 15. 2 heads.
      assertEquals(2 * (42 + 15), allowedPairs);
    }
  }

  /** Sparse memory-anchor attention equals dense attention under the rule's T x T mask. */
  @Test
  void sparseEqualsDenseForwardAndGradients() {
    try (NDManager m = NDManager.newBaseManager()) {
      SplittableRandom r = new SplittableRandom(5);
      NDArray q0 = Fixtures.gaussian(m, r, B, H, T, DH);
      NDArray k0 = Fixtures.gaussian(m, r, B, H, T, DH);
      NDArray v0 = Fixtures.gaussian(m, r, B, H, T, DH);
      float[] g = new float[B * H * T * DH]; // upstream gradient, zero on padded queries
      for (int row = 0; row < B; row++) {
        for (int h = 0; h < H; h++) {
          for (int a = 0; a < T; a++) {
            for (int e = 0; e < DH; e++) {
              g[((row * H + h) * T + a) * DH + e] =
                  realQuery(row, a) ? (float) r.nextGaussian() : 0f;
            }
          }
        }
      }
      NDArray upstream = m.create(g, new Shape(B, H, T, DH));
      float[][] s = run(m, q0, k0, v0, upstream, true);
      float[][] d = run(m, q0, k0, v0, upstream, false);
      for (int part = 0; part < 4; part++) {
        for (int i = 0; i < s[part].length; i++) {
          if (part == 0 && g[i] == 0f) {
            continue; // padded queries: the rule gives them no keys, the kernel their own item
          }
          assertEquals(d[part][i], s[part][i], 1e-5, "part " + part + " index " + i);
        }
      }
    }
  }

  /** {output, dq, dk, dv} of one kernel under loss = sum(output * upstream). */
  private static float[][] run(
      NDManager m, NDArray q0, NDArray k0, NDArray v0, NDArray upstream, boolean sparse) {
    NDArray q = q0.duplicate();
    NDArray k = k0.duplicate();
    NDArray v = v0.duplicate();
    q.setRequiresGradient(true);
    k.setRequiresGradient(true);
    v.setRequiresGradient(true);
    float[] out;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray o =
          sparse
              ? sparse(m, q, k, v)
              : AttentionKernels.dense(q, k, v, referenceBias(m), 0f, false);
      out = o.toFloatArray();
      gc.backward(o.mul(upstream).sum());
    }
    return new float[][] {
      out,
      q.getGradient().toFloatArray(),
      k.getGradient().toFloatArray(),
      v.getGradient().toFloatArray()
    };
  }
}
