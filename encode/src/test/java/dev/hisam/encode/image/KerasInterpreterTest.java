package dev.hisam.encode.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The DJL interpreter against a plain-Java, channels-last reference written straight from the
 * Keras/TensorFlow definitions (loops over NHWC, TF 'same' padding), on a small hand-made layer
 * list with seeded random weights that exercises every op MobileNetV2 uses.
 */
class KerasInterpreterTest {

  // input [1, 9, 8, 3]; Conv1_pad -> [10, 9]; Conv1 3x3/2 valid -> [4, 4, 4]; BN; ReLU6;
  // dw 3x3/1 same, multiplier 2 -> [4, 4, 8]; BN; ReLU6; project 1x1 -> [4, 4, 8]; Add(dw, proj);
  // conv 3x3/2 same (TF pads 0 before, 1 after... for n=4: total = (2-1)*2+3-4 = 1) -> [2, 2, 5];
  // dw 3x3/2 valid after pad; avg pool 2x2; flatten; dense relu; dense softmax; GAP branch.
  private static final String LAYERS =
      """
      [
       {"name":"in","class_name":"InputLayer","config":{"batch_input_shape":[null,9,8,3]},"inbound_nodes":[]},
       {"name":"pad","class_name":"ZeroPadding2D","config":{"padding":[[0,1],[0,1]]},"inbound_nodes":[[["in",0,0,{}]]]},
       {"name":"c1","class_name":"Conv2D","config":{"filters":4,"kernel_size":[3,3],"strides":[2,2],"padding":"valid","dilation_rate":[1,1],"activation":"linear","use_bias":true},"inbound_nodes":[[["pad",0,0,{}]]]},
       {"name":"bn1","class_name":"BatchNormalization","config":{"axis":-1,"epsilon":0.001},"inbound_nodes":[[["c1",0,0,{}]]]},
       {"name":"r1","class_name":"ReLU","config":{"max_value":6,"negative_slope":0,"threshold":0},"inbound_nodes":[[["bn1",0,0,{}]]]},
       {"name":"dw","class_name":"DepthwiseConv2D","config":{"kernel_size":[3,3],"strides":[1,1],"padding":"same","dilation_rate":[1,1],"activation":"linear","use_bias":false,"depth_multiplier":2},"inbound_nodes":[[["r1",0,0,{}]]]},
       {"name":"bn2","class_name":"BatchNormalization","config":{"axis":-1,"epsilon":0.001},"inbound_nodes":[[["dw",0,0,{}]]]},
       {"name":"r2","class_name":"ReLU","config":{"max_value":6,"negative_slope":0,"threshold":0},"inbound_nodes":[[["bn2",0,0,{}]]]},
       {"name":"proj","class_name":"Conv2D","config":{"filters":8,"kernel_size":[1,1],"strides":[1,1],"padding":"same","dilation_rate":[1,1],"activation":"linear","use_bias":false},"inbound_nodes":[[["r2",0,0,{}]]]},
       {"name":"add","class_name":"Add","config":{},"inbound_nodes":[[["r2",0,0,{}],["proj",0,0,{}]]]},
       {"name":"c2","class_name":"Conv2D","config":{"filters":5,"kernel_size":[3,3],"strides":[2,2],"padding":"same","dilation_rate":[1,1],"activation":"relu","use_bias":true},"inbound_nodes":[[["add",0,0,{}]]]},
       {"name":"gap","class_name":"GlobalAveragePooling2D","config":{},"inbound_nodes":[[["c2",0,0,{}]]]},
       {"name":"pool","class_name":"AveragePooling2D","config":{"pool_size":[2,2],"strides":[1,1],"padding":"valid"},"inbound_nodes":[[["add",0,0,{}]]]},
       {"name":"flat","class_name":"Flatten","config":{},"inbound_nodes":[[["pool",0,0,{}]]]},
       {"name":"drop","class_name":"Dropout","config":{"rate":0.5},"inbound_nodes":[[["flat",0,0,{}]]]},
       {"name":"d1","class_name":"Dense","config":{"units":6,"activation":"relu","use_bias":true},"inbound_nodes":[[["drop",0,0,{}]]]},
       {"name":"d2","class_name":"Dense","config":{"units":3,"activation":"softmax","use_bias":true},"inbound_nodes":[[["d1",0,0,{}]]]}
      ]
      """;

  private final SplittableRandom rnd = new SplittableRandom(7);
  private final Map<String, WeightTensor> w = new HashMap<>();

  private void put(String name, double lo, double hi, int... shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
    }
    w.put(name, new WeightTensor(shape, d));
  }

  private void bn(String layer, int c) {
    put(layer + "/gamma", 0.5, 1.5, c);
    put(layer + "/beta", -0.5, 0.5, c);
    put(layer + "/moving_mean", -0.3, 0.3, c);
    put(layer + "/moving_variance", 0.2, 2.0, c);
  }

  @Test
  void interpreterMatchesPlainJavaReference() throws Exception {
    put("c1/kernel", -1, 1, 3, 3, 3, 4);
    put("c1/bias", -0.2, 0.2, 4);
    bn("bn1", 4);
    put("dw/depthwise_kernel", -1, 1, 3, 3, 4, 2);
    bn("bn2", 8);
    put("proj/kernel", -1, 1, 1, 1, 8, 8);
    put("c2/kernel", -0.5, 0.5, 3, 3, 8, 5);
    put("c2/bias", -0.2, 0.2, 5);
    put("d1/kernel", -0.5, 0.5, 3 * 3 * 8, 6);
    put("d1/bias", -0.1, 0.1, 6);
    put("d2/kernel", -1, 1, 6, 3);
    put("d2/bias", -0.1, 0.1, 3);
    JsonNode json = new ObjectMapper().readTree(LAYERS);
    KerasModel model = new KerasModel(KerasModel.parseLayers(json), w, "test");

    int batch = 2;
    Tensor x = new Tensor(batch, 9, 8, 3);
    for (int i = 0; i < x.data.length; i++) {
      x.data[i] = (float) rnd.nextDouble();
    }
    // reference, channels-last
    Tensor pad = Reference.pad(x, 0, 1, 0, 1);
    Tensor c1 = Reference.conv(pad, w.get("c1/kernel"), w.get("c1/bias").data(), 2, false, false);
    Tensor r1 = Reference.relu6(Reference.bn(c1, w, "bn1"));
    Tensor dw = Reference.conv(r1, w.get("dw/depthwise_kernel"), null, 1, true, true);
    Tensor r2 = Reference.relu6(Reference.bn(dw, w, "bn2"));
    Tensor proj = Reference.conv(r2, w.get("proj/kernel"), null, 1, true, false);
    Tensor add = Reference.add(r2, proj);
    Tensor c2 =
        Reference.relu(
            Reference.conv(add, w.get("c2/kernel"), w.get("c2/bias").data(), 2, true, false));
    float[] gap = Reference.gap(c2);
    Tensor pool = Reference.avgPool(add, 2, 1);
    float[] d1 =
        Reference.dense(pool.data, batch, w.get("d1/kernel"), w.get("d1/bias").data(), true);
    float[] d2 =
        Reference.softmax(
            Reference.dense(d1, batch, w.get("d2/kernel"), w.get("d2/bias").data(), false), batch);
    assertEquals(2, c2.h); // TF 'same', stride 2 on 4 rows -> ceil(4/2) = 2
    assertEquals(3, pool.h); // valid 2x2 stride 1 on 4 -> 3

    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray in = manager.create(x.data, new Shape(batch, 9, 8, 3));
      for (boolean fold : new boolean[] {false, true}) {
        try (KerasInterpreter interpreter = new KerasInterpreter(model, manager, fold)) {
          NDList out = interpreter.forward(in, List.of("bn1", "add", "gap", "d2"));
          assertClose(
              Reference.toNchw(Reference.bn(c1, w, "bn1")), out.get(0).toFloatArray(), 1e-4f);
          assertArrayEquals(new long[] {batch, 8, 4, 4}, out.get(1).getShape().getShape());
          assertClose(Reference.toNchw(add), out.get(1).toFloatArray(), 1e-4f);
          assertClose(gap, out.get(2).toFloatArray(), 1e-4f);
          assertClose(d2, out.get(3).toFloatArray(), 1e-5f);
          if (fold) {
            assertThrows(
                IllegalArgumentException.class, () -> interpreter.forward(in, List.of("c1")));
          } else {
            assertClose(
                Reference.toNchw(c1),
                interpreter.forward(in, List.of("c1")).get(0).toFloatArray(),
                1e-4f);
          }
        }
      }
    }
  }

  private static void assertClose(float[] expected, float[] actual, float tol) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      assertTrue(
          Math.abs(expected[i] - actual[i]) <= tol * Math.max(1, Math.abs(expected[i])),
          "index " + i + ": expected " + expected[i] + " got " + actual[i]);
    }
  }

  @Test
  void samePaddingFollowsTensorFlow() {
    // n=224, k=3, s=2: out = 112, total = (112-1)*2 + 3 - 224 = 1 -> 0 before, 1 after
    assertArrayEquals(new int[] {0, 1}, KerasInterpreter.samePadding(224, 3, 2));
    // n=7, k=3, s=1: total = 6 + 3 - 7 = 2 -> 1, 1
    assertArrayEquals(new int[] {1, 1}, KerasInterpreter.samePadding(7, 3, 1));
    // n=5, k=1, s=1: total = 4 + 1 - 5 = 0
    assertArrayEquals(new int[] {0, 0}, KerasInterpreter.samePadding(5, 1, 1));
  }

  /** A channels-last tensor [n, h, w, c]. */
  static final class Tensor {
    final int n;
    final int h;
    final int w;
    final int c;
    final float[] data;

    Tensor(int n, int h, int w, int c) {
      this.n = n;
      this.h = h;
      this.w = w;
      this.c = c;
      this.data = new float[n * h * w * c];
    }

    int at(int b, int y, int x, int ch) {
      return ((b * h + y) * w + x) * c + ch;
    }
  }

  /** Slow, obvious Keras semantics in channels-last loops. */
  static final class Reference {
    static Tensor pad(Tensor x, int top, int bottom, int left, int right) {
      Tensor o = new Tensor(x.n, x.h + top + bottom, x.w + left + right, x.c);
      for (int b = 0; b < x.n; b++) {
        for (int y = 0; y < x.h; y++) {
          for (int i = 0; i < x.w; i++) {
            for (int ch = 0; ch < x.c; ch++) {
              o.data[o.at(b, y + top, i + left, ch)] = x.data[x.at(b, y, i, ch)];
            }
          }
        }
      }
      return o;
    }

    /** Conv2D (kernel [kh,kw,in,out]) or DepthwiseConv2D (kernel [kh,kw,C,M], out c*M+m). */
    static Tensor conv(Tensor x, WeightTensor k, float[] bias, int s, boolean same, boolean dw) {
      int kh = k.shape()[0];
      int kw = k.shape()[1];
      int outC = dw ? k.shape()[2] * k.shape()[3] : k.shape()[3];
      int oh;
      int ow;
      int padTop = 0;
      int padLeft = 0;
      if (same) {
        oh = (x.h + s - 1) / s;
        ow = (x.w + s - 1) / s;
        padTop = Math.max((oh - 1) * s + kh - x.h, 0) / 2;
        padLeft = Math.max((ow - 1) * s + kw - x.w, 0) / 2;
      } else {
        oh = (x.h - kh) / s + 1;
        ow = (x.w - kw) / s + 1;
      }
      Tensor o = new Tensor(x.n, oh, ow, outC);
      for (int b = 0; b < x.n; b++) {
        for (int y = 0; y < oh; y++) {
          for (int i = 0; i < ow; i++) {
            for (int oc = 0; oc < outC; oc++) {
              double sum = bias == null ? 0 : bias[oc];
              for (int dy = 0; dy < kh; dy++) {
                for (int dx = 0; dx < kw; dx++) {
                  int sy = y * s + dy - padTop;
                  int sx = i * s + dx - padLeft;
                  if (sy < 0 || sy >= x.h || sx < 0 || sx >= x.w) {
                    continue;
                  }
                  if (dw) {
                    int m = k.shape()[3];
                    int ic = oc / m;
                    int idx = ((dy * kw + dx) * x.c + ic) * m + oc % m;
                    sum += x.data[x.at(b, sy, sx, ic)] * k.data()[idx];
                  } else {
                    for (int ic = 0; ic < x.c; ic++) {
                      int idx = ((dy * kw + dx) * x.c + ic) * outC + oc;
                      sum += x.data[x.at(b, sy, sx, ic)] * k.data()[idx];
                    }
                  }
                }
              }
              o.data[o.at(b, y, i, oc)] = (float) sum;
            }
          }
        }
      }
      return o;
    }

    static Tensor bn(Tensor x, Map<String, WeightTensor> w, String layer) {
      Tensor o = new Tensor(x.n, x.h, x.w, x.c);
      for (int i = 0; i < x.data.length; i++) {
        int ch = i % x.c;
        double g = w.get(layer + "/gamma").data()[ch];
        double be = w.get(layer + "/beta").data()[ch];
        double mu = w.get(layer + "/moving_mean").data()[ch];
        double var = w.get(layer + "/moving_variance").data()[ch];
        o.data[i] = (float) (g * (x.data[i] - mu) / Math.sqrt(var + 0.001) + be);
      }
      return o;
    }

    static Tensor relu6(Tensor x) {
      Tensor o = new Tensor(x.n, x.h, x.w, x.c);
      for (int i = 0; i < x.data.length; i++) {
        o.data[i] = Math.min(6f, Math.max(0f, x.data[i]));
      }
      return o;
    }

    static Tensor relu(Tensor x) {
      Tensor o = new Tensor(x.n, x.h, x.w, x.c);
      for (int i = 0; i < x.data.length; i++) {
        o.data[i] = Math.max(0f, x.data[i]);
      }
      return o;
    }

    static Tensor add(Tensor a, Tensor b) {
      Tensor o = new Tensor(a.n, a.h, a.w, a.c);
      for (int i = 0; i < a.data.length; i++) {
        o.data[i] = a.data[i] + b.data[i];
      }
      return o;
    }

    static Tensor avgPool(Tensor x, int k, int s) {
      int oh = (x.h - k) / s + 1;
      int ow = (x.w - k) / s + 1;
      Tensor o = new Tensor(x.n, oh, ow, x.c);
      for (int b = 0; b < x.n; b++) {
        for (int y = 0; y < oh; y++) {
          for (int i = 0; i < ow; i++) {
            for (int ch = 0; ch < x.c; ch++) {
              double sum = 0;
              for (int dy = 0; dy < k; dy++) {
                for (int dx = 0; dx < k; dx++) {
                  sum += x.data[x.at(b, y * s + dy, i * s + dx, ch)];
                }
              }
              o.data[o.at(b, y, i, ch)] = (float) (sum / (k * k));
            }
          }
        }
      }
      return o;
    }

    static float[] gap(Tensor x) {
      float[] o = new float[x.n * x.c];
      for (int b = 0; b < x.n; b++) {
        for (int ch = 0; ch < x.c; ch++) {
          double sum = 0;
          for (int y = 0; y < x.h; y++) {
            for (int i = 0; i < x.w; i++) {
              sum += x.data[x.at(b, y, i, ch)];
            }
          }
          o[b * x.c + ch] = (float) (sum / (x.h * x.w));
        }
      }
      return o;
    }

    /** x: [n, in] row-major (a channels-last flatten is the NHWC data as is). */
    static float[] dense(float[] x, int n, WeightTensor k, float[] bias, boolean relu) {
      int in = k.shape()[0];
      int out = k.shape()[1];
      float[] o = new float[n * out];
      for (int b = 0; b < n; b++) {
        for (int j = 0; j < out; j++) {
          double sum = bias[j];
          for (int i = 0; i < in; i++) {
            sum += x[b * in + i] * k.data()[i * out + j];
          }
          o[b * out + j] = (float) (relu ? Math.max(0, sum) : sum);
        }
      }
      return o;
    }

    static float[] softmax(float[] x, int n) {
      int d = x.length / n;
      float[] o = new float[x.length];
      for (int b = 0; b < n; b++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < d; j++) {
          max = Math.max(max, x[b * d + j]);
        }
        double z = 0;
        for (int j = 0; j < d; j++) {
          z += Math.exp(x[b * d + j] - max);
        }
        for (int j = 0; j < d; j++) {
          o[b * d + j] = (float) (Math.exp(x[b * d + j] - max) / z);
        }
      }
      return o;
    }

    static float[] toNchw(Tensor x) {
      float[] o = new float[x.data.length];
      for (int b = 0; b < x.n; b++) {
        for (int ch = 0; ch < x.c; ch++) {
          for (int y = 0; y < x.h; y++) {
            for (int i = 0; i < x.w; i++) {
              o[((b * x.c + ch) * x.h + y) * x.w + i] = x.data[x.at(b, y, i, ch)];
            }
          }
        }
      }
      return o;
    }
  }
}
