package dev.hisam.tokenizer;

import dev.hisam.core.Seeds;

/** Learns semantic IDs from item embeddings: a trainer whose result is immutable. */
public interface Tokenizer {
  TokenizerKind kind();

  /** Fits on {@code input}; same input and seeds give byte-identical codebooks and tables. */
  TrainedTokenizer fit(TokenizerInput input, Seeds seeds, TokenizerProgress progress);
}
