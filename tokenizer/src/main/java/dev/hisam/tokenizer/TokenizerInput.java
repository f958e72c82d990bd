package dev.hisam.tokenizer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * What a tokenizer reads: M >= 1 modalities over the same items (ItemId = array index). Every item
 * must have at least one modality.
 */
public record TokenizerInput(List<ModalityInput> modalities) {
  public TokenizerInput {
    modalities = List.copyOf(modalities);
    if (modalities.isEmpty()) {
      throw new IllegalArgumentException("at least one modality is required");
    }
    int n = modalities.get(0).items();
    var names = new HashSet<String>();
    for (ModalityInput m : modalities) {
      if (m.items() != n) {
        throw new IllegalArgumentException(
            "modality " + m.name() + " has " + m.items() + " items, expected " + n);
      }
      if (!names.add(m.name())) {
        throw new IllegalArgumentException("duplicate modality " + m.name());
      }
    }
    for (int i = 0; i < n; i++) {
      boolean any = false;
      for (ModalityInput m : modalities) {
        any |= m.present(i);
      }
      if (!any) {
        throw new IllegalArgumentException("item " + i + " has no modality at all");
      }
    }
  }

  public int items() {
    return modalities.get(0).items();
  }

  public List<String> names() {
    List<String> out = new ArrayList<>();
    for (ModalityInput m : modalities) {
      out.add(m.name());
    }
    return out;
  }

  /**
   * The fused embedding of the baselines: each present modality vector L2-normalised, a missing one
   * as zeros, concatenated in modality order. [N, sum D_m]
   */
  public float[][] fused() {
    int total = 0;
    for (ModalityInput m : modalities) {
      total += m.dim();
    }
    float[][] out = new float[items()][total];
    int off = 0;
    for (ModalityInput m : modalities) {
      for (int i = 0; i < items(); i++) {
        float[] v = m.vectors()[i];
        if (v != null) {
          float norm = (float) Math.sqrt(Vectors.dot(v, v));
          float inv = norm > 0 ? 1f / norm : 0f;
          for (int j = 0; j < v.length; j++) {
            out[i][off + j] = v[j] * inv;
          }
        }
      }
      off += m.dim();
    }
    return out;
  }
}
