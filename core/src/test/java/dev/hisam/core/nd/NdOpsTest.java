package dev.hisam.core.nd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class NdOpsTest {
  /**
   * d/dx sum(op(x)) with a garbage collection and many freshly written direct buffers between
   * forward and backward: the moment a freed scalar buffer gets reused.
   */
  private static float[] gradientAfterGc(Function<NDArray, NDArray> op) throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = NdOps.owned(m, new float[] {1, 2, -3, 4}, new Shape(4));
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y = op.apply(x).sum();
        List<ByteBuffer> junk = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
          System.gc();
          Thread.sleep(5);
        }
        for (int j = 0; j < 2000; j++) {
          ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
          b.putFloat(0, 1000f + j);
          junk.add(b);
        }
        gc.backward(y);
        assertEquals(2000, junk.size());
      }
      return x.getGradient().toFloatArray();
    }
  }

  @Test
  void scalarArithmeticKeepsItsGradientThroughAGarbageCollection() throws Exception {
    for (int trial = 0; trial < 5; trial++) {
      assertArrayEquals(new float[] {3, 3, 3, 3}, gradientAfterGc(x -> NdOps.mul(x, 3f)));
      assertArrayEquals(new float[] {.5f, .5f, .5f, .5f}, gradientAfterGc(x -> NdOps.div(x, 2f)));
      assertArrayEquals(new float[] {1, 1, 0, 1}, gradientAfterGc(x -> NdOps.maximum(x, 0f)));
    }
  }

  @Test
  void djlNumberOverloadLosesItsScalarThroughAGarbageCollection() throws Exception {
    // the bug NdOps exists for; if a DJL release fixes it, this test says so and NdOps can go
    int wrong = 0;
    for (int trial = 0; trial < 10; trial++) {
      float[] g = gradientAfterGc(x -> x.mul(3f));
      wrong += g[0] == 3f ? 0 : 1;
    }
    assertTrue(wrong > 0, "DJL's mul(Number) kept its scalar alive: the workaround may be moot");
  }

  @Test
  void ownedTensorsAre64ByteAlignedAndHoldTheData() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      // 24 odd sizes: malloc'd direct buffers (16-byte aligned) would all sit on a 64-byte
      // boundary with probability 4^-24
      for (int n = 1; n <= 24; n++) {
        float[] data = new float[n * 3];
        for (int i = 0; i < data.length; i++) {
          data[i] = i * 0.5f - n;
        }
        NDArray a = NdOps.owned(m, data, new Shape(n, 3));
        assertEquals(new Shape(n, 3), a.getShape());
        assertArrayEquals(data, a.toFloatArray());
        ByteBuffer own = a.toByteBuffer(true);
        assertTrue(own.isDirect(), "expected the tensor's own memory, got a copy");
        Field f = Buffer.class.getDeclaredField("address");
        f.setAccessible(true);
        long address = f.getLong(own);
        assertEquals(0, address % 64, "tensor of " + n + " rows at " + address);
      }
      assertEquals(2.5f, NdOps.scalar(m, 2.5f).getFloat());
    }
  }
}
