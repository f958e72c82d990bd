package dev.hisam.model.sasrec;

/** Slow plain-Java reference of the network pieces (loops, doubles), for tests. */
final class Reference {
  private Reference() {}

  /** x [T, D] row-major -> layer norm per row. */
  static double[][] layerNorm(double[][] x, float[] gamma, float[] beta) {
    double[][] out = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      int d = x[t].length;
      double mean = 0;
      for (double v : x[t]) {
        mean += v;
      }
      mean /= d;
      double var = 0;
      for (double v : x[t]) {
        var += (v - mean) * (v - mean);
      }
      var /= d;
      out[t] = new double[d];
      for (int i = 0; i < d; i++) {
        out[t][i] = (x[t][i] - mean) / Math.sqrt(var + LayerNorm.EPS) * gamma[i] + beta[i];
      }
    }
    return out;
  }

  /** x [T, in] times w [in, out] (row-major) plus b [out]. */
  static double[][] linear(double[][] x, float[] w, float[] b) {
    int out = b.length;
    int in = x[0].length;
    double[][] y = new double[x.length][out];
    for (int t = 0; t < x.length; t++) {
      for (int o = 0; o < out; o++) {
        double s = b[o];
        for (int i = 0; i < in; i++) {
          s += x[t][i] * w[i * out + o];
        }
        y[t][o] = s;
      }
    }
    return y;
  }

  /** Exact GELU x * Phi(x) with a high-precision erf (Abramowitz-Stegun 7.1.26, |err| < 1.5e-7). */
  static double gelu(double x) {
    return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
  }

  static double erf(double x) {
    double sign = Math.signum(x);
    double a = Math.abs(x);
    double t = 1 / (1 + 0.3275911 * a);
    double y =
        1
            - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                    + 0.254829592)
                * t
                * Math.exp(-a * a);
    return sign * y;
  }

  /**
   * One pre-LN block on one sequence x [T, D] whose first {@code pad} positions are padding.
   * Weights are read from {@code p} under {@code name}.
   */
  static double[][] block(
      double[][] x, int pad, Parameters p, String name, int heads, SasRecConfig.Activation act) {
    int t = x.length;
    int d = x[0].length;
    int dh = d / heads;
    double[][] ln1 = layerNorm(x, f(p, name + ".attnNorm.gamma"), f(p, name + ".attnNorm.beta"));
    double[][] qkv = linear(ln1, f(p, name + ".attn.qkv.weight"), f(p, name + ".attn.qkv.bias"));
    double[][] mixed = new double[t][d];
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < t; i++) {
        double[] w = new double[t];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < t; j++) {
          boolean visible = j <= i && j >= pad;
          double s = 0;
          for (int k = 0; k < dh; k++) {
            s += qkv[i][h * dh + k] * qkv[j][d + h * dh + k];
          }
          w[j] = visible ? s / Math.sqrt(dh) : Double.NEGATIVE_INFINITY;
          max = Math.max(max, w[j]);
        }
        double z = 0;
        for (int j = 0; j < t; j++) {
          // a row with no visible key (a padded query) is uniform, as the additive -1e9 gives
          w[j] = max == Double.NEGATIVE_INFINITY ? 1 : Math.exp(w[j] - max);
          z += w[j];
        }
        for (int j = 0; j < t; j++) {
          for (int k = 0; k < dh; k++) {
            mixed[i][h * dh + k] += w[j] / z * qkv[j][2 * d + h * dh + k];
          }
        }
      }
    }
    double[][] a = linear(mixed, f(p, name + ".attn.out.weight"), f(p, name + ".attn.out.bias"));
    double[][] hs = new double[t][d];
    for (int i = 0; i < t; i++) {
      for (int k = 0; k < d; k++) {
        hs[i][k] = x[i][k] + a[i][k];
      }
    }
    double[][] ln2 = layerNorm(hs, f(p, name + ".ffnNorm.gamma"), f(p, name + ".ffnNorm.beta"));
    double[][] up = linear(ln2, f(p, name + ".ffn.up.weight"), f(p, name + ".ffn.up.bias"));
    for (double[] row : up) {
      for (int k = 0; k < row.length; k++) {
        row[k] = act == SasRecConfig.Activation.GELU ? gelu(row[k]) : Math.max(0, row[k]);
      }
    }
    double[][] down = linear(up, f(p, name + ".ffn.down.weight"), f(p, name + ".ffn.down.bias"));
    double[][] out = new double[t][d];
    for (int i = 0; i < t; i++) {
      for (int k = 0; k < d; k++) {
        out[i][k] = hs[i][k] + down[i][k];
      }
    }
    return out;
  }

  static float[] f(Parameters p, String name) {
    return p.get(name).toFloatArray();
  }
}
