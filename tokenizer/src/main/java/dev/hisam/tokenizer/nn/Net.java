package dev.hisam.tokenizer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hisam.core.nd.NdOps;
import dev.hisam.tokenizer.Mlp;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A trainable ReLU MLP whose weights live in NDArrays; exports to the plain-Java {@link Mlp}. */
public final class Net {
  private final List<NDArray> weights = new ArrayList<>(); // [in, out]
  private final List<NDArray> biases = new ArrayList<>(); // [out]

  /** Layers {@code dims[0] -> dims[1] -> ...}; PyTorch-style uniform(+-1/sqrt(in)) init. */
  public Net(NDManager m, int[] dims, SplittableRandom rng) {
    for (int l = 0; l + 1 < dims.length; l++) {
      int in = dims[l];
      int out = dims[l + 1];
      double bound = 1 / Math.sqrt(in);
      float[] w = new float[in * out];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
      }
      float[] b = new float[out];
      for (int i = 0; i < out; i++) {
        b[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
      }
      NDArray wa = NdOps.owned(m, w, new Shape(in, out));
      NDArray ba = NdOps.owned(m, b, new Shape(out));
      wa.setRequiresGradient(true);
      ba.setRequiresGradient(true);
      weights.add(wa);
      biases.add(ba);
    }
  }

  /** [B, in] -> [B, out] */
  public NDArray forward(NDArray x) {
    NDArray h = x;
    for (int l = 0; l < weights.size(); l++) {
      h = h.matMul(weights.get(l)).add(biases.get(l));
      if (l < weights.size() - 1) {
        h = NdOps.maximum(h, 0f);
      }
    }
    return h;
  }

  /** Forward with detached weights (no gradient reaches this net). */
  public NDArray forwardFrozen(NDArray x) {
    NDArray h = x;
    for (int l = 0; l < weights.size(); l++) {
      h = h.matMul(weights.get(l).stopGradient()).add(biases.get(l).stopGradient());
      if (l < weights.size() - 1) {
        h = NdOps.maximum(h, 0f);
      }
    }
    return h;
  }

  public void addTo(AdamW opt) {
    for (NDArray w : weights) {
      opt.add(w, true);
    }
    for (NDArray b : biases) {
      opt.add(b, false);
    }
  }

  public Mlp export() {
    List<float[][]> ws = new ArrayList<>();
    List<float[]> bs = new ArrayList<>();
    for (int l = 0; l < weights.size(); l++) {
      ws.add(Tensors.toRows(weights.get(l)));
      bs.add(biases.get(l).toFloatArray());
    }
    return new Mlp(ws, bs);
  }
}
