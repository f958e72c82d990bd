package dev.hisam.tokenizer;

import dev.hisam.core.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The codebooks of a tokenizer, one K x D matrix per level (named, e.g. {@code shared.1}), with the
 * hash of the config that produced them. Saved as a {@link MatrixArchive} with magic "HSCB".
 */
public final class Codebooks {
  public static final int MAGIC = 0x48534342; // "HSCB"

  private final String configHash;
  private final List<String> names;
  private final float[][][] books;

  public Codebooks(String configHash, List<String> names, List<float[][]> books) {
    if (names.size() != books.size()) {
      throw new IllegalArgumentException("names and books differ in length");
    }
    this.configHash = configHash;
    this.names = List.copyOf(names);
    this.books = new float[books.size()][][];
    for (int l = 0; l < books.size(); l++) {
      this.books[l] = deepCopy(books.get(l));
    }
  }

  static float[][] deepCopy(float[][] m) {
    float[][] out = new float[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i] == null ? null : m[i].clone();
    }
    return out;
  }

  public String configHash() {
    return configHash;
  }

  public List<String> names() {
    return names;
  }

  public int levels() {
    return books.length;
  }

  /** Codebook size K of {@code level}. */
  public int size(int level) {
    return books[level].length;
  }

  public int dim(int level) {
    return books[level][0].length;
  }

  /** A copy of the codebook of {@code level}. [K, D] */
  public float[][] level(int level) {
    return deepCopy(books[level]);
  }

  float[][] view(int level) {
    return books[level];
  }

  public void save(Path file) {
    Map<String, float[][]> m = new LinkedHashMap<>();
    for (int l = 0; l < books.length; l++) {
      m.put(names.get(l), books[l]);
    }
    new MatrixArchive(configHash, m).save(file, MAGIC);
  }

  /** Loads codebooks; fails with the file when the config hash is not {@code expectedHash}. */
  public static Codebooks load(Path file, String expectedHash) {
    MatrixArchive a = MatrixArchive.load(file, MAGIC);
    if (expectedHash != null && !expectedHash.equals(a.configHash())) {
      throw new InputException(file, 0, "configHash", "codebooks were made by another config");
    }
    return new Codebooks(
        a.configHash(),
        new ArrayList<>(a.matrices().keySet()),
        new ArrayList<>(a.matrices().values()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Codebooks c
        && configHash.equals(c.configHash)
        && names.equals(c.names)
        && java.util.Arrays.deepEquals(books, c.books);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.deepHashCode(books);
  }
}
