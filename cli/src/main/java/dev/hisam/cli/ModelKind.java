package dev.hisam.cli;

import java.util.List;
import java.util.Locale;

/** The recommenders the CLI can train and evaluate. */
enum ModelKind {
  POPULARITY,
  SASREC,
  /** Hi-SAM's HMAT over the run's semantic IDs (needs {@code hisam tokenize}). */
  HMAT,
  /** The flat TIGER-style SID transformer: HMAT's kernels, 1-D RoPE, dense causal mask. */
  FLAT;

  /** What {@code train} and {@code pipeline} train when no {@code --model} is given. */
  static final List<ModelKind> DEFAULTS = List.of(POPULARITY, SASREC);

  String dirName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the model reads semantic IDs from {@code tokenizer/<sids>/}. */
  boolean readsSids() {
    return this == HMAT || this == FLAT;
  }
}
