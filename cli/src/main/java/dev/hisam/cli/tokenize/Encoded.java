package dev.hisam.cli.tokenize;

import dev.hisam.encode.ItemEmbeddings;
import dev.hisam.encode.Modality;
import java.util.List;

/**
 * One modality's embeddings as the tokenize command obtained them.
 *
 * @param modality which modality
 * @param embeddings the vectors (null rows: item lacks the modality)
 * @param cached true when loaded from {@code embeddings/} instead of encoded
 * @param seconds wall time of encoding (or loading)
 * @param cacheFile the embeddings file under the run ({@code embeddings/<sha256>.emb}), or "" for
 *     imported vectors
 * @param missing ItemKeys of items without the input (e.g. no poster file)
 */
record Encoded(
    Modality modality,
    ItemEmbeddings embeddings,
    boolean cached,
    double seconds,
    String cacheFile,
    List<String> missing) {
  /** The name of the modality in SID level names and reports, e.g. "text". */
  String name() {
    return modality.name().toLowerCase(java.util.Locale.ROOT);
  }
}
