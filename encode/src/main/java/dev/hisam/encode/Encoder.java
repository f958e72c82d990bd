package dev.hisam.encode;

import dev.hisam.data.Dataset;

/**
 * A frozen encoder of one modality. Implementations are deterministic: the same inputs and
 * configuration give the same vectors, which is what lets {@link
 * dev.hisam.encode.cache.EmbeddingCache} key its files by {@link #inputDigest} and {@link
 * #fingerprint}.
 */
public interface Encoder {
  Modality modality();

  /** Short name of the encoder, e.g. "all-minilm-l6-v2-q". */
  String name();

  /**
   * Everything about the encoder that changes its output (weights version, output layer, template,
   * seed ...), as a stable string; part of the cache key and stored as the embeddings' version.
   */
  String fingerprint();

  /**
   * SHA-256 (hex) of exactly the dataset inputs this encoder reads (texts, image file contents,
   * attribute bags), in ItemId order.
   */
  String inputDigest(Dataset dataset);

  /** Encodes every catalogue item; items lacking the input get a null row. */
  ItemEmbeddings encode(Dataset dataset, Progress progress);
}
