package dev.hisam.jmh;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.hisam.model.sasrec.Dropout;
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
 * Training-mode dropout (rate 0.1) over the feed-forward hidden layer of one HMAT batch on Beauty
 * ([128 sequences, 40 tokens, 1,024]): our mask drawn on the JVM ({@code jvm}) against PyTorch's
 * own {@code dropout} ({@code pytorch}), the op this project replaced.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class DropoutBenchmark {
  @Param({"jvm", "pytorch"})
  public String mask;

  @Param({"128,40,1024"})
  public String shape;

  private NDManager manager;
  private NDArray x;

  @Setup
  public void setUp() {
    manager = NDManager.newBaseManager();
    long[] dims = java.util.Arrays.stream(shape.split(",")).mapToLong(Long::parseLong).toArray();
    x = manager.randomNormal(new Shape(dims));
    Dropout.seed(1);
  }

  @TearDown
  public void tearDown() {
    manager.close();
  }

  @Benchmark
  @SuppressWarnings("try") // the scope frees the output
  public float dropout() {
    try (NDScope scope = new NDScope()) {
      NDArray y =
          mask.equals("jvm")
              ? Dropout.apply(x, 0.1f, true)
              : x.getNDArrayInternal().dropout(x, 0.1f, true).singletonOrThrow();
      return y.getFloat(0, 0, 0);
    }
  }
}
