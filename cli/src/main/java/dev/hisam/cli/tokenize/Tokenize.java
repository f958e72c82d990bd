package dev.hisam.cli.tokenize;

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
