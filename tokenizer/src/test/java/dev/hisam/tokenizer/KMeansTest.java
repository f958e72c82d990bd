package dev.hisam.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KMeansTest {
  @Test
  void findsHandMadeClusters() {
    // three tight clusters of 4 points around (0,0), (10,0), (0,10): offsets +-0.1
    float[][] centres = {{0, 0}, {10, 0}, {0, 10}};
    float[][][] offsets = {{{0.1f, 0}, {-0.1f, 0}, {0, 0.1f}, {0, -0.1f}}};
    float[][] x = new float[12][];
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < 4; p++) {
        x[c * 4 + p] =
            new float[] {centres[c][0] + offsets[0][p][0], centres[c][1] + offsets[0][p][1]};
      }
    }
    float[][] got = KMeans.fit(x, 3, 20, new SplittableRandom(5));
    int[] assign = KMeans.assign(got, x);
    for (int c = 0; c < 3; c++) {
      int code = assign[c * 4];
      for (int p = 0; p < 4; p++) {
        assertEquals(code, assign[c * 4 + p]);
      }
      // the offsets cancel: the centroid is the centre exactly
      assertArrayEquals(centres[c], got[code], 1e-5f);
    }
    assertNotEquals(assign[0], assign[4]);
    assertNotEquals(assign[4], assign[8]);
    assertNotEquals(assign[0], assign[8]);
  }

  @Test
  void nearestBreaksTiesTowardsTheLowestIndex() {
    float[][] c = {{1, 0}, {-1, 0}, {0, 1}};
    // (0,0) is at distance 1 from all three
    assertEquals(0, KMeans.nearest(c, new float[] {0, 0}));
    assertEquals(2, KMeans.nearest(c, new float[] {0.1f, 0.9f}));
  }

  @Test
  void quantizeInPlaceLeavesTheResidual() {
    float[][] c = {{1, 1}, {5, 5}};
    float[][] r = {{4.5f, 6f}, null};
    float[][] sum = {{0, 0}, {0, 0}};
    int[] codes = KMeans.quantizeInPlace(c, r, sum);
    // nearest to (4.5, 6) is (5, 5): residual (-0.5, 1)
    assertArrayEquals(new int[] {1, -1}, codes);
    assertArrayEquals(new float[] {-0.5f, 1f}, r[0], 1e-6f);
    assertArrayEquals(new float[] {5f, 5f}, sum[0], 1e-6f);
  }

  @Test
  void fewerPointsThanCentroidsStillGivesKCentroids() {
    float[][] x = {{0, 0}, {1, 1}};
    assertEquals(4, KMeans.fit(x, 4, 5, new SplittableRandom(1)).length);
  }

  @Test
  void fastAssignmentAgreesWithTheSlowNearest() {
    SplittableRandom r = new SplittableRandom(9);
    float[][] c = new float[17][13];
    float[][] x = new float[200][13];
    for (float[][] m : new float[][][] {c, x}) {
      for (float[] row : m) {
        for (int j = 0; j < row.length; j++) {
          row[j] = (float) r.nextGaussian();
        }
      }
    }
    int[] fast = KMeans.assign(c, x);
    for (int i = 0; i < x.length; i++) {
      assertEquals(KMeans.nearest(c, x[i]), fast[i]);
    }
  }

  @Test
  void balancedClustersHaveEqualSizesAndAreTheMeansOfTheirPoints() {
    SplittableRandom r = new SplittableRandom(4);
    float[][] x = new float[103][5];
    for (float[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) r.nextGaussian();
      }
      row[0] *= 4; // one long axis, where plain k-means would not cut equal slices
    }
    KMeans.Balanced b = KMeans.balanced(x, 8, 10, new SplittableRandom(1));
    int[] size = new int[8];
    double[][] sum = new double[8][5];
    for (int i = 0; i < x.length; i++) {
      size[b.assignment()[i]]++;
      for (int j = 0; j < 5; j++) {
        sum[b.assignment()[i]][j] += x[i][j];
      }
    }
    int sevenOf13 = 0;
    for (int c = 0; c < 8; c++) {
      assertTrue(size[c] == 12 || size[c] == 13, "cluster " + c + " has " + size[c]);
      sevenOf13 += size[c] == 13 ? 1 : 0;
      for (int j = 0; j < 5; j++) {
        assertEquals(sum[c][j] / size[c], b.centroids()[c][j], 1e-5);
      }
    }
    assertEquals(103 % 8, sevenOf13);
    assertArrayEquals(
        b.centroids(), KMeans.balanced(x, 8, 10, new SplittableRandom(1)).centroids());
  }

  @Test
  void balancedRecoversEqualSeparatedClusters() {
    // four clusters of 6 points each, far apart: the balanced quota is exactly one cluster
    SplittableRandom r = new SplittableRandom(8);
    float[][] x = new float[24][2];
    for (int i = 0; i < 24; i++) {
      int g = i % 4;
      x[i][0] = 100 * (g % 2) + (float) r.nextGaussian();
      x[i][1] = 100 * (g / 2) + (float) r.nextGaussian();
    }
    int[] a = KMeans.balanced(x, 4, 20, new SplittableRandom(2)).assignment();
    for (int i = 4; i < 24; i++) {
      assertEquals(a[i % 4], a[i], "point " + i);
    }
    assertEquals(4, java.util.Arrays.stream(a).distinct().count());
  }

  @Test
  void balancedNeedsAtLeastKPoints() {
    float[][] x = {{0, 0}, {1, 1}};
    assertThrows(
        IllegalArgumentException.class, () -> KMeans.fitBalanced(x, 4, 5, new SplittableRandom(1)));
  }
}
