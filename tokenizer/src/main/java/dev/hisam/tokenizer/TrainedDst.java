package dev.hisam.tokenizer;

import dev.hisam.core.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A fitted DST: per-modality projections and decoders (plain-Java weights), shared and per-modality
 * codebooks. SID layout: [shared.1..shared.Ls | m.1..m.Lm for each modality]; a modality level of
 * an item that lacks the modality holds the reserved "absent" code K.
 */
public final class TrainedDst implements TrainedTokenizer {
  private final DstConfig config;
  private final List<ModalitySpec> modalities;
  private final List<Mlp> projections;
  private final List<Mlp> decoders;
  private final float[] scales;
  private final Codebooks codebooks;
  private final TokenizerReport report;

  TrainedDst(
      DstConfig config,
      List<ModalitySpec> modalities,
      List<Mlp> projections,
      List<Mlp> decoders,
      float[] scales,
      Codebooks codebooks,
      TokenizerReport report) {
    this.config = config;
    this.modalities = List.copyOf(modalities);
    this.projections = List.copyOf(projections);
    this.decoders = List.copyOf(decoders);
    this.scales = scales.clone();
    this.codebooks = codebooks;
    this.report = report;
  }

  /** Level names in SID order. */
  static List<String> levelNames(DstConfig c, List<String> modalities) {
    List<String> names = new ArrayList<>();
    for (int l = 1; l <= c.sharedLevels(); l++) {
      names.add("shared." + l);
    }
    for (String m : modalities) {
      for (int l = 1; l <= c.specificLevels(); l++) {
        names.add(m + "." + l);
      }
    }
    return names;
  }

  /**
   * Everything the plain-Java forward computes for a set of items.
   *
   * @param z unit projections per modality [M][N][d] (null rows: modality absent)
   * @param shared q_s [N, d]
   * @param specific q_m per modality [M][N][d]
   * @param codes [N, L] (absent code = K)
   * @param levelInputs the residual each level quantized [L][N][d] (null rows: absent)
   */
  record Encoding(
      float[][][] z,
      float[][] shared,
      float[][][] specific,
      int[][] codes,
      float[][][] levelInputs) {}

  /** Scaled inputs: x * scale_m, null where absent. [N, D_m] */
  static float[][] scaled(ModalityInput m, float scale) {
    float[][] out = new float[m.items()][];
    for (int i = 0; i < out.length; i++) {
      float[] v = m.vectors()[i];
      if (v != null) {
        out[i] = new float[v.length];
        for (int j = 0; j < v.length; j++) {
          out[i][j] = v[j] * scale;
        }
      }
    }
    return out;
  }

  /** Unit projections z_m of every item (null where absent). */
  static float[][] project(Mlp proj, float[][] x) {
    float[][] h = proj.forwardAll(x);
    for (int i = 0; i < h.length; i++) {
      if (h[i] != null) {
        h[i] = Vectors.normalize(h[i]);
      }
    }
    return h;
  }

  /** u = normalize(sum of present z_m). [N, d] */
  static float[][] fuse(float[][][] z) {
    int n = z[0].length;
    float[][] u = new float[n][];
    for (int i = 0; i < n; i++) {
      float[] s = null;
      for (float[][] zm : z) {
        if (zm[i] != null) {
          if (s == null) {
            s = new float[zm[i].length];
          }
          for (int j = 0; j < s.length; j++) {
            s[j] += zm[i][j];
          }
        }
      }
      u[i] = Vectors.normalize(s);
    }
    return u;
  }

  static Encoding encode(
      List<Mlp> projections,
      float[] scales,
      List<float[][]> sharedBooks,
      List<List<float[][]>> specificBooks,
      TokenizerInput input,
      int k) {
    int mCount = input.modalities().size();
    int n = input.items();
    float[][][] z = new float[mCount][][];
    for (int m = 0; m < mCount; m++) {
      z[m] = project(projections.get(m), scaled(input.modalities().get(m), scales[m]));
    }
    float[][] u = fuse(z);
    int ls = sharedBooks.size();
    int lm = specificBooks.isEmpty() ? 0 : specificBooks.get(0).size();
    int levels = ls + mCount * lm;
    int[][] codes = new int[n][levels];
    float[][][] inputs = new float[levels][][];
    float[][] residual = Codebooks.deepCopy(u);
    int d = u[0].length;
    float[][] qs = new float[n][d];
    for (int l = 0; l < ls; l++) {
      inputs[l] = Codebooks.deepCopy(residual);
      int[] c = KMeans.quantizeInPlace(sharedBooks.get(l), residual, qs);
      for (int i = 0; i < n; i++) {
        codes[i][l] = c[i];
      }
    }
    float[][][] qm = new float[mCount][n][];
    for (int m = 0; m < mCount; m++) {
      float[][] zm = z[m];
      float[][] r = new float[n][];
      for (int i = 0; i < n; i++) {
        if (zm[i] != null) {
          r[i] = new float[d];
          qm[m][i] = new float[d];
          for (int j = 0; j < d; j++) {
            r[i][j] = zm[i][j] - qs[i][j];
          }
        }
      }
      float[][] sum = qm[m];
      for (int l = 0; l < lm; l++) {
        int level = ls + m * lm + l;
        inputs[level] = Codebooks.deepCopy(r);
        int[] c = quantizePresent(specificBooks.get(m).get(l), r, sum);
        for (int i = 0; i < n; i++) {
          codes[i][level] = c[i] < 0 ? k : c[i];
        }
      }
    }
    return new Encoding(z, qs, qm, codes, inputs);
  }

  private static int[] quantizePresent(float[][] book, float[][] r, float[][] sum) {
    int[] codes = KMeans.assign(book, r);
    IntStream.range(0, r.length)
        .parallel()
        .forEach(
            i -> {
              if (r[i] == null) {
                return;
              }
              int c = codes[i];
              for (int j = 0; j < r[i].length; j++) {
                r[i][j] -= book[c][j];
                sum[i][j] += book[c][j];
              }
            });
    return codes;
  }

  Encoding encode(TokenizerInput input) {
    int ls = config.sharedLevels();
    int lm = config.specificLevels();
    List<float[][]> shared = new ArrayList<>();
    for (int l = 0; l < ls; l++) {
      shared.add(codebooks.view(l));
    }
    List<List<float[][]>> specific = new ArrayList<>();
    for (int m = 0; m < modalities.size(); m++) {
      List<float[][]> books = new ArrayList<>();
      for (int l = 0; l < lm; l++) {
        books.add(codebooks.view(ls + m * lm + l));
      }
      specific.add(books);
    }
    return encode(projections, scales, shared, specific, input, config.codebookSize());
  }

  int[] levelSizes() {
    int[] sizes = new int[codebooks.levels()];
    for (int l = 0; l < sizes.length; l++) {
      sizes[l] = l < config.sharedLevels() ? config.codebookSize() : config.codebookSize() + 1;
    }
    return sizes;
  }

  @Override
  public SemanticIdTable assign(TokenizerInput input) {
    TrainedTokenizer.check(modalities, input);
    return SemanticIdTable.of(codebooks.names(), levelSizes(), encode(input).codes());
  }

  /** Reconstruction x^_m = g_m(q_s + q_m) of every item that has modality m. */
  float[][] reconstruct(int m, Encoding e) {
    int n = e.shared().length;
    float[][] in = new float[n][];
    for (int i = 0; i < n; i++) {
      if (e.specific()[m][i] != null) {
        in[i] = e.shared()[i].clone();
        for (int j = 0; j < in[i].length; j++) {
          in[i][j] += e.specific()[m][i][j];
        }
      }
    }
    return decoders.get(m).forwardAll(in);
  }

  TrainedDst withReport(
      TokenizerInput input, double[] trainingMi, SplittableRandomSource rng, double seconds) {
    Encoding e = encode(input);
    SemanticIdTable table = SemanticIdTable.of(codebooks.names(), levelSizes(), e.codes());
    List<TokenizerReport.Modality> mods = new ArrayList<>();
    for (int m = 0; m < modalities.size(); m++) {
      float[][] x = scaled(input.modalities().get(m), scales[m]);
      int[] present = IntStream.range(0, x.length).filter(i -> x[i] != null).toArray();
      float[][] qs = new float[present.length][];
      float[][] qm = new float[present.length][];
      for (int p = 0; p < present.length; p++) {
        qs[p] = e.shared()[present[p]];
        qm[p] = e.specific()[m][present[p]];
      }
      boolean specific = config.specificLevels() > 0 && present.length > 2;
      mods.add(
          new TokenizerReport.Modality(
              modalities.get(m).name(),
              present.length,
              Diagnostics.relativeError(x, reconstruct(m, e)),
              specific ? Diagnostics.linearClub(qs, qm) : null,
              trainingMi == null ? null : trainingMi[m],
              specific ? Diagnostics.meanAbsCorrelation(qs, qm) : null));
    }
    List<TokenizerReport.Alignment> align = new ArrayList<>();
    for (int a = 0; a < modalities.size(); a++) {
      for (int b = a + 1; b < modalities.size(); b++) {
        double[] mr = Diagnostics.matchedVsRandom(e.z()[a], e.z()[b], rng.stream());
        align.add(
            new TokenizerReport.Alignment(
                modalities.get(a).name(), modalities.get(b).name(), mr[0], mr[1]));
      }
    }
    int[] sizes = new int[codebooks.levels()];
    java.util.Arrays.fill(sizes, config.codebookSize());
    return new TrainedDst(
        config,
        modalities,
        projections,
        decoders,
        scales,
        codebooks,
        TokenizerReport.of(kind(), table, sizes, mods, align, seconds));
  }

  /** A source of the report's random stream (keeps Seeds out of this class's state). */
  @FunctionalInterface
  interface SplittableRandomSource {
    java.util.SplittableRandom stream();
  }

  @Override
  public TokenizerKind kind() {
    return TokenizerKind.DST;
  }

  public DstConfig config() {
    return config;
  }

  @Override
  public List<ModalitySpec> modalities() {
    return modalities;
  }

  @Override
  public Codebooks codebooks() {
    return codebooks;
  }

  @Override
  public TokenizerReport report() {
    return report;
  }

  MatrixArchive weights() {
    Map<String, float[][]> w = new LinkedHashMap<>();
    for (int m = 0; m < modalities.size(); m++) {
      String name = modalities.get(m).name();
      projections.get(m).putInto(w, "projection." + name);
      decoders.get(m).putInto(w, "decoder." + name);
      w.put("scale." + name, new float[][] {{scales[m]}});
    }
    return new MatrixArchive(codebooks.configHash(), w);
  }

  @Override
  public void save(Path dir) {
    AtomicFiles.writeNewDirectory(
        dir,
        tmp -> {
          codebooks.save(tmp.resolve(CODEBOOKS));
          weights().save(tmp.resolve(WEIGHTS), WEIGHTS_MAGIC);
          TrainedTokenizer.writeManifest(
              tmp,
              new Manifest(
                  FORMAT_VERSION,
                  kind(),
                  codebooks.configHash(),
                  dev.hisam.core.Json.mapper().valueToTree(config),
                  modalities,
                  report));
        });
  }

  static TrainedDst load(
      DstConfig config,
      List<ModalitySpec> modalities,
      Codebooks books,
      TokenizerReport report,
      Path file) {
    MatrixArchive a = MatrixArchive.load(file, WEIGHTS_MAGIC);
    if (!a.configHash().equals(books.configHash())) {
      throw new dev.hisam.core.InputException(file, 0, "configHash", "weights of another config");
    }
    List<Mlp> proj = new ArrayList<>();
    List<Mlp> dec = new ArrayList<>();
    float[] scales = new float[modalities.size()];
    for (int m = 0; m < modalities.size(); m++) {
      String name = modalities.get(m).name();
      proj.add(Mlp.from(a, "projection." + name, file));
      dec.add(Mlp.from(a, "decoder." + name, file));
      scales[m] = a.get("scale." + name, file)[0][0];
    }
    return new TrainedDst(config, modalities, proj, dec, scales, books, report);
  }
}
