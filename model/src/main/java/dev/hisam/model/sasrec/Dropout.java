package dev.hisam.model.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.hisam.core.nd.NdOps;
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
    NDArray keep;
    try (NDArray bits = randomInts(x)) {
      keep = bits.gte(dropped + Integer.MIN_VALUE); // signed draws in [-2^31, 2^31)
    }
    // the scale through NdOps: autograd keeps it for the backward pass (see NdOps)
    return NdOps.mul(x.mul(keep), (float) (0x1p32 / (0x1p32 - dropped)));
  }

  /** Uniform random 32-bit integers shaped like {@code x} (a view of a reused buffer). */
  private static NDArray randomInts(NDArray x) {
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
    synchronized (Dropout.class) {
      SplittableRandom r = random;
      for (int i = 0; i < bytes; i += 8) {
        buf.putLong(i, r.nextLong());
      }
    }
    ByteBuffer view = buf.slice(0, (int) (4 * n)).order(ByteOrder.nativeOrder());
    return x.getManager().create(view, x.getShape(), DataType.INT32);
  }
}
