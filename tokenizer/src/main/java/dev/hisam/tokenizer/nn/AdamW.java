package dev.hisam.tokenizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.hisam.core.nd.NdOps;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter) over a group of NDArray parameters, updated in place outside the
 * gradient collector; zeroes the group's gradients after each step. State lives in the parameters'
 * manager, created once.
 */
public final class AdamW {
  private final double lr;
  private final double weightDecay;
  private final double beta1 = 0.9;
  private final double beta2 = 0.999;
  private final double eps = 1e-8;
  private final List<NDArray> params = new ArrayList<>();
  private final List<Boolean> decay = new ArrayList<>();
  private final List<NDArray> m = new ArrayList<>();
  private final List<NDArray> v = new ArrayList<>();
  private final double clipNorm;
  private int t;
  private int skipped;

  /** AdamW with global gradient-norm clipping at {@code clipNorm} (0 = none). */
  public AdamW(double lr, double weightDecay, double clipNorm) {
    this.lr = lr;
    this.weightDecay = weightDecay;
    this.clipNorm = clipNorm;
  }

  /** Steps skipped because the gradient was not finite. */
  public int skipped() {
    return skipped;
  }

  public void add(NDArray p, boolean decayed) {
    params.add(p);
    decay.add(decayed);
    m.add(p.zerosLike());
    v.add(p.zerosLike());
  }

  /**
   * 0 * (sum of every parameter): added to a loss so that each parameter of the group is in the
   * graph and has a gradient after backward, even when a batch leaves it unused.
   */
  public NDArray touch() {
    NDArray s = null;
    for (NDArray p : params) {
      NDArray t = p.sum();
      s = s == null ? t : s.add(t);
    }
    return NdOps.mul(s, 0f);
  }

  public void step() {
    double scale = 1;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray sq = null;
      for (NDArray p : params) {
        NDArray s = p.getGradient().square().sum();
        sq = sq == null ? s : sq.add(s);
      }
      double norm = Math.sqrt(sq.getFloat());
      if (!Double.isFinite(norm)) {
        skipped++;
        for (NDArray p : params) {
          p.getGradient().muli(0f);
        }
        return;
      }
      if (clipNorm > 0 && norm > clipNorm) {
        scale = clipNorm / norm;
      }
    }
    t++;
    float bc1 = (float) (1 - Math.pow(beta1, t));
    float bc2 = (float) (1 - Math.pow(beta2, t));
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (int i = 0; i < params.size(); i++) {
        NDArray p = params.get(i);
        NDArray g = p.getGradient();
        if (scale != 1) {
          g.muli((float) scale);
        }
        m.get(i).muli((float) beta1).addi(g.mul((float) (1 - beta1)));
        v.get(i).muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
        if (decay.get(i) && weightDecay > 0) {
          p.muli((float) (1 - lr * weightDecay));
        }
        NDArray update =
            m.get(i).div(bc1).divi(v.get(i).div(bc2).sqrt().addi((float) eps)).muli((float) lr);
        p.subi(update);
        g.muli(0f);
      }
    }
  }
}
