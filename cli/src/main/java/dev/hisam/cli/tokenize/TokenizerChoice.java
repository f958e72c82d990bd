package dev.hisam.cli.tokenize;

import dev.hisam.tokenizer.TokenizerKind;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/** The {@code --tokenizer} option: one kind or all three. */
enum TokenizerChoice {
  DST(List.of(TokenizerKind.DST)),
  RQ_KMEANS(List.of(TokenizerKind.RQ_KMEANS)),
  RQ_VAE(List.of(TokenizerKind.RQ_VAE)),
  ALL(List.of(TokenizerKind.DST, TokenizerKind.RQ_KMEANS, TokenizerKind.RQ_VAE));

  final List<TokenizerKind> kinds;

  TokenizerChoice(List<TokenizerKind> kinds) {
    this.kinds = kinds;
  }

  /** The folder under {@code tokenizer/}, e.g. "rq-kmeans". */
  static String dirName(TokenizerKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses dst, rq-kmeans, rq-vae, all (case-insensitive; '_' for '-' accepted). */
  static final class Converter implements CommandLine.ITypeConverter<TokenizerChoice> {
    @Override
    public TokenizerChoice convert(String value) {
      String v = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
      for (TokenizerChoice c : values()) {
        if (c.name().equals(v)) {
          return c;
        }
      }
      throw new CommandLine.TypeConversionException(
          "unknown tokenizer '" + value + "'; known: dst, rq-kmeans, rq-vae, all");
    }
  }
}
