package dev.hisam.model.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.SplittableRandom;

/** Position-wise feed-forward layer: D -> F -> D with ReLU or GELU in between. */
public final class FeedForward {
  private final Linear up; // D -> F
  private final Linear down; // F -> D
  private final SasRecConfig.Activation activation;
  private final float rate;

  FeedForward(Parameters params, String name, SasRecConfig c, SplittableRandom random) {
    this(params, name, c.dim(), c.ffnDim(), c.activation(), c.dropout(), c.initStd(), random);
  }

  /**
   * @param dropout rate on the hidden layer (training only)
   * @param initStd standard deviation of the normal initialisation of both weight matrices
   */
  public FeedForward(
      Parameters params,
      String name,
      int dim,
      int ffnDim,
      SasRecConfig.Activation activation,
      double dropout,
      double initStd,
      SplittableRandom random) {
    up = new Linear(params, name + ".up", dim, ffnDim, initStd, random);
    down = new Linear(params, name + ".down", ffnDim, dim, initStd, random);
    this.activation = activation;
    rate = (float) dropout;
  }

  /** [B, T, D] -> [B, T, D] */
  public NDArray forward(NDArray x, boolean training) {
    NDArray h = up.forward(x); // [B, T, F]
    h =
        switch (activation) {
          case RELU -> Activation.relu(h);
          case GELU -> Activation.gelu(h);
        };
    return down.forward(Dropout.apply(h, rate, training)); // [B, T, D]
  }
}
