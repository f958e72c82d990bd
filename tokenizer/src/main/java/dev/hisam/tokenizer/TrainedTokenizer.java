package dev.hisam.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hisam.core.Hashing;
import dev.hisam.core.InputException;
import dev.hisam.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A fitted tokenizer: immutable, assigns semantic IDs to items of the same modalities, and saves
 * itself as a directory ({@code tokenizer.json}, {@code codebooks.bin}, {@code weights.bin}).
 */
public sealed interface TrainedTokenizer permits TrainedRqKMeans, TrainedRqVae, TrainedDst {
  String MANIFEST = "tokenizer.json";
  String CODEBOOKS = "codebooks.bin";
  String WEIGHTS = "weights.bin";
  int WEIGHTS_MAGIC = 0x48535754; // "HSWT"
  int FORMAT_VERSION = 1;

  TokenizerKind kind();

  /** The modality names and dimensions it was fitted on, in order. */
  List<ModalitySpec> modalities();

  Codebooks codebooks();

  /** The semantic IDs of every item of {@code input} (same modalities, any items). */
  SemanticIdTable assign(TokenizerInput input);

  /** The report computed on the fitting input. */
  TokenizerReport report();

  /** Writes the tokenizer as a new directory {@code dir} (fails if it exists). */
  void save(Path dir);

  /** Loads what {@link #save} wrote. */
  static TrainedTokenizer load(Path dir) {
    Path file = dir.resolve(MANIFEST);
    Manifest m;
    try {
      m = Json.mapper().readValue(file.toFile(), Manifest.class);
    } catch (IOException e) {
      throw InputException.ofFile(file, "cannot read tokenizer manifest: " + e.getMessage());
    }
    if (m.formatVersion() != FORMAT_VERSION) {
      throw new InputException(file, 0, "formatVersion", "unsupported " + m.formatVersion());
    }
    Codebooks books = Codebooks.load(dir.resolve(CODEBOOKS), m.configHash());
    try {
      return switch (m.kind()) {
        case RQ_KMEANS ->
            new TrainedRqKMeans(
                Json.mapper().treeToValue(m.config(), RqKMeansConfig.class),
                m.modalities(),
                books,
                m.report());
        case RQ_VAE ->
            TrainedRqVae.load(
                Json.mapper().treeToValue(m.config(), RqVaeConfig.class),
                m.modalities(),
                books,
                m.report(),
                dir.resolve(WEIGHTS));
        case DST ->
            TrainedDst.load(
                Json.mapper().treeToValue(m.config(), DstConfig.class),
                m.modalities(),
                books,
                m.report(),
                dir.resolve(WEIGHTS));
      };
    } catch (IOException e) {
      throw new InputException(file, 0, "config", e.getMessage());
    }
  }

  /** One modality's name and embedding dimension. */
  record ModalitySpec(String name, int dim) {}

  /** The JSON manifest of a saved tokenizer. */
  record Manifest(
      int formatVersion,
      TokenizerKind kind,
      String configHash,
      JsonNode config,
      List<ModalitySpec> modalities,
      TokenizerReport report) {}

  /**
   * Hash of a config (kind + its JSON): ties codebooks and weights to the config that made them.
   */
  static String configHash(TokenizerKind kind, Object config) {
    try {
      return Hashing.sha256(
          (kind + ":" + Json.mapper().writeValueAsString(config))
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<ModalitySpec> specs(TokenizerInput input) {
    return input.modalities().stream().map(m -> new ModalitySpec(m.name(), m.dim())).toList();
  }

  /** Fails unless {@code input} has exactly the modalities the tokenizer was fitted on. */
  static void check(List<ModalitySpec> specs, TokenizerInput input) {
    if (!specs(input).equals(specs)) {
      throw new IllegalArgumentException(
          "input modalities " + specs(input) + " differ from the fitted " + specs);
    }
  }

  static void writeManifest(Path dir, Manifest m) {
    try {
      Files.writeString(dir.resolve(MANIFEST), Json.mapper().writeValueAsString(m));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
