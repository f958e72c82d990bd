package dev.hisam.encode.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the layer list of a {@link KerasModel} in DJL. Supports InputLayer, ZeroPadding2D, Conv2D,
 * DepthwiseConv2D (a grouped convolution with groups = C), BatchNormalization (inference: folded to
 * a per-channel scale and shift), ReLU (with max_value, e.g. ReLU6), Activation, Add,
 * AveragePooling2D, MaxPooling2D, GlobalAveragePooling2D, Flatten, Dense and Dropout (identity).
 *
 * <p>Weights are converted once into the interpreter's own {@link NDManager} (immutable); every
 * {@link #forward} call allocates its activations on the caller's manager. Internally images are
 * NCHW; Keras is channels-last, so Flatten transposes back before reshaping.
 */
public final class KerasInterpreter implements AutoCloseable {
  private final NDManager weights;
  private final List<Step> steps;
  private final Map<String, Integer> index = new HashMap<>();

  private sealed interface Op {}

  private record InputOp() implements Op {}

  private record IdentityOp() implements Op {}

  private record PadOp(int top, int bottom, int left, int right) implements Op {}

  private record ConvOp(
      NDArray kernel,
      NDArray bias,
      int kh,
      int kw,
      int sh,
      int sw,
      boolean same,
      int groups,
      String activation)
      implements Op {}

  private record ScaleShiftOp(NDArray scale, NDArray shift) implements Op {}

  private record ReluOp(double maxValue, double negativeSlope, double threshold) implements Op {}

  private record ActivationOp(String activation) implements Op {}

  private record AddOp() implements Op {}

  private record PoolOp(boolean max, int ph, int pw, int sh, int sw, boolean same) implements Op {}

  private record GlobalAvgOp() implements Op {}

  private record FlattenOp() implements Op {}

  private record DenseOp(NDArray kernel, NDArray bias, String activation) implements Op {}

  /** A convolution whose output only feeds a BatchNormalization it was folded into. */
  private record FoldedOp(String into) implements Op {}

  private record Step(KerasLayer layer, Op op, List<String> inputs) {}

  /** An interpreter that folds every BatchNormalization following a lone convolution into it. */
  public KerasInterpreter(KerasModel model, NDManager parent) {
    this(model, parent, true);
  }

  /**
   * @param foldBatchNorm fold BatchNormalization into the convolution before it when that
   *     convolution has no other consumer and no activation (kernel·scale, bias·scale + shift);
   *     folded convolutions cannot be requested as outputs
   */
  public KerasInterpreter(KerasModel model, NDManager parent, boolean foldBatchNorm) {
    this.weights = parent.newSubManager();
    Map<String, Integer> consumers = new HashMap<>();
    Map<String, KerasLayer> byName = new HashMap<>();
    for (KerasLayer layer : model.layers()) {
      byName.put(layer.name(), layer);
      for (String in : layer.inputs()) {
        consumers.merge(in, 1, Integer::sum);
      }
    }
    List<Step> list = new ArrayList<>();
    for (KerasLayer layer : model.layers()) {
      index.put(layer.name(), list.size());
      Op op = compile(model, layer);
      List<String> inputs = layer.inputs();
      if (foldBatchNorm && op instanceof ScaleShiftOp bn && inputs.size() == 1) {
        Integer at = index.get(inputs.get(0));
        if (at != null
            && list.get(at).op() instanceof ConvOp conv
            && conv.activation().equals("linear")
            && consumers.getOrDefault(inputs.get(0), 0) == 1) {
          // [out, in/g, kh, kw] * scale[out]; bias * scale + shift
          NDArray scale = bn.scale().reshape(-1);
          NDArray shift = bn.shift().reshape(-1);
          NDArray kernel = conv.kernel().mul(scale.reshape(-1, 1, 1, 1));
          NDArray bias = conv.bias().mul(scale).add(shift);
          op =
              new ConvOp(
                  kernel,
                  bias,
                  conv.kh(),
                  conv.kw(),
                  conv.sh(),
                  conv.sw(),
                  conv.same(),
                  conv.groups(),
                  "linear");
          Step convStep = list.get(at);
          list.set(at, new Step(convStep.layer(), new FoldedOp(layer.name()), List.of()));
          inputs = convStep.inputs();
        }
      }
      list.add(new Step(layer, op, inputs));
    }
    this.steps = List.copyOf(list);
  }

  /** Names of the layers, in execution order. */
  public List<String> layerNames() {
    return steps.stream().map(s -> s.layer().name()).toList();
  }

  /**
   * Runs the model on {@code input} ({@code [B, H, W, C]}, channels-last as Keras expects) up to
   * the last requested layer and returns the requested layers' outputs in the order asked: 4-D
   * activations as {@code [B, C, H, W]}, 2-D ones as {@code [B, F]}. Arrays live on {@code input}'s
   * manager.
   */
  public NDList forward(NDArray input, List<String> outputs) {
    Set<String> wanted = new HashSet<>(outputs);
    int last = 0;
    for (String o : outputs) {
      Integer i = index.get(o);
      if (i == null) {
        throw new IllegalArgumentException("no layer named " + o);
      }
      if (steps.get(i).op() instanceof FoldedOp f) {
        throw new IllegalArgumentException(
            o + " is folded into " + f.into() + "; build the interpreter without folding");
      }
      last = Math.max(last, i);
    }
    // last use of every activation, so intermediate arrays are freed as soon as possible
    Map<String, Integer> lastUse = new HashMap<>();
    for (int i = 0; i <= last; i++) {
      for (String in : steps.get(i).inputs()) {
        lastUse.put(in, i);
      }
    }
    Map<String, NDArray> values = new HashMap<>();
    // [B, C, H, W], copied to a contiguous layout: the transposed view is a channels-last tensor,
    // and PyTorch's channels-last CPU convolution gave wrong values for a depthwise convolution
    // with multiplier 2 on an AMD EPYC without NNPACK (KerasInterpreterTest caught it)
    NDArray nchw;
    try (NDArray view = input.transpose(0, 3, 1, 2);
        NDArray flat = view.reshape(-1)) {
      nchw = flat.reshape(view.getShape());
    }
    for (int i = 0; i <= last; i++) {
      Step step = steps.get(i);
      List<NDArray> ins = new ArrayList<>();
      for (String in : step.inputs()) {
        NDArray v = values.get(in);
        if (v == null) {
          throw new IllegalStateException(step.layer().name() + ": input " + in + " not computed");
        }
        ins.add(v);
      }
      if (step.op() instanceof FoldedOp) {
        continue;
      }
      NDArray out = step.op() instanceof InputOp ? nchw : apply(step, ins);
      values.put(step.layer().name(), out);
      for (String in : step.inputs()) {
        if (lastUse.get(in) == i && !wanted.contains(in)) {
          NDArray dead = values.remove(in);
          if (dead != nchw && !values.containsValue(dead)) {
            dead.close();
          }
        }
      }
    }
    NDList result = new NDList();
    for (String o : outputs) {
      result.add(values.get(o));
    }
    if (result.stream().noneMatch(a -> a == nchw)) {
      nchw.close();
    }
    return result;
  }

  private static NDArray apply(Step step, List<NDArray> ins) {
    NDArray x = ins.get(0);
    return switch (step.op()) {
      case InputOp op -> x;
      case IdentityOp op -> x;
      case PadOp p -> x.pad(new Shape(p.left(), p.right(), p.top(), p.bottom()), 0);
      case ConvOp c -> {
        NDArray padded = x;
        if (c.same()) {
          int[] ph = samePadding(x.getShape().get(2), c.kh(), c.sh());
          int[] pw = samePadding(x.getShape().get(3), c.kw(), c.sw());
          if (ph[0] + ph[1] + pw[0] + pw[1] > 0) {
            padded = x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), 0);
          }
        }
        NDArray y =
            Conv2d.conv2d(
                    padded,
                    c.kernel(),
                    c.bias(),
                    new Shape(c.sh(), c.sw()),
                    new Shape(0, 0),
                    new Shape(1, 1),
                    c.groups())
                .singletonOrThrow();
        if (padded != x) {
          padded.close();
        }
        yield activate(y, c.activation(), 1);
      }
      case ScaleShiftOp b -> x.mul(b.scale()).addi(b.shift());
      case ReluOp r -> {
        NDArray y = x;
        if (r.negativeSlope() != 0 || r.threshold() != 0) {
          throw new IllegalStateException(
              step.layer().name() + ": ReLU with negative_slope/threshold is not supported");
        }
        yield Double.isInfinite(r.maxValue()) ? y.maximum(0f) : y.clip(0f, (float) r.maxValue());
      }
      case ActivationOp a -> activate(x, a.activation(), 1);
      case AddOp a -> {
        NDArray sum = x.add(ins.get(1));
        for (int k = 2; k < ins.size(); k++) {
          sum.addi(ins.get(k));
        }
        yield sum;
      }
      case PoolOp p -> {
        NDArray padded = x;
        if (p.same()) {
          int[] ph = samePadding(x.getShape().get(2), p.ph(), p.sh());
          int[] pw = samePadding(x.getShape().get(3), p.pw(), p.sw());
          if (ph[0] + ph[1] + pw[0] + pw[1] > 0) {
            throw new IllegalStateException(
                step.layer().name() + ": 'same' pooling that needs padding is not supported");
          }
        }
        Shape kernel = new Shape(p.ph(), p.pw());
        Shape stride = new Shape(p.sh(), p.sw());
        yield p.max()
            ? Pool.maxPool2d(padded, kernel, stride, new Shape(0, 0), false)
            : Pool.avgPool2d(padded, kernel, stride, new Shape(0, 0), false, true);
      }
      case GlobalAvgOp g -> globalAverage(x); // [B, C]
      case FoldedOp f -> throw new IllegalStateException("folded layer executed");
      case FlattenOp f ->
          x.getShape().dimension() == 4
              ? x.transpose(0, 2, 3, 1).reshape(x.getShape().get(0), -1) // channels-last order
              : x.reshape(x.getShape().get(0), -1);
      case DenseOp d -> activate(x.matMul(d.kernel()).addi(d.bias()), d.activation(), 1);
    };
  }

  /**
   * Mean over the spatial axes: {@code [B, C, H, W] -> [B, C]} (PyTorch's DJL mean takes one axis,
   * so H and W are merged first).
   */
  public static NDArray globalAverage(NDArray x) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).mean(new int[] {2});
  }

  /** TensorFlow's 'same' padding: total = max((ceil(n/s) - 1)·s + k - n, 0), extra at the end. */
  static int[] samePadding(long n, int k, int s) {
    long outSize = (n + s - 1) / s;
    long total = Math.max((outSize - 1) * s + k - n, 0);
    return new int[] {(int) (total / 2), (int) (total - total / 2)};
  }

  private static NDArray activate(NDArray x, String activation, int axis) {
    return switch (activation) {
      case "linear" -> x;
      case "relu" -> x.maximum(0f);
      case "relu6" -> x.clip(0f, 6f);
      case "sigmoid" -> ai.djl.nn.Activation.sigmoid(x);
      case "softmax" -> x.softmax(axis);
      default -> throw new IllegalStateException("unsupported activation " + activation);
    };
  }

  private Op compile(KerasModel model, KerasLayer layer) {
    String name = layer.name();
    return switch (layer.className()) {
      case "InputLayer" -> new InputOp();
      case "Dropout" -> new IdentityOp();
      case "ZeroPadding2D" -> {
        var pad = layer.config().path("padding");
        int top;
        int bottom;
        int left;
        int right;
        if (pad.isInt()) {
          top = bottom = left = right = pad.asInt();
        } else if (pad.get(0).isInt()) {
          top = bottom = pad.get(0).asInt();
          left = right = pad.get(1).asInt();
        } else {
          top = pad.get(0).get(0).asInt();
          bottom = pad.get(0).get(1).asInt();
          left = pad.get(1).get(0).asInt();
          right = pad.get(1).get(1).asInt();
        }
        yield new PadOp(top, bottom, left, right);
      }
      case "Conv2D", "DepthwiseConv2D" -> {
        checkChannelsLast(layer);
        int[] k = layer.intPair("kernel_size");
        int[] s = layer.intPair("strides");
        int[] d = layer.intPair("dilation_rate");
        if (d[0] != 1 || d[1] != 1) {
          throw new IllegalStateException(name + ": dilation is not supported");
        }
        boolean depthwise = layer.className().equals("DepthwiseConv2D");
        WeightTensor w = model.require(name, depthwise ? "depthwise_kernel" : "kernel");
        int[] sh = w.shape(); // Conv2D [kh, kw, in, out]; DepthwiseConv2D [kh, kw, C, M]
        NDArray kernel = weights.create(w.data(), new Shape(sh[0], sh[1], sh[2], sh[3]));
        int groups;
        int outChannels;
        if (depthwise) {
          // Keras output channel c·M + m; torch groups=C give the same order: [C·M, 1, kh, kw]
          kernel =
              kernel.reshape(sh[0], sh[1], (long) sh[2] * sh[3]).transpose(2, 0, 1).expandDims(1);
          groups = sh[2];
          outChannels = sh[2] * sh[3];
        } else {
          kernel = kernel.transpose(3, 2, 0, 1); // [out, in, kh, kw]
          groups = 1;
          outChannels = sh[3];
        }
        NDArray bias =
            layer.config().path("use_bias").asBoolean(false)
                ? weights.create(model.require(name, "bias").data())
                : weights.zeros(new Shape(outChannels));
        yield new ConvOp(
            kernel,
            bias,
            k[0],
            k[1],
            s[0],
            s[1],
            "same".equals(layer.text("padding", "valid")),
            groups,
            layer.text("activation", "linear"));
      }
      case "BatchNormalization" -> {
        int axis = layer.config().path("axis").asInt(-1);
        if (axis != -1 && axis != 3) {
          throw new IllegalStateException(name + ": only channels-last BatchNormalization");
        }
        double eps = layer.config().path("epsilon").asDouble(1e-3);
        float[] mean = model.require(name, "moving_mean").data();
        float[] var = model.require(name, "moving_variance").data();
        float[] gamma = model.weight(name, "gamma").map(WeightTensor::data).orElse(null);
        float[] beta = model.weight(name, "beta").map(WeightTensor::data).orElse(null);
        float[] scale = new float[mean.length];
        float[] shift = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
          double g = gamma == null ? 1 : gamma[c];
          double b = beta == null ? 0 : beta[c];
          double sc = g / Math.sqrt(var[c] + eps);
          scale[c] = (float) sc;
          shift[c] = (float) (b - mean[c] * sc);
        }
        yield new ScaleShiftOp(
            weights.create(scale, new Shape(1, scale.length, 1, 1)),
            weights.create(shift, new Shape(1, shift.length, 1, 1)));
      }
      case "ReLU" -> {
        var c = layer.config();
        double max =
            c.path("max_value").isNumber()
                ? c.path("max_value").asDouble()
                : Double.POSITIVE_INFINITY;
        yield new ReluOp(
            max, c.path("negative_slope").asDouble(0), c.path("threshold").asDouble(0));
      }
      case "Activation" -> new ActivationOp(layer.text("activation", "linear"));
      case "Add" -> new AddOp();
      case "AveragePooling2D", "MaxPooling2D" -> {
        checkChannelsLast(layer);
        int[] p = layer.intPair("pool_size");
        int[] s = layer.config().path("strides").isArray() ? layer.intPair("strides") : p;
        yield new PoolOp(
            layer.className().startsWith("Max"),
            p[0],
            p[1],
            s[0],
            s[1],
            "same".equals(layer.text("padding", "valid")));
      }
      case "GlobalAveragePooling2D" -> new GlobalAvgOp();
      case "Flatten" -> new FlattenOp();
      case "Dense" -> {
        WeightTensor w = model.require(name, "kernel"); // [in, out]
        NDArray kernel = weights.create(w.data(), new Shape(w.shape()[0], w.shape()[1]));
        NDArray bias =
            layer.config().path("use_bias").asBoolean(true)
                ? weights.create(model.require(name, "bias").data())
                : weights.zeros(new Shape(w.shape()[1]));
        yield new DenseOp(kernel, bias, layer.text("activation", "linear"));
      }
      default ->
          throw new IllegalStateException(
              name + ": Keras layer " + layer.className() + " is not supported");
    };
  }

  private static void checkChannelsLast(KerasLayer layer) {
    String format = layer.text("data_format", "channels_last");
    if (!format.equals("channels_last")) {
      throw new IllegalStateException(layer.name() + ": only channels_last is supported");
    }
  }

  @Override
  public void close() {
    weights.close();
  }
}
