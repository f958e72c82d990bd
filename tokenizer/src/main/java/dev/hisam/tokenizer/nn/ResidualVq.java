package dev.hisam.tokenizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hisam.core.nd.NdOps;
import java.util.ArrayList;
import java.util.List;

/**
 * Residual vector quantization with trainable codebooks [K, D] per level. Forward picks the nearest
 * code of the running residual, subtracts it (detached) and sums the chosen codes.
 */
public final class ResidualVq {
  private final List<NDArray> codebooks = new ArrayList<>();

  public ResidualVq(NDManager m, List<float[][]> init) {
    for (float[][] c : init) {
      NDArray a = Tensors.rows(m, c, c[0].length);
      a.setRequiresGradient(true);
      codebooks.add(a);
    }
  }

  /**
   * The result of one forward.
   *
   * @param quantized sum of the chosen code vectors (gradient flows to codebooks only) [B, D]
   * @param loss codebook + beta * commitment, masked mean over rows, summed over levels (scalar)
   * @param codes chosen code per level and row [L][B]
   */
  public record Out(NDArray quantized, NDArray loss, int[][] codes) {}

  /** Quantizes {@code x} [B, D]; {@code mask} [B] (1 = row counts) may be null for all rows. */
  public Out forward(NDArray x, NDArray mask, double beta) {
    NDArray r = x;
    NDArray sum = null;
    NDArray loss = null;
    int[][] codes = new int[codebooks.size()][];
    float count = mask == null ? x.getShape().get(0) : Math.max(1f, mask.sum().getFloat());
    for (int l = 0; l < codebooks.size(); l++) {
      NDArray c = codebooks.get(l); // [K, D]
      NDArray rs = r.stopGradient();
      NDArray dist =
          rs.square()
              .sum(new int[] {1}, true)
              .sub(NdOps.mul(rs.matMul(c.stopGradient().transpose()), 2f))
              .add(c.stopGradient().square().sum(new int[] {1}).reshape(1, -1)); // [B, K]
      NDArray idx = dist.argMin(1); // [B]
      long[] li = idx.toLongArray();
      codes[l] = new int[li.length];
      for (int i = 0; i < li.length; i++) {
        codes[l][i] = (int) li[i];
      }
      NDArray q = idx.oneHot((int) c.getShape().get(0)).matMul(c); // [B, D]
      NDArray codebookLoss = rs.sub(q).square().sum(new int[] {1}); // [B]
      NDArray commit = r.sub(q.stopGradient()).square().sum(new int[] {1}); // [B]
      NDArray per = codebookLoss.add(NdOps.mul(commit, (float) beta));
      if (mask != null) {
        per = per.mul(mask);
      }
      NDArray lv = NdOps.div(per.sum(), count);
      loss = loss == null ? lv : loss.add(lv);
      sum = sum == null ? q : sum.add(q);
      r = r.sub(q.stopGradient());
    }
    return new Out(sum, loss, codes);
  }

  public int levels() {
    return codebooks.size();
  }

  public void addTo(AdamW opt) {
    for (NDArray c : codebooks) {
      opt.add(c, false);
    }
  }

  public float[][] export(int level) {
    return Tensors.toRows(codebooks.get(level));
  }

  /**
   * Overwrites codebook {@code level} (outside a gradient collector), e.g. for dead-code restarts.
   */
  public void replace(int level, float[][] values) {
    NDArray c = codebooks.get(level);
    float[] flat = new float[values.length * values[0].length];
    for (int i = 0; i < values.length; i++) {
      System.arraycopy(values[i], 0, flat, i * values[0].length, values[0].length);
    }
    try (NDArray fresh = c.getManager().create(flat, new Shape(values.length, values[0].length))) {
      c.muli(0f).addi(fresh);
    }
  }
}
