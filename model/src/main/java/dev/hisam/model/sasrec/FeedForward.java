package dev.hisam.model.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.SplittableRandom;

/** Position-wise feed-forward layer: D -> F -> D with ReLU or GELU in between. */
final class FeedForward {
  private final Linear up; // D -> F
  private final Linear down; // F -> D
  private final SasRecConfig.Activation activation;
  private final float rate;

  FeedForward(Parameters params, String name, SasRecConfig c, SplittableRandom random) {
    up = new Linear(params, name + ".up", c.dim(), c.ffnDim(), c.initStd(), random);
    down = new Linear(params, name + ".down", c.ffnDim(), c.dim(), c.initStd(), random);
    activation = c.activation();
    rate = (float) c.dropout();
  }

  /** [B, T, D] -> [B, T, D] */
  NDArray forward(NDArray x, boolean training) {
    NDArray h = up.forward(x); // [B, T, F]
    h =
        switch (activation) {
          case RELU -> Activation.relu(h);
          case GELU -> Activation.gelu(h);
        };
    return down.forward(Dropout.apply(h, rate, training)); // [B, T, D]
  }
}
