package dev.hisam.encode.attributes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.encode.Progress;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AttributeEncoderTest {

  private static double dot(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
    }
    return d;
  }

  @Test
  void idfIsSmoothed() {
    // N = 3, df = 1: ln(4/2) + 1 = 1.693147...; df = 3: ln(4/4) + 1 = 1
    assertEquals(Math.log(2) + 1, AttributeEncoder.idf(3, 1), 1e-12);
    assertEquals(1.0, AttributeEncoder.idf(3, 3), 1e-12);
  }

  @Test
  void projectionPreservesTfIdfCosineWithinJlTolerance() {
    // exact TF-IDF cosine vs projected cosine over random bags; dim 2048 -> error ~ 1/sqrt(2048)
    AttributeEncoder enc = new AttributeEncoder(new AttributeEncoderConfig(2048, 1.0 / 3, 5));
    SplittableRandom rnd = new SplittableRandom(3);
    int n = 40;
    int vocab = 30;
    int[][] bags = new int[n][];
    for (int i = 0; i < n; i++) {
      bags[i] = rnd.ints(1 + rnd.nextInt(6), 0, vocab).toArray();
    }
    float[][] out = enc.encode(bags, Progress.NONE);
    int[] df = new int[vocab];
    for (int[] bag : bags) {
      Arrays.stream(bag).distinct().forEach(a -> df[a]++);
    }
    double[][] tfidf = new double[n][vocab];
    for (int i = 0; i < n; i++) {
      for (int a : bags[i]) {
        tfidf[i][a] += AttributeEncoder.idf(n, df[a]);
      }
    }
    double worst = 0;
    for (int i = 0; i < n; i++) {
      assertEquals(1.0, dot(out[i], out[i]), 1e-5);
      for (int j = i + 1; j < n; j++) {
        double num = 0;
        double ni = 0;
        double nj = 0;
        for (int a = 0; a < vocab; a++) {
          num += tfidf[i][a] * tfidf[j][a];
          ni += tfidf[i][a] * tfidf[i][a];
          nj += tfidf[j][a] * tfidf[j][a];
        }
        worst = Math.max(worst, Math.abs(num / Math.sqrt(ni * nj) - dot(out[i], out[j])));
      }
    }
    assertTrue(worst < 0.15, "worst cosine distortion " + worst);
  }

  @Test
  void seededAndStableUnderCatalogueOrderEmptyBagsAreMissing() {
    AttributeEncoder enc = new AttributeEncoder(new AttributeEncoderConfig(64, 0.5, 9));
    float[][] a = enc.encode(new int[][] {{1, 2}, {}, {3}}, Progress.NONE);
    float[][] b = enc.encode(new int[][] {{3}, {1, 2}, {}}, Progress.NONE);
    assertNull(a[1]);
    assertArrayEquals(a[0], b[1]);
    assertArrayEquals(a[2], b[2 - 2]);
    float[][] other =
        new AttributeEncoder(new AttributeEncoderConfig(64, 0.5, 10))
            .encode(new int[][] {{1, 2}, {}, {3}}, Progress.NONE);
    assertFalse(Arrays.equals(a[0], other[0]));
  }
}
