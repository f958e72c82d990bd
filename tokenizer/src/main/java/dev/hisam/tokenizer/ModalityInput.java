package dev.hisam.tokenizer;

/**
 * One modality's embeddings for every item: {@code vectors[itemId]} is that item's embedding, or
 * {@code null} when the item lacks the modality. All present vectors have the same length.
 */
public record ModalityInput(String name, float[][] vectors) {
  public ModalityInput {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("modality name must be non-empty");
    }
    if (vectors == null) {
      throw new IllegalArgumentException("modality " + name + ": vectors must not be null");
    }
    int dim = -1;
    for (int i = 0; i < vectors.length; i++) {
      float[] v = vectors[i];
      if (v == null) {
        continue;
      }
      if (dim < 0) {
        dim = v.length;
      }
      if (v.length != dim || dim == 0) {
        throw new IllegalArgumentException(
            "modality "
                + name
                + ": item "
                + i
                + " has dimension "
                + v.length
                + ", expected "
                + dim);
      }
      for (float f : v) {
        if (!Float.isFinite(f)) {
          throw new IllegalArgumentException("modality " + name + ": item " + i + " is not finite");
        }
      }
    }
    if (dim < 0) {
      throw new IllegalArgumentException("modality " + name + ": no item has this modality");
    }
  }

  /** The embedding dimension. */
  public int dim() {
    for (float[] v : vectors) {
      if (v != null) {
        return v.length;
      }
    }
    throw new IllegalStateException();
  }

  public boolean present(int item) {
    return vectors[item] != null;
  }

  public int items() {
    return vectors.length;
  }
}
