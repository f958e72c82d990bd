package dev.hisam.encode;

/** Where an item embedding comes from. */
public enum Modality {
  /** Item text (title, description) through a sentence encoder. */
  TEXT,
  /** Item image through an image encoder. */
  IMAGE,
  /** Bag of categorical attribute ids, embedded without training. */
  ATTRIBUTES,
  /** Item table of an ID model trained on the training split only. */
  COLLABORATIVE,
  /** Precomputed vectors supplied by the user (e.g. exported CLIP embeddings). */
  IMPORTED
}
