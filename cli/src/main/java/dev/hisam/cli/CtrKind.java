package dev.hisam.cli;

import java.util.Locale;
import picocli.CommandLine;

/** The CTR models of `hisam ctr`. */
enum CtrKind {
  /** HMAT with the CTR head, on the run's semantic IDs. */
  HMAT,
  /** The flat SID transformer (no anchors, 1-D RoPE) with the CTR head. */
  FLAT,
  /** The same transformer over item IDs (one token per item): the ID-based sequential model. */
  ITEM_ID,
  /** Logistic regression on the content embeddings (text and image). */
  LOGREG;

  String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return cliName();
  }

  static final class Converter implements CommandLine.ITypeConverter<CtrKind> {
    @Override
    public CtrKind convert(String value) {
      for (CtrKind k : values()) {
        if (k.cliName().equals(value)) {
          return k;
        }
      }
      throw new CommandLine.TypeConversionException(
          "unknown CTR model '" + value + "'; one of hmat, flat, item-id, logreg");
    }
  }
}
