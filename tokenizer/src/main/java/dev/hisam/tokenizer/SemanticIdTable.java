package dev.hisam.tokenizer;

import dev.hisam.core.InputException;
import dev.hisam.core.io.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The semantic ID of every item: one code per level plus a collision code that tells apart items
 * whose level codes are identical (0 for the first such item by ItemId, 1 for the next, ...).
 */
public final class SemanticIdTable {
  static final int MAGIC = 0x48534944; // "HSID"
  static final int VERSION = 1;

  private final List<String> levelNames;
  private final int[] levelSizes;
  private final int[][] codes; // [N, L]
  private final int[] collision; // [N]

  private SemanticIdTable(List<String> levelNames, int[] levelSizes, int[][] codes, int[] col) {
    this.levelNames = List.copyOf(levelNames);
    this.levelSizes = levelSizes.clone();
    this.codes = codes;
    this.collision = col;
  }

  /**
   * Builds the table from per-item level codes [N, L] and assigns collision codes in ItemId order
   * within each group of identical codes.
   */
  public static SemanticIdTable of(List<String> levelNames, int[] levelSizes, int[][] codes) {
    if (levelNames.size() != levelSizes.length) {
      throw new IllegalArgumentException("level names and sizes differ in length");
    }
    int[][] copy = new int[codes.length][];
    int[] col = new int[codes.length];
    Map<List<Integer>, Integer> seen = new HashMap<>();
    for (int i = 0; i < codes.length; i++) {
      if (codes[i].length != levelSizes.length) {
        throw new IllegalArgumentException("item " + i + " has " + codes[i].length + " codes");
      }
      for (int l = 0; l < levelSizes.length; l++) {
        if (codes[i][l] < 0 || codes[i][l] >= levelSizes[l]) {
          throw new IllegalArgumentException("item " + i + " level " + l + " code " + codes[i][l]);
        }
      }
      copy[i] = codes[i].clone();
      col[i] = seen.merge(key(copy[i]), 1, Integer::sum) - 1;
    }
    return new SemanticIdTable(levelNames, levelSizes, copy, col);
  }

  private static List<Integer> key(int[] c) {
    List<Integer> k = new ArrayList<>(c.length);
    for (int v : c) {
      k.add(v);
    }
    return k;
  }

  public int items() {
    return codes.length;
  }

  public int levels() {
    return levelSizes.length;
  }

  public List<String> levelNames() {
    return levelNames;
  }

  /** Number of codes at {@code level} (the token range it needs). */
  public int levelSize(int level) {
    return levelSizes[level];
  }

  public int code(int item, int level) {
    return codes[item][level];
  }

  /** The level codes of {@code item} (a copy). */
  public int[] codes(int item) {
    return codes[item].clone();
  }

  public int collisionCode(int item) {
    return collision[item];
  }

  /** Largest collision code + 1 (1 when no two items share codes). */
  public int collisionSize() {
    int max = 0;
    for (int c : collision) {
      max = Math.max(max, c);
    }
    return max + 1;
  }

  /** Fraction of items whose level codes no other item has the same (before the collision code). */
  public double uniqueFraction() {
    Map<List<Integer>, Integer> count = new HashMap<>();
    for (int[] c : codes) {
      count.merge(key(c), 1, Integer::sum);
    }
    long unique = 0;
    for (int[] c : codes) {
      if (count.get(key(c)) == 1) {
        unique++;
      }
    }
    return codes.length == 0 ? 1 : unique / (double) codes.length;
  }

  /** Distinct level-code tuples / items (1 - collision rate). */
  public double distinctFraction() {
    var set = new java.util.HashSet<List<Integer>>();
    for (int[] c : codes) {
      set.add(key(c));
    }
    return codes.length == 0 ? 1 : set.size() / (double) codes.length;
  }

  /** The versioned binary form (magic, version, level names and sizes, codes, collision codes). */
  public byte[] toBytes() {
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(levelSizes.length);
      for (int l = 0; l < levelSizes.length; l++) {
        out.writeUTF(levelNames.get(l));
        out.writeInt(levelSizes[l]);
      }
      out.writeInt(codes.length);
      for (int i = 0; i < codes.length; i++) {
        for (int c : codes[i]) {
          out.writeInt(c);
        }
        out.writeInt(collision[i]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static SemanticIdTable fromBytes(byte[] data, Path source) {
    try (var in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (in.readInt() != MAGIC) {
        throw InputException.ofFile(source, "not a semantic-ID table (bad magic)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw InputException.ofFile(source, "unsupported semantic-ID table version " + version);
      }
      int levels = in.readInt();
      List<String> names = new ArrayList<>();
      int[] sizes = new int[levels];
      for (int l = 0; l < levels; l++) {
        names.add(in.readUTF());
        sizes[l] = in.readInt();
      }
      int n = in.readInt();
      int[][] codes = new int[n][levels];
      int[] col = new int[n];
      for (int i = 0; i < n; i++) {
        for (int l = 0; l < levels; l++) {
          codes[i][l] = in.readInt();
        }
        col[i] = in.readInt();
      }
      return new SemanticIdTable(names, sizes, codes, col);
    } catch (IOException e) {
      throw InputException.ofFile(source, "truncated semantic-ID table: " + e.getMessage());
    }
  }

  public void save(Path file) {
    AtomicFiles.writeFile(file, tmp -> Files.write(tmp, toBytes()));
  }

  public static SemanticIdTable load(Path file) {
    try {
      return fromBytes(Files.readAllBytes(file), file);
    } catch (IOException e) {
      throw InputException.ofFile(file, "cannot read: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SemanticIdTable t
        && levelNames.equals(t.levelNames)
        && Arrays.equals(levelSizes, t.levelSizes)
        && Arrays.deepEquals(codes, t.codes)
        && Arrays.equals(collision, t.collision);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(codes) * 31 + Arrays.hashCode(collision);
  }
}
