package dev.hisam.tokenizer;

import dev.hisam.core.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A fitted RQ-VAE: encoder and decoder weights (plain Java) and the latent codebooks. */
public final class TrainedRqVae implements TrainedTokenizer {
  private final RqVaeConfig config;
  private final List<ModalitySpec> modalities;
  private final Mlp encoder;
  private final Mlp decoder;
  private final Codebooks codebooks;
  private final TokenizerReport report;

  TrainedRqVae(
      RqVaeConfig config,
      List<ModalitySpec> modalities,
      Mlp encoder,
      Mlp decoder,
      Codebooks codebooks,
      TokenizerReport report) {
    this.config = config;
    this.modalities = List.copyOf(modalities);
    this.encoder = encoder;
    this.decoder = decoder;
    this.codebooks = codebooks;
    this.report = report;
  }

  /** Codes [N, L] of latents (consumed: they become the final residuals); sum of codes into q. */
  static int[][] quantize(List<float[][]> books, float[][] residual, float[][] q) {
    int[][] codes = new int[residual.length][books.size()];
    for (int l = 0; l < books.size(); l++) {
      int[] c = KMeans.quantizeInPlace(books.get(l), residual, q);
      for (int i = 0; i < c.length; i++) {
        codes[i][l] = c[i];
      }
    }
    return codes;
  }

  private List<float[][]> books() {
    List<float[][]> b = new ArrayList<>();
    for (int l = 0; l < codebooks.levels(); l++) {
      b.add(codebooks.view(l));
    }
    return b;
  }

  private int[] sizes() {
    int[] s = new int[codebooks.levels()];
    Arrays.fill(s, config.codebookSize());
    return s;
  }

  @Override
  public SemanticIdTable assign(TokenizerInput input) {
    TrainedTokenizer.check(modalities, input);
    float[][] latent = encoder.forwardAll(input.fused());
    return SemanticIdTable.of(codebooks.names(), sizes(), quantize(books(), latent, null));
  }

  TrainedRqVae withReport(TokenizerInput input, double seconds) {
    float[][] fused = input.fused();
    float[][] latent = encoder.forwardAll(fused);
    float[][] q = new float[latent.length][latent[0].length];
    int[][] codes = quantize(books(), latent, q);
    float[][] recon = decoder.forwardAll(q);
    List<TokenizerReport.Modality> mods = new ArrayList<>();
    int off = 0;
    for (ModalityInput m : input.modalities()) {
      float[][] x = new float[fused.length][];
      float[][] xh = new float[fused.length][];
      int count = 0;
      for (int i = 0; i < fused.length; i++) {
        if (m.present(i)) {
          x[i] = Arrays.copyOfRange(fused[i], off, off + m.dim());
          xh[i] = Arrays.copyOfRange(recon[i], off, off + m.dim());
          count++;
        }
      }
      off += m.dim();
      mods.add(
          new TokenizerReport.Modality(
              m.name(), count, Diagnostics.relativeError(x, xh), null, null, null));
    }
    SemanticIdTable table = SemanticIdTable.of(codebooks.names(), sizes(), codes);
    return new TrainedRqVae(
        config,
        modalities,
        encoder,
        decoder,
        codebooks,
        TokenizerReport.of(kind(), table, sizes(), mods, List.of(), seconds));
  }

  @Override
  public TokenizerKind kind() {
    return TokenizerKind.RQ_VAE;
  }

  public RqVaeConfig config() {
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

  @Override
  public void save(Path dir) {
    Map<String, float[][]> w = new LinkedHashMap<>();
    encoder.putInto(w, "encoder");
    decoder.putInto(w, "decoder");
    AtomicFiles.writeNewDirectory(
        dir,
        tmp -> {
          codebooks.save(tmp.resolve(CODEBOOKS));
          new MatrixArchive(codebooks.configHash(), w).save(tmp.resolve(WEIGHTS), WEIGHTS_MAGIC);
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

  static TrainedRqVae load(
      RqVaeConfig config,
      List<ModalitySpec> modalities,
      Codebooks books,
      TokenizerReport report,
      Path file) {
    MatrixArchive a = MatrixArchive.load(file, WEIGHTS_MAGIC);
    if (!a.configHash().equals(books.configHash())) {
      throw new dev.hisam.core.InputException(file, 0, "configHash", "weights of another config");
    }
    return new TrainedRqVae(
        config,
        modalities,
        Mlp.from(a, "encoder", file),
        Mlp.from(a, "decoder", file),
        books,
        report);
  }
}
