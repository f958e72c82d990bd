package dev.hisam.tokenizer;

import dev.hisam.core.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** RQ-KMeans: k-means on the fused embedding, then on its residual, level by level. */
public final class RqKMeans implements Tokenizer {
  private final RqKMeansConfig config;

  public RqKMeans(RqKMeansConfig config) {
    this.config = config;
  }

  @Override
  public TokenizerKind kind() {
    return TokenizerKind.RQ_KMEANS;
  }

  @Override
  public TrainedRqKMeans fit(TokenizerInput input, Seeds seeds, TokenizerProgress progress) {
    long t0 = System.nanoTime();
    float[][] residual = input.fused(); // [N, D]
    List<float[][]> books = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int l = 0; l < config.levels(); l++) {
      progress.report("kmeans", l, config.levels(), Double.NaN);
      SplittableRandom rng = seeds.stream("rqkmeans.level" + (l + 1));
      float[][] c =
          config.balanced()
              ? KMeans.fitBalanced(residual, config.codebookSize(), config.iterations(), rng)
              : KMeans.fit(residual, config.codebookSize(), config.iterations(), rng);
      KMeans.quantizeInPlace(c, residual, null);
      books.add(c);
      names.add("level." + (l + 1));
    }
    Codebooks codebooks = new Codebooks(TrainedTokenizer.configHash(kind(), config), names, books);
    progress.report("kmeans", config.levels(), config.levels(), Double.NaN);
    return new TrainedRqKMeans(config, TrainedTokenizer.specs(input), codebooks, null)
        .withReport(input, (System.nanoTime() - t0) / 1e9);
  }
}
