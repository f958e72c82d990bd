package dev.hisam.train.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.hisam.model.sasrec.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter, 2019) with bias correction and decoupled weight decay, applied in
 * place to a network's parameters:
 *
 * <pre>
 * p <- p - lr * wd * p            (only parameters marked for decay)
 * m <- b1 m + (1 - b1) g
 * v <- b2 v + (1 - b2) g^2
 * p <- p - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * </pre>
 *
 * The moment tensors live in the optimiser's own manager, created once (outside any step scope).
 * Zeroes the gradients after each step.
 */
public final class AdamW implements AutoCloseable {
  private final List<Parameters.Parameter> params;
  private final NDManager manager;
  private final List<NDArray> m = new ArrayList<>();
  private final List<NDArray> v = new ArrayList<>();
  private double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private int step;

  public AdamW(
      Parameters parameters,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    this.params = parameters.all();
    this.manager = parameters.manager().newSubManager();
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    for (Parameters.Parameter p : params) {
      m.add(manager.zeros(p.array().getShape()));
      v.add(manager.zeros(p.array().getShape()));
    }
  }

  /** Sets the learning rate of the following steps (schedules call this before each step). */
  public void setLearningRate(double newLr) {
    if (!(newLr >= 0 && newLr < 1)) {
      throw new IllegalArgumentException("learning rate must be in [0, 1): " + newLr);
    }
    this.lr = newLr;
  }

  public double learningRate() {
    return lr;
  }

  /** Steps taken so far. */
  public int steps() {
    return step;
  }

  /** The first and second moments, in parameter order (m of every tensor, then v): a copy. */
  public float[][] moments() {
    float[][] out = new float[2 * m.size()][];
    for (int i = 0; i < m.size(); i++) {
      out[i] = m.get(i).toFloatArray();
      out[m.size() + i] = v.get(i).toFloatArray();
    }
    return out;
  }

  /** Continues from a saved state: {@code steps} taken and the {@link #moments()} then. */
  public void restore(int steps, float[][] moments) {
    if (steps < 0 || moments.length != 2 * m.size()) {
      throw new IllegalArgumentException(
          "optimizer state has " + moments.length + " moments, expected " + 2 * m.size());
    }
    for (int i = 0; i < m.size(); i++) {
      if (moments[i].length != m.get(i).size() || moments[m.size() + i].length != v.get(i).size()) {
        throw new IllegalArgumentException("optimizer moment " + i + " has the wrong size");
      }
      m.get(i).set(moments[i]);
      v.get(i).set(moments[m.size() + i]);
    }
    this.step = steps;
  }

  /** One update from the gradients accumulated in the parameters; then zeroes them. */
  @SuppressWarnings("try") // the scope closes the step's temporaries
  public void step() {
    step++;
    float c1 = (float) (1 - Math.pow(beta1, step));
    float c2 = (float) (1 - Math.pow(beta2, step));
    try (NDScope scope = new NDScope()) {
      for (int i = 0; i < params.size(); i++) {
        Parameters.Parameter p = params.get(i);
        NDArray w = p.array();
        NDArray g = w.getGradient();
        if (p.decay() && weightDecay > 0) {
          w.muli((float) (1 - lr * weightDecay));
        }
        NDArray mi = m.get(i).muli((float) beta1).addi(g.mul((float) (1 - beta1)));
        NDArray vi = v.get(i).muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
        NDArray denom = vi.div(c2).sqrt().addi((float) eps);
        w.subi(mi.div(denom).muli((float) (lr / c1)));
        g.subi(g); // zero the accumulated gradient (PyTorch accumulates)
      }
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
