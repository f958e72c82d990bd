package dev.hisam.cli;

import java.util.Locale;

/** The recommenders the CLI can train and evaluate (more arrive with the tokenizer and HMAT). */
enum ModelKind {
  POPULARITY,
  SASREC;

  String dirName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
