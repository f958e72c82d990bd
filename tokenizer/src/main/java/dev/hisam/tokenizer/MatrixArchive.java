package dev.hisam.tokenizer;

import dev.hisam.core.InputException;
import dev.hisam.core.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float matrices in one binary file with a header: magic, format version, config hash, then
 * (name, rows, cols, row-major big-endian floats) per entry, in insertion order.
 */
public record MatrixArchive(String configHash, Map<String, float[][]> matrices) {
  public static final int VERSION = 1;

  public MatrixArchive {
    matrices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(matrices));
  }

  public float[][] get(String name, Path source) {
    float[][] m = matrices.get(name);
    if (m == null) {
      throw new InputException(source, 0, name, "missing matrix");
    }
    return m;
  }

  public void save(Path file, int magic) {
    AtomicFiles.writeFile(
        file,
        tmp -> {
          try (var out =
              new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeInt(magic);
            out.writeInt(VERSION);
            out.writeUTF(configHash);
            out.writeInt(matrices.size());
            for (var e : matrices.entrySet()) {
              float[][] m = e.getValue();
              int cols = m.length == 0 ? 0 : m[0].length;
              out.writeUTF(e.getKey());
              out.writeInt(m.length);
              out.writeInt(cols);
              for (float[] row : m) {
                if (row.length != cols) {
                  throw new IllegalArgumentException("ragged matrix " + e.getKey());
                }
                for (float f : row) {
                  out.writeFloat(f);
                }
              }
            }
          }
        });
  }

  public static MatrixArchive load(Path file, int magic) {
    try (var in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      if (in.readInt() != magic) {
        throw InputException.ofFile(file, "bad magic: not the expected artifact");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw InputException.ofFile(file, "unsupported format version " + version);
      }
      String hash = in.readUTF();
      int count = in.readInt();
      Map<String, float[][]> out = new LinkedHashMap<>();
      for (int e = 0; e < count; e++) {
        String name = in.readUTF();
        int rows = in.readInt();
        int cols = in.readInt();
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
          for (int j = 0; j < cols; j++) {
            row[j] = in.readFloat();
          }
        }
        out.put(name, m);
      }
      return new MatrixArchive(hash, out);
    } catch (IOException e) {
      throw InputException.ofFile(file, "cannot read: " + e.getMessage());
    }
  }
}
