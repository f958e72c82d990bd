package dev.hisam.encode;

import java.util.List;
import java.util.Objects;

/**
 * One modality's embedding of every catalogue item: {@code vectors[itemId]} is a {@code float[dim]}
 * or null when the item lacks the modality (the presence mask is {@code vectors[i] != null}).
 *
 * @param modality where the vectors come from
 * @param dim length of every present vector
 * @param vectors per ItemId, {@code [numItems][dim]} with null rows for missing items
 * @param encoder name of the encoder that produced them (e.g. "all-minilm-l6-v2-q")
 * @param version encoder version and configuration summary, part of the provenance
 * @param problems items that could not be encoded (their row is null), in ItemId order
 */
public record ItemEmbeddings(
    Modality modality,
    int dim,
    float[][] vectors,
    String encoder,
    String version,
    List<EncodeProblem> problems) {

  public ItemEmbeddings {
    Objects.requireNonNull(modality, "modality");
    Objects.requireNonNull(vectors, "vectors");
    Objects.requireNonNull(encoder, "encoder");
    Objects.requireNonNull(version, "version");
    problems = List.copyOf(problems);
    if (dim <= 0) {
      throw new IllegalArgumentException("dim must be positive, got " + dim);
    }
    for (int i = 0; i < vectors.length; i++) {
      if (vectors[i] != null && vectors[i].length != dim) {
        throw new IllegalArgumentException(
            "item " + i + " has " + vectors[i].length + " values, expected " + dim);
      }
    }
  }

  public int numItems() {
    return vectors.length;
  }

  public boolean present(int itemId) {
    return vectors[itemId] != null;
  }

  /** Presence mask: {@code mask[i]} is true when item i has a vector. */
  public boolean[] mask() {
    boolean[] mask = new boolean[vectors.length];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = vectors[i] != null;
    }
    return mask;
  }

  /** Number of items that have a vector. */
  public int presentCount() {
    int n = 0;
    for (float[] v : vectors) {
      if (v != null) {
        n++;
      }
    }
    return n;
  }
}
