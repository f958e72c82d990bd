package dev.hisam.model.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Inverted dropout; the identity at inference or when the rate is zero.
 *
 * <p>The keep mask is drawn here, on the JVM, not by PyTorch: PyTorch's CPU {@code bernoulli_}
 * takes its fast parallel path only on Intel processors and otherwise draws one Mersenne-Twister
 * number at a time on one thread, which made dropout about a quarter of an HMAT training step on
 * this project's AMD machine (README "Speed"). Each element gets 32 random bits and is dropped when
 * they fall below {@code round(rate * 2^32)}, so the rate is exact to 2^-32 and the kept values are
 * scaled by the exact keep probability. The generator is seeded by {@link #seed} (trainers seed it
 * per epoch), so runs are reproducible.
 */
public final class Dropout {
  private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();
  private static SplittableRandom random = new SplittableRandom(0);

  private Dropout() {}

  /** Restarts the mask generator (all threads share it). */
  public static synchronized void seed(long seed) {
    random = new SplittableRandom(seed);
  }

  public static NDArray apply(NDArray x, float rate, boolean training) {
    if (!training || rate == 0f) {
      return x;
    }
    if (rate < 0f || rate >= 1f) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
    }
    long dropped = Math.round(rate * 0x1p32); // of 2^32 equally likely 32-bit draws
    float scale = (float) (0x1p32 / (0x1p32 - dropped));
    // the mask holds 0 or the scale itself: one multiplication forward and one backward, where a
    // boolean mask cost a comparison, a bool-to-float copy and a second multiplication by the
    // scale each way (a PyTorch profile of the HMAT step: 3 passes over the FFN's hidden layer)
    try (NDArray wrapped = scaledMask(x, (int) (dropped + Integer.MIN_VALUE), scale)) {
      // copied into PyTorch-owned memory: autograd keeps the mask for the backward pass, and the
      // buffer behind the wrapper is reused by the next call (see NdOps)
      return x.mul(wrapped.duplicate());
    }
  }

  /**
   * A float mask shaped like {@code x} (a view of a reused buffer): each element draws 32 random
   * bits, read as a signed int, and is {@code scale} when they are at least {@code threshold}, 0
   * otherwise.
   */
  private static NDArray scaledMask(NDArray x, int threshold, float scale) {
    long n = x.getShape().size();
    long bytes = 4 * ((n + 1) / 2) * 2; // whole longs
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("dropout over " + n + " elements");
    }
    ByteBuffer buf = BUFFER.get();
    if (buf == null || buf.capacity() < bytes) {
      buf =
          ByteBuffer.allocateDirect((int) Math.max(bytes, 1 << 20)).order(ByteOrder.nativeOrder());
      BUFFER.set(buf);
    }
    int keep = Float.floatToRawIntBits(scale);
    synchronized (Dropout.class) {
      SplittableRandom r = random;
      for (int i = 0; i < bytes; i += 8) {
        long bits = r.nextLong();
        // the low and the high 32 bits, in the order a little-endian putLong stored them before
        int lo = (int) bits;
        int hi = (int) (bits >>> 32);
        long a = lo >= threshold ? keep : 0;
        long b = hi >= threshold ? keep : 0;
        buf.putLong(i, a | (b << 32));
      }
    }
    ByteBuffer view = buf.slice(0, (int) (4 * n)).order(ByteOrder.nativeOrder());
    return x.getManager().create(view, x.getShape(), DataType.FLOAT32);
  }
}
