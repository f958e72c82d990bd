package dev.hisam.core.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Java data into tensors, and tensor-by-number arithmetic, without handing PyTorch memory the JVM
 * may free.
 *
 * <p>DJL's {@code NDManager.create} wraps a Java direct buffer ({@code torch::from_blob}, no copy),
 * and its {@code NDArray.mul(Number)}, {@code div(Number)}, {@code maximum(Number)} create such a
 * wrapped scalar and close it as soon as the op returns. Autograd keeps the scalar for the backward
 * pass, but the buffer behind it belongs to the garbage collector: when a collection runs between
 * forward and backward, the gradient is scaled by whatever the freed memory holds next ({@code
 * NdOpsTest} shows it). Wrapped buffers are also only 16-byte aligned, at addresses that change
 * from run to run. The methods here copy into memory PyTorch allocated itself (64-byte aligned,
 * reference-counted by the graph), so training is correct and reproducible.
 *
 * <p>Use these, never the {@code Number} overloads, on any tensor a gradient flows through.
 */
public final class NdOps {
  private NdOps() {}

  /** {@code data} with {@code shape}, in PyTorch-owned memory. */
  public static NDArray owned(NDManager m, float[] data, Shape shape) {
    try (NDArray wrapped = m.create(data, shape)) {
      return wrapped.duplicate();
    }
  }

  /** A 0-dimensional float tensor in PyTorch-owned memory. */
  public static NDArray scalar(NDManager m, float value) {
    try (NDArray wrapped = m.create(value)) {
      return wrapped.duplicate();
    }
  }

  /** x * value, safe under autograd. */
  public static NDArray mul(NDArray x, float value) {
    try (NDArray s = scalar(x.getManager(), value)) {
      return x.mul(s);
    }
  }

  /** x / value, safe under autograd. */
  public static NDArray div(NDArray x, float value) {
    try (NDArray s = scalar(x.getManager(), value)) {
      return x.div(s);
    }
  }

  /** Element-wise max(x, value), safe under autograd. */
  public static NDArray maximum(NDArray x, float value) {
    try (NDArray s = scalar(x.getManager(), value)) {
      return x.maximum(s);
    }
  }
}
