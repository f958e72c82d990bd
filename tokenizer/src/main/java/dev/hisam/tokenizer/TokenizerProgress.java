package dev.hisam.tokenizer;

/** Callback from a fit: {@code phase} (e.g. "kmeans", "train"), step of total, current loss. */
@FunctionalInterface
public interface TokenizerProgress {
  TokenizerProgress NONE = (phase, step, total, loss) -> {};

  void report(String phase, int step, int total, double loss);
}
