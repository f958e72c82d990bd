package dev.hisam.tokenizer;

import dev.hisam.core.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A fitted RQ-KMeans tokenizer: just its codebooks over the fused embedding. */
public final class TrainedRqKMeans implements TrainedTokenizer {
  private final RqKMeansConfig config;
  private final List<ModalitySpec> modalities;
  private final Codebooks codebooks;
  private final TokenizerReport report;

  TrainedRqKMeans(
      RqKMeansConfig config,
      List<ModalitySpec> modalities,
      Codebooks codebooks,
      TokenizerReport report) {
    this.config = config;
    this.modalities = List.copyOf(modalities);
    this.codebooks = codebooks;
    this.report = report;
  }

  TrainedRqKMeans withReport(TokenizerInput input, double seconds) {
    float[][] fused = input.fused();
    float[][] residual = Codebooks.deepCopy(fused);
    float[][] recon = new float[fused.length][fused[0].length];
    int[][] codes = codes(residual, recon);
    SemanticIdTable table = table(codes);
    List<TokenizerReport.Modality> mods = new ArrayList<>();
    int off = 0;
    for (ModalityInput m : input.modalities()) {
      float[][] x = new float[fused.length][];
      float[][] xh = new float[fused.length][];
      for (int i = 0; i < fused.length; i++) {
        if (m.present(i)) {
          x[i] = Arrays.copyOfRange(fused[i], off, off + m.dim());
          xh[i] = Arrays.copyOfRange(recon[i], off, off + m.dim());
        }
      }
      off += m.dim();
      int count = (int) Arrays.stream(x).filter(v -> v != null).count();
      mods.add(
          new TokenizerReport.Modality(
              m.name(), count, Diagnostics.relativeError(x, xh), null, null, null));
    }
    int[] sizes = new int[codebooks.levels()];
    Arrays.fill(sizes, config.codebookSize());
    return new TrainedRqKMeans(
        config,
        modalities,
        codebooks,
        TokenizerReport.of(kind(), table, sizes, mods, List.of(), seconds));
  }

  private int[][] codes(float[][] residual, float[][] recon) {
    int n = residual.length;
    int[][] codes = new int[n][codebooks.levels()];
    for (int l = 0; l < codebooks.levels(); l++) {
      int[] c = KMeans.quantizeInPlace(codebooks.view(l), residual, recon);
      for (int i = 0; i < n; i++) {
        codes[i][l] = c[i];
      }
    }
    return codes;
  }

  private SemanticIdTable table(int[][] codes) {
    int[] sizes = new int[codebooks.levels()];
    Arrays.fill(sizes, config.codebookSize());
    return SemanticIdTable.of(codebooks.names(), sizes, codes);
  }

  @Override
  public TokenizerKind kind() {
    return TokenizerKind.RQ_KMEANS;
  }

  public RqKMeansConfig config() {
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
  public SemanticIdTable assign(TokenizerInput input) {
    TrainedTokenizer.check(modalities, input);
    float[][] fused = input.fused();
    return table(codes(fused, null));
  }

  @Override
  public TokenizerReport report() {
    return report;
  }

  @Override
  public void save(Path dir) {
    AtomicFiles.writeNewDirectory(
        dir,
        tmp -> {
          codebooks.save(tmp.resolve(CODEBOOKS));
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
}
