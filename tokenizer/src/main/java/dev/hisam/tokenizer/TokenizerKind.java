package dev.hisam.tokenizer;

/** The tokenizers we ship. */
public enum TokenizerKind {
  DST,
  RQ_KMEANS,
  RQ_VAE
}
