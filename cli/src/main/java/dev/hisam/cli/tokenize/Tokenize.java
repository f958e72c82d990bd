package dev.hisam.cli.tokenize;

import dev.hisam.core.io.RunDirectory;
import dev.hisam.data.Dataset;
import dev.hisam.encode.Modality;
import dev.hisam.eval.baseline.ContentLogisticRegression;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The tokenize stage as the pipeline calls it: one tokenizer, default settings plus overrides. */
public final class Tokenize {
  private Tokenize() {}

  /** The folder under a run that holds {@code <kind>/sids.bin} for each fitted tokenizer. */
  public static Path dir(Path run, String kind) {
    return run.resolve(TokenizeStage.DIR).resolve(kind);
  }

  /**
   * Content vectors of every item for content-only baselines: the given modalities (from the run's
   * embedding cache when present, encoded and cached otherwise), each row L2-normalised, joined
   * side by side; an item without a modality has zeros there.
   */
  public static float[][] contentVectors(
      RunDirectory run, Dataset dataset, List<Modality> modalities, PrintWriter err) {
    ModalityEncoders encoders = new ModalityEncoders(run, dataset, TokenizeConfig.defaults(), err);
    encoders.check(modalities);
    List<Encoded> encoded = encoders.encode(modalities);
    float[][][] parts = new float[encoded.size()][][];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = encoded.get(i).embeddings().vectors();
    }
    return ContentLogisticRegression.concatNormalised(parts);
  }

  /**
   * Fits tokenizer {@code kind} (dst, rq-kmeans or rq-vae) on the run and publishes {@code
   * tokenizer/<kind>/}.
   */
  public static void run(Path run, String kind, List<String> overrides, PrintWriter err) {
    TokenizerChoice choice = new TokenizerChoice.Converter().convert(kind);
    if (choice == TokenizerChoice.ALL) {
      throw new IllegalArgumentException("one tokenizer, not all");
    }
    new TokenizeStage(err).run(run, TokenizeConfig.resolve(null, overrides), choice);
  }
}
