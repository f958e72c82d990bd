package dev.hisam.encode.cache;

import dev.hisam.core.io.AtomicFiles;
import dev.hisam.data.Dataset;
import dev.hisam.encode.EncodeProblem;
import dev.hisam.encode.Encoder;
import dev.hisam.encode.InputDigest;
import dev.hisam.encode.ItemEmbeddings;
import dev.hisam.encode.Modality;
import dev.hisam.encode.Progress;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A directory of embedding files named {@code <key>.emb}, where key = SHA-256 over (encoder name,
 * fingerprint, modality, catalogue keys, input digest). {@link #getOrCompute} loads a matching file
 * instead of re-encoding; files are written atomically (temporary name, then rename).
 *
 * <p>File format (big-endian): magic {@code "HISAMEMB"}, int format version, UTF key, UTF modality,
 * UTF encoder, UTF version, int numItems, int dim, numItems presence bytes, the present rows'
 * floats, int problem count and (int itemId, UTF source, UTF message) each, magic {@code "END!"}.
 */
public final class EmbeddingCache {
  public static final int FORMAT_VERSION = 1;
  private static final long MAGIC = 0x484953414d454d42L; // "HISAMEMB"
  private static final int END = 0x454e4421; // "END!"

  private final Path dir;

  public EmbeddingCache(Path dir) {
    this.dir = dir;
  }

  /** Whether the last {@link #getOrCompute} call loaded from disk. */
  public record Lookup(ItemEmbeddings embeddings, boolean hit, Path file) {}

  /** The cache key of running {@code encoder} on {@code dataset}. */
  public static String key(Encoder encoder, Dataset dataset) {
    InputDigest d =
        new InputDigest()
            .add("hisam-embeddings/" + FORMAT_VERSION)
            .add(encoder.name())
            .add(encoder.fingerprint())
            .add(encoder.modality().name());
    d.add(dataset.catalog().size());
    for (String k : dataset.catalog().keys()) {
      d.add(k);
    }
    return d.add(encoder.inputDigest(dataset)).hex();
  }

  /** Loads the embeddings for these inputs if cached, else encodes and stores them. */
  public Lookup getOrCompute(Encoder encoder, Dataset dataset, Progress progress) {
    String key = key(encoder, dataset);
    Path file = dir.resolve(key + ".emb");
    Optional<ItemEmbeddings> cached = tryRead(file, key);
    if (cached.isPresent()) {
      progress.update(cached.get().numItems(), cached.get().numItems());
      return new Lookup(cached.get(), true, file);
    }
    ItemEmbeddings e = encoder.encode(dataset, progress);
    write(file, key, e);
    return new Lookup(e, false, file);
  }

  /** Reads {@code file} if it exists, is intact and carries {@code key}; empty otherwise. */
  static Optional<ItemEmbeddings> tryRead(Path file, String key) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Stored s = read(file);
      return s.key().equals(key) ? Optional.of(s.embeddings()) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable or stale: recompute and overwrite
    }
  }

  /** A stored file: its key and contents. */
  public record Stored(String key, ItemEmbeddings embeddings) {}

  /** Writes one file atomically. */
  public static void write(Path file, String key, ItemEmbeddings e) {
    AtomicFiles.writeFile(
        file,
        tmp -> {
          try (DataOutputStream out =
              new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeLong(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeUTF(key);
            out.writeUTF(e.modality().name());
            out.writeUTF(e.encoder());
            out.writeUTF(e.version());
            out.writeInt(e.numItems());
            out.writeInt(e.dim());
            for (float[] v : e.vectors()) {
              out.writeByte(v == null ? 0 : 1);
            }
            for (float[] v : e.vectors()) {
              if (v != null) {
                for (float x : v) {
                  out.writeFloat(x);
                }
              }
            }
            out.writeInt(e.problems().size());
            for (EncodeProblem p : e.problems()) {
              out.writeInt(p.itemId());
              out.writeUTF(p.source());
              out.writeUTF(p.message());
            }
            out.writeInt(END);
          }
        });
  }

  /** Reads one file; throws IOException if it is not a complete embeddings file. */
  public static Stored read(Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (in.readLong() != MAGIC) {
        throw new IOException(file + ": not an embeddings file");
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw new IOException(
            file + ": format version " + version + ", expected " + FORMAT_VERSION);
      }
      String key = in.readUTF();
      Modality modality = Modality.valueOf(in.readUTF());
      String encoder = in.readUTF();
      String encoderVersion = in.readUTF();
      int n = in.readInt();
      int dim = in.readInt();
      if (n < 0 || dim <= 0) {
        throw new IOException(file + ": bad dimensions " + n + "x" + dim);
      }
      byte[] present = new byte[n];
      in.readFully(present);
      float[][] vectors = new float[n][];
      for (int i = 0; i < n; i++) {
        if (present[i] != 0) {
          float[] v = new float[dim];
          for (int k = 0; k < dim; k++) {
            v[k] = in.readFloat();
          }
          vectors[i] = v;
        }
      }
      int np = in.readInt();
      List<EncodeProblem> problems = new ArrayList<>();
      for (int i = 0; i < np; i++) {
        problems.add(new EncodeProblem(in.readInt(), in.readUTF(), in.readUTF()));
      }
      if (in.readInt() != END) {
        throw new IOException(file + ": truncated");
      }
      return new Stored(
          key, new ItemEmbeddings(modality, dim, vectors, encoder, encoderVersion, problems));
    }
  }
}
