package dev.hisam.tokenizer;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Immutable weights of a ReLU MLP in plain Java: layer {@code i} is {@code y = x W_i + b_i} with W
 * [in, out], ReLU between layers, none after the last.
 */
public record Mlp(List<float[][]> weights, List<float[]> biases) {
  public Mlp {
    weights = List.copyOf(weights);
    biases = List.copyOf(biases);
  }

  public int inDim() {
    return weights.get(0).length;
  }

  public int outDim() {
    return biases.get(biases.size() - 1).length;
  }

  public float[] forward(float[] x) {
    float[] h = x;
    for (int l = 0; l < weights.size(); l++) {
      float[][] w = weights.get(l);
      float[] y = biases.get(l).clone();
      Vectors.addVectorMatrix(h, w, y);
      if (l < weights.size() - 1) {
        for (int o = 0; o < y.length; o++) {
          y[o] = Math.max(0f, y[o]);
        }
      }
      h = y;
    }
    return h;
  }

  /** Forward of every row (null rows stay null). [N, out] */
  public float[][] forwardAll(float[][] x) {
    float[][] out = new float[x.length][];
    IntStream.range(0, x.length)
        .parallel()
        .forEach(i -> out[i] = x[i] == null ? null : forward(x[i]));
    return out;
  }

  void putInto(Map<String, float[][]> archive, String prefix) {
    for (int l = 0; l < weights.size(); l++) {
      archive.put(prefix + ".w" + l, weights.get(l));
      archive.put(prefix + ".b" + l, new float[][] {biases.get(l)});
    }
  }

  static Mlp from(MatrixArchive a, String prefix, java.nio.file.Path source) {
    var ws = new java.util.ArrayList<float[][]>();
    var bs = new java.util.ArrayList<float[]>();
    for (int l = 0; a.matrices().containsKey(prefix + ".w" + l); l++) {
      ws.add(a.get(prefix + ".w" + l, source));
      bs.add(a.get(prefix + ".b" + l, source)[0]);
    }
    if (ws.isEmpty()) {
      throw new dev.hisam.core.InputException(source, 0, prefix, "missing network");
    }
    return new Mlp(ws, bs);
  }
}
