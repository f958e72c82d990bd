package dev.hisam.hmat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One attention call over a batch of 8 histories of N items, 5 tokens each (4 codes + anchor), 2
 * heads of 32: the memory-anchor kernel ({@code anchor}, O(T (P + N)) scores) against the dense
 * masked kernel the flat model uses ({@code dense}, O(T^2)), forward only. The ratio grows with N:
 * the work the mask removes is quadratic in the history.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class AttentionBenchmark {
  private static final int BATCH = 8;
  private static final int HEADS = 2;
  private static final int HEAD_DIM = 32;
  private static final int PER_ITEM = 5;

  @Param({"50", "200"})
  public int items;

  @Param({"anchor", "dense"})
  public String kernel;

  private NDManager manager;
  private NDArray q;
  private NDArray k;
  private NDArray v;
  private NDArray intra;
  private NDArray anchors;
  private NDArray causal;

  @Setup
  public void setUp() {
    manager = NDManager.newBaseManager();
    int t = items * PER_ITEM;
    Shape qkv = new Shape(BATCH, HEADS, t, HEAD_DIM);
    q = manager.randomNormal(qkv);
    k = manager.randomNormal(qkv);
    v = manager.randomNormal(qkv);
    intra = manager.create(Hmat.causal(PER_ITEM), new Shape(PER_ITEM, PER_ITEM));
    float[] anchor = new float[BATCH * items * items];
    for (int b = 0; b < BATCH; b++) {
      for (int i = 0; i < items; i++) {
        for (int j = 0; j < items; j++) {
          anchor[(b * items + i) * items + j] = j < i ? 0f : AttentionKernels.MASKED;
        }
      }
    }
    anchors = manager.create(anchor, new Shape(BATCH, 1, items, 1, items));
    causal = manager.create(Hmat.causal(t), new Shape(t, t));
  }

  @TearDown
  public void tearDown() {
    manager.close();
  }

  @Benchmark
  @SuppressWarnings("try") // the scope frees the output
  public float attention() {
    try (NDScope scope = new NDScope()) {
      NDArray out =
          kernel.equals("anchor")
              ? AttentionKernels.memoryAnchor(q, k, v, items, PER_ITEM, intra, anchors, 0f, false)
              : AttentionKernels.dense(q, k, v, causal, 0f, false);
      return out.getFloat(0, 0, 0, 0);
    }
  }
}
