package dev.hisam.hmat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hisam.model.sasrec.SasRecConfig;
import dev.hisam.tokenizer.SemanticIdTable;
import java.util.List;
import java.util.SplittableRandom;

/** Small vocabularies, configs and random tensors shared by the tests. */
final class Fixtures {
  private Fixtures() {}

  /**
   * 30 items over levels of 5, 4 and 3 codes; items 0-2 share codes (5 * 4 * 3 = 60 tuples, so
   * random items collide now and then as well), so the collision code is decoded as a 4th level.
   */
  static SidVocabulary vocabulary() {
    SplittableRandom r = new SplittableRandom(11);
    int[][] codes = new int[30][];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = i < 3 ? new int[] {1, 2, 0} : new int[] {r.nextInt(5), r.nextInt(4), r.nextInt(3)};
    }
    return new SidVocabulary(
        SemanticIdTable.of(List.of("s1", "s2", "t"), new int[] {5, 4, 3}, codes));
  }

  /** A tiny network shape with the given switches and no dropout. */
  static HmatConfig tiny(boolean hierarchicalRope, boolean anchors) {
    return tiny(hierarchicalRope, anchors, false);
  }

  /** As {@link #tiny(boolean, boolean)}, with anchors that carry their items' codes or not. */
  static HmatConfig tiny(boolean hierarchicalRope, boolean anchors, boolean anchorContent) {
    return tiny(hierarchicalRope, anchors, anchorContent, false);
  }

  /** As {@link #tiny(boolean, boolean, boolean)}, with a per-item table on the history anchors. */
  static HmatConfig tiny(
      boolean hierarchicalRope, boolean anchors, boolean anchorContent, boolean historyItemIds) {
    return new HmatConfig(
        16,
        2,
        2,
        32,
        0.0,
        12,
        0.5,
        10000,
        hierarchicalRope,
        anchors,
        SasRecConfig.Activation.GELU,
        0.2,
        anchorContent,
        historyItemIds);
  }

  static NDArray gaussian(NDManager m, SplittableRandom r, long... dims) {
    Shape shape = new Shape(dims);
    float[] v = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return m.create(v, shape);
  }

  static int[] randomItems(SplittableRandom r, int n, int items) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = r.nextInt(items);
    }
    return out;
  }
}
