package dev.hisam.encode;

import dev.hisam.data.Dataset;

/** Delegates every call to another encoder (tests override one method to observe it). */
public class EncoderAdapter implements Encoder {
  private final Encoder inner;

  public EncoderAdapter(Encoder inner) {
    this.inner = inner;
  }

  @Override
  public Modality modality() {
    return inner.modality();
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public String fingerprint() {
    return inner.fingerprint();
  }

  @Override
  public String inputDigest(Dataset dataset) {
    return inner.inputDigest(dataset);
  }

  @Override
  public ItemEmbeddings encode(Dataset dataset, Progress progress) {
    return inner.encode(dataset, progress);
  }
}
