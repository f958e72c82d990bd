package dev.hisam.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hisam.eval.ClassificationMetrics.CtrMetrics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
  @Test
  void handWorkedAucWithTies() {
    float[] s = {0.9f, 0.8f, 0.8f, 0.5f, 0.5f, 0.1f};
    boolean[] y = {true, true, false, true, false, false};
    // 3 positives x 3 negatives = 9 pairs:
    // pos 0.9 beats 0.8, 0.5, 0.1 -> 3; pos 0.8 ties 0.8, beats 0.5, 0.1 -> 2.5;
    // pos 0.5 loses to 0.8, ties 0.5, beats 0.1 -> 1.5; total 7 / 9.
    // Rank sum: ascending ranks 0.1->1, 0.5->2.5 (x2), 0.8->4.5 (x2), 0.9->6;
    // positives 2.5 + 4.5 + 6 = 13; U = 13 - 3*4/2 = 7.
    assertEquals(7.0 / 9, ClassificationMetrics.auc(s, y), 1e-15);
  }

  @Test
  void allTiedIsOneHalfAndOneClassIsNaN() {
    assertEquals(
        0.5, ClassificationMetrics.auc(new float[] {1, 1, 1}, new boolean[] {true, false, true}));
    assertEquals(
        0.5, ClassificationMetrics.auc(new float[] {0.0f, -0.0f}, new boolean[] {true, false}));
    assertEquals(
        Double.NaN, ClassificationMetrics.auc(new float[] {1, 2}, new boolean[] {true, true}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ClassificationMetrics.auc(new float[] {Float.NaN, 1}, new boolean[] {true, false}));
  }

  @Test
  void handWorkedGauc() {
    float[] s = {0.9f, 0.8f, 0.8f, 0.3f, 0.6f, 0.3f, 0.1f, 0.7f, 0.2f, 0.4f};
    boolean[] y = {true, false, true, true, false, false, false, true, false, false};
    int[] u = {0, 0, 0, 1, 1, 1, 1, 2, 5, 5};
    // user 0 (3 impressions): pos 0.9 > neg 0.8 -> 1; pos 0.8 = neg 0.8 -> 0.5; AUC 1.5/2 = 0.75
    // user 1 (4): pos 0.3 vs negs 0.6, 0.3, 0.1 -> 0 + 0.5 + 1; AUC 1.5/3 = 0.5
    // user 2: positives only, user 5: negatives only -> left out
    // GAUC = (3 x 0.75 + 4 x 0.5) / (3 + 4) = 4.25 / 7
    CtrMetrics m = ClassificationMetrics.of(s, y, u);
    assertEquals(4.25 / 7, m.gauc(), 1e-15);
    assertEquals(2, m.gaucUsers());
    assertEquals(7, m.gaucExamples());
    assertEquals(10, m.examples());
    assertEquals(4, m.positives());
    assertEquals(ClassificationMetrics.auc(s, y), m.auc());
    assertEquals(4.25 / 7, ClassificationMetrics.gauc(s, y, u), 1e-15);
  }

  /** O(n^2) reference: every (positive, negative) pair, ties count one half. */
  private static double pairwise(float[] s, boolean[] y, int[] u, int user) {
    double won = 0;
    long pairs = 0;
    for (int i = 0; i < s.length; i++) {
      for (int j = 0; j < s.length; j++) {
        if ((user < 0 || (u[i] == user && u[j] == user)) && y[i] && !y[j]) {
          pairs++;
          won += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
      }
    }
    return pairs == 0 ? Double.NaN : won / pairs;
  }

  @Test
  void matchesPairwiseReferenceWithManyTies() {
    SplittableRandom r = new SplittableRandom(11);
    for (int trial = 0; trial < 300; trial++) {
      int n = 1 + r.nextInt(80);
      int users = 1 + r.nextInt(6);
      int levels = 1 + r.nextInt(6);
      float[] s = new float[n];
      boolean[] y = new boolean[n];
      int[] u = new int[n];
      for (int i = 0; i < n; i++) {
        s[i] = r.nextInt(levels) * 0.25f - 0.5f;
        y[i] = r.nextInt(3) == 0;
        u[i] = r.nextInt(users);
      }
      double expected = pairwise(s, y, u, -1);
      assertEquals(expected, ClassificationMetrics.auc(s, y), 1e-12, "trial " + trial);
      double weighted = 0;
      int weight = 0;
      for (int user = 0; user < users; user++) {
        double a = pairwise(s, y, u, user);
        if (!Double.isNaN(a)) {
          int impressions = 0;
          for (int x : u) {
            impressions += x == user ? 1 : 0;
          }
          weighted += impressions * a;
          weight += impressions;
        }
      }
      double gauc = weight == 0 ? Double.NaN : weighted / weight;
      assertEquals(gauc, ClassificationMetrics.gauc(s, y, u), 1e-12, "trial " + trial);
    }
  }
}
