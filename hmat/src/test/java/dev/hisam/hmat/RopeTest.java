package dev.hisam.hmat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RopeTest {

  /**
   * dh = 4 split 2 + 2, base 100: dims (0, 1) rotate by a * 1, dims (2, 3) by b * 1 (each part has
   * one pair, frequency base^0 = 1). x = (1, 2, 3, 4), a = 1, b = 2: (1 cos1 - 2 sin1, 2 cos1 + 1
   * sin1, 3 cos2 - 4 sin2, 4 cos2 + 3 sin2).
   */
  @Test
  void rotatesEachPartByItsOwnPosition() {
    Rope rope = new Rope(4, 2, 100);
    try (NDManager m = NDManager.newBaseManager()) {
      float[] got = rotate(m, rope, new float[] {1, 2, 3, 4}, 1, 2);
      double c1 = Math.cos(1);
      double s1 = Math.sin(1);
      double c2 = Math.cos(2);
      double s2 = Math.sin(2);
      float[] want = {
        (float) (c1 - 2 * s1),
        (float) (2 * c1 + s1),
        (float) (3 * c2 - 4 * s2),
        (float) (4 * c2 + 3 * s2)
      };
      assertArrayEquals(want, got, 1e-6f);
    }
  }

  /**
   * q.k after rotation depends only on (a1 - a2, b1 - b2): shifting both item indices or both
   * within-item indices leaves every score unchanged, while changing one offset changes it.
   */
  @Test
  void hierarchicalScoresDependOnlyOnRelativeOffsets() {
    Rope rope = new Rope(16, 8, 10000);
    SplittableRandom r = new SplittableRandom(9);
    try (NDManager m = NDManager.newBaseManager()) {
      for (int trial = 0; trial < 20; trial++) {
        float[] q = new float[16];
        float[] k = new float[16];
        for (int i = 0; i < 16; i++) {
          q[i] = (float) r.nextGaussian();
          k[i] = (float) r.nextGaussian();
        }
        int a1 = r.nextInt(50);
        int a2 = r.nextInt(50);
        int b1 = r.nextInt(5);
        int b2 = r.nextInt(5);
        double base = score(m, rope, q, k, a1, b1, a2, b2);
        int u = 1 + r.nextInt(200);
        int w = 1 + r.nextInt(7);
        assertEquals(base, score(m, rope, q, k, a1 + u, b1, a2 + u, b2), 1e-3);
        assertEquals(base, score(m, rope, q, k, a1, b1 + w, a2, b2 + w), 1e-3);
        assertEquals(base, score(m, rope, q, k, a1 + u, b1 + w, a2 + u, b2 + w), 1e-3);
        double moved = score(m, rope, q, k, a1 + 1, b1, a2, b2);
        double movedWithin = score(m, rope, q, k, a1, b1 + 1, a2, b2);
        assertTrue(Math.abs(moved - base) > 1e-4, "item offset must matter");
        assertTrue(Math.abs(movedWithin - base) > 1e-4, "within-item offset must matter");
      }
    }
  }

  /** The split follows the config: half of a 16-wide head, and the whole head for 1-D RoPE. */
  @Test
  void splitFollowsConfig() {
    HmatConfig c = Fixtures.tiny(true, true).withMaxItems(4); // dh = 8
    assertEquals(4, c.itemRotaryDims());
    assertEquals(8, c.withSwitches(false, true).itemRotaryDims());
  }

  private static double score(
      NDManager m, Rope rope, float[] q, float[] k, int a1, int b1, int a2, int b2) {
    float[] rq = rotate(m, rope, q, a1, b1);
    float[] rk = rotate(m, rope, k, a2, b2);
    double s = 0;
    for (int i = 0; i < rq.length; i++) {
      s += (double) rq[i] * rk[i];
    }
    return s;
  }

  private static float[] rotate(NDManager m, Rope rope, float[] x, int a, int b) {
    float[][] t = rope.table(new int[] {a}, new int[] {b});
    int dh = x.length;
    NDArray out =
        rope.rotate(
            m.create(x, new Shape(1, dh)),
            m.create(t[0], new Shape(1, dh)),
            m.create(t[1], new Shape(1, dh)));
    return out.toFloatArray();
  }
}
