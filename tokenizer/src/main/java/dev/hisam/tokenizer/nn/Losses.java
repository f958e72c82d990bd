package dev.hisam.tokenizer.nn;

import ai.djl.ndarray.NDArray;
import dev.hisam.core.nd.NdOps;

/** The DST loss terms over NDArrays (all differentiable). */
public final class Losses {
  private Losses() {}

  /**
   * Symmetric InfoNCE between unit rows {@code a}, {@code b} [n, d] (row i of each is the positive
   * pair): (CE(a -> b) + CE(b -> a)) / 2 with logits a b^T / tau.
   */
  public static NDArray infoNce(NDArray a, NDArray b, double tau) {
    long n = a.getShape().get(0);
    NDArray logits = NdOps.div(a.matMul(b.transpose()), (float) tau); // [n, n]
    NDArray eye = a.getManager().eye((int) n);
    NDArray ab = logits.logSoftmax(1).mul(eye).sum(); // sum_i log p(b_i | a_i)
    NDArray ba = logits.logSoftmax(0).mul(eye).sum(); // sum_i log p(a_i | b_i)
    return NdOps.div(ab.add(ba), -2f * n);
  }

  /** Wang–Isola uniformity: log mean_{i != j} exp(-t ||z_i - z_j||^2), t = 2. [n, d] -> scalar */
  public static NDArray uniformity(NDArray z) {
    long n = z.getShape().get(0);
    NDArray sq = z.square().sum(new int[] {1}, true); // [n, 1]
    NDArray d2 =
        NdOps.maximum(sq.add(sq.transpose()).sub(NdOps.mul(z.matMul(z.transpose()), 2f)), 0f);
    NDArray e = NdOps.mul(d2, -2f).exp(); // [n, n]
    NDArray offDiagonal = e.sum().sub(e.mul(z.getManager().eye((int) n)).sum());
    return NdOps.div(offDiagonal, (float) (n * (n - 1))).log();
  }

  /**
   * CLUB estimate of I(x; y) with Gaussian q(y|x) = N(mu, exp(logvar)): mean_i [log q(y_i|x_i) -
   * mean_j log q(y_j|x_i)] without the constants that cancel. [n, d]
   */
  public static NDArray club(NDArray mu, NDArray logvar, NDArray y) {
    NDArray inv = logvar.neg().exp(); // [n, d]
    NDArray positive = NdOps.mul(mu.sub(y).square().mul(inv), -0.5f); // [n, d]
    NDArray ey = y.mean(new int[] {0}, true); // [1, d]
    NDArray ey2 = y.square().mean(new int[] {0}, true); // [1, d]
    // mean_j (y_j - mu_i)^2 = E[y^2] - 2 mu_i E[y] + mu_i^2
    NDArray spread = ey2.sub(NdOps.mul(mu.mul(ey), 2f)).add(mu.square());
    NDArray negative = NdOps.mul(spread.mul(inv), -0.5f);
    return positive.sub(negative).sum(new int[] {1}).mean();
  }

  /** Mean Gaussian log-likelihood (no constant) the variational net maximises. [n, d] -> scalar */
  public static NDArray gaussianLogLikelihood(NDArray mu, NDArray logvar, NDArray y) {
    return mu.sub(y).square().mul(logvar.neg().exp()).neg().sub(logvar).sum(new int[] {1}).mean();
  }

  /** Mean squared cosine between rows of a and b (the orthogonality fallback). [n, d] */
  public static NDArray orthogonality(NDArray a, NDArray b) {
    return Tensors.normalizeRows(a)
        .mul(Tensors.normalizeRows(b))
        .sum(new int[] {1})
        .square()
        .mean();
  }
}
