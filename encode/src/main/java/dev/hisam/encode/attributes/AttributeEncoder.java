package dev.hisam.encode.attributes;

import dev.hisam.data.Dataset;
import dev.hisam.encode.Encoder;
import dev.hisam.encode.InputDigest;
import dev.hisam.encode.ItemEmbeddings;
import dev.hisam.encode.Modality;
import dev.hisam.encode.Progress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Embeds each item's bag of categorical attribute ids without training: TF-IDF weights (count ×
 * smoothed idf {@code ln((1+N)/(1+df)) + 1}) projected by a seeded sparse random projection, then
 * L2-normalised. Items with an empty bag get a null row.
 *
 * <p>Why a sparse random projection rather than TF-IDF + truncated SVD: it needs no factorisation
 * (O(non-zeros · dim) time, no dense N×V matrix, trivially parallel and streaming on two cores); by
 * Johnson–Lindenstrauss it preserves the TF-IDF cosine geometry up to a known distortion
 * (O(1/sqrt(dim))), which is exactly what the downstream projection and quantizer consume; and the
 * random vector of an attribute depends only on (seed, attribute id), so adding items or attributes
 * never rotates the others' vectors (SVD would re-derive the basis). SVD's denoising of correlated
 * attributes is left to the trained DST projections.
 */
public final class AttributeEncoder implements Encoder {
  public static final String NAME = "tfidf-sparse-random-projection";

  private final AttributeEncoderConfig config;

  public AttributeEncoder(AttributeEncoderConfig config) {
    this.config = config;
  }

  @Override
  public Modality modality() {
    return Modality.ATTRIBUTES;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String fingerprint() {
    return "dim="
        + config.dim()
        + ";density="
        + config.density()
        + ";seed="
        + config.seed()
        + ";idf=smooth;l2";
  }

  @Override
  public String inputDigest(Dataset dataset) {
    int[][] bags = dataset.content().attributes();
    InputDigest d = new InputDigest().add(bags.length);
    for (int[] bag : bags) {
      d.add(bag);
    }
    return d.hex();
  }

  @Override
  public ItemEmbeddings encode(Dataset dataset, Progress progress) {
    float[][] vectors = encode(dataset.content().attributes(), progress);
    return new ItemEmbeddings(
        Modality.ATTRIBUTES, config.dim(), vectors, NAME, fingerprint(), List.of());
  }

  /** Embeds bags of attribute ids: {@code [numItems][dim]}, null rows for empty bags. */
  public float[][] encode(int[][] bags, Progress progress) {
    int n = bags.length;
    Map<Integer, Integer> df = new HashMap<>();
    for (int[] bag : bags) {
      if (bag == null) {
        continue;
      }
      java.util.Arrays.stream(bag).distinct().forEach(a -> df.merge(a, 1, Integer::sum));
    }
    Map<Integer, float[]> projection = new HashMap<>();
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      int[] bag = bags[i];
      if (bag == null || bag.length == 0) {
        continue;
      }
      Map<Integer, Integer> tf = new HashMap<>();
      for (int a : bag) {
        tf.merge(a, 1, Integer::sum);
      }
      double[] v = new double[config.dim()];
      for (Map.Entry<Integer, Integer> e : tf.entrySet()) {
        double w = e.getValue() * idf(n, df.get(e.getKey()));
        float[] r = projection.computeIfAbsent(e.getKey(), this::randomRow);
        for (int k = 0; k < v.length; k++) {
          v[k] += w * r[k];
        }
      }
      out[i] = normalise(v);
      if ((i + 1) % 1024 == 0 || i == n - 1) {
        progress.update(i + 1, n);
      }
    }
    progress.update(n, n);
    return out;
  }

  /** Smoothed inverse document frequency, as scikit-learn's default: ln((1+N)/(1+df)) + 1. */
  static double idf(int n, int df) {
    return Math.log((1.0 + n) / (1.0 + df)) + 1.0;
  }

  /** The projection row of one attribute: depends only on (seed, attribute id). */
  float[] randomRow(int attribute) {
    SplittableRandom rnd = new SplittableRandom(mix(config.seed(), attribute));
    float[] r = new float[config.dim()];
    float value = (float) (1 / Math.sqrt(config.density()));
    for (int k = 0; k < r.length; k++) {
      double u = rnd.nextDouble();
      if (u < config.density() / 2) {
        r[k] = value;
      } else if (u < config.density()) {
        r[k] = -value;
      }
    }
    return r;
  }

  private static long mix(long seed, int attribute) {
    long z = seed * 0x9E3779B97F4A7C15L + attribute;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static float[] normalise(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    float[] r = new float[v.length];
    if (s == 0) {
      return r;
    }
    double inv = 1 / Math.sqrt(s);
    for (int k = 0; k < v.length; k++) {
      r[k] = (float) (v[k] * inv);
    }
    return r;
  }
}
