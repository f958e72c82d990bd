package dev.hisam.encode.imported;

import dev.hisam.core.InputException;
import dev.hisam.data.Catalog;
import dev.hisam.encode.ItemEmbeddings;
import dev.hisam.encode.Modality;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readers of precomputed embeddings keyed by ItemKey (e.g. CLIP vectors a user exported):
 *
 * <ul>
 *   <li>{@code .npy}: a 2-D float32 (or float64) array {@code [n, d]}, C or Fortran order, plus a
 *       keys file with one ItemKey per line (line i names row i);
 *   <li>CSV: {@code key,v1,v2,...} per line (an optional first line starting with {@code key,} is a
 *       header; blank lines are skipped).
 * </ul>
 *
 * Rows whose key is not in the catalogue are an error unless {@code ignoreUnknown}; catalogue items
 * without a row get a null row. Every fault is an {@link InputException} naming file, line, field.
 */
public final class EmbeddingFiles {
  private EmbeddingFiles() {}

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** A plain 2-D matrix read from a .npy file. */
  public record Matrix(int rows, int cols, float[][] data) {}

  /** Reads a 2-D float32/float64 .npy file into {@code [rows][cols]}. */
  public static Matrix readNpy(Path npy) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(npy);
    } catch (IOException e) {
      throw new InputException(npy.toString(), 0, null, "cannot read: " + e.getMessage(), e);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10
        || (bytes[0] & 0xff) != 0x93
        || !new String(bytes, 1, 5, StandardCharsets.ISO_8859_1).equals("NUMPY")) {
      throw new InputException(npy, 0, "magic", "not a .npy file");
    }
    int major = bytes[6];
    int headerLen;
    int offset;
    if (major == 1) {
      headerLen = buf.getShort(8) & 0xffff;
      offset = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new InputException(npy, 0, "header", "truncated");
      }
      headerLen = buf.getInt(8);
      offset = 12;
    } else {
      throw new InputException(npy, 0, "version", "unsupported .npy version " + major);
    }
    if (headerLen < 0 || offset + headerLen > bytes.length) {
      throw new InputException(npy, 0, "header", "truncated");
    }
    String header = new String(bytes, offset, headerLen, StandardCharsets.ISO_8859_1);
    String descr = group(npy, DESCR, header, "descr");
    boolean fortran = group(npy, FORTRAN, header, "fortran_order").equals("True");
    String[] dims = group(npy, SHAPE, header, "shape").split(",");
    List<Long> shape = new ArrayList<>();
    for (String s : dims) {
      if (!s.isBlank()) {
        try {
          shape.add(Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
          throw new InputException(npy, 0, "shape", "not an integer: " + s.trim());
        }
      }
    }
    if (shape.size() != 2) {
      throw new InputException(npy, 0, "shape", "expected a 2-D array, got shape " + shape);
    }
    int width =
        switch (descr) {
          case "<f4", "=f4" -> 4;
          case "<f8", "=f8" -> 8;
          default ->
              throw new InputException(
                  npy, 0, "descr", "expected little-endian float32 ('<f4'), got '" + descr + "'");
        };
    long rows = shape.get(0);
    long cols = shape.get(1);
    long data = offset + (long) headerLen;
    if (rows * cols > Integer.MAX_VALUE || data + rows * cols * width != bytes.length) {
      throw new InputException(
          npy,
          0,
          "shape",
          "shape ("
              + rows
              + ", "
              + cols
              + ") needs "
              + rows * cols * width
              + " data bytes, file has "
              + (bytes.length - data));
    }
    float[][] m = new float[(int) rows][(int) cols];
    buf.position((int) data);
    for (long k = 0; k < rows * cols; k++) {
      float v = width == 4 ? buf.getFloat() : (float) buf.getDouble();
      long r = fortran ? k % rows : k / cols;
      long c = fortran ? k / rows : k % cols;
      m[(int) r][(int) c] = v;
    }
    return new Matrix((int) rows, (int) cols, m);
  }

  /**
   * Reads a .npy matrix and its keys file (one ItemKey per line, line i names row i) into the
   * catalogue's ItemId order.
   */
  public static ItemEmbeddings readNpy(
      Path npy, Path keys, Catalog catalog, boolean ignoreUnknown, String name) {
    Matrix m = readNpy(npy);
    List<String> lines;
    try {
      lines = Files.readAllLines(keys, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InputException(keys.toString(), 0, null, "cannot read: " + e.getMessage(), e);
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1); // trailing newline(s)
    }
    if (lines.size() != m.rows()) {
      throw new InputException(
          keys, 0, null, lines.size() + " keys for " + m.rows() + " rows in " + npy.getFileName());
    }
    float[][] vectors = new float[catalog.size()][];
    for (int r = 0; r < m.rows(); r++) {
      String key = lines.get(r).strip();
      OptionalInt id = catalog.idOf(key);
      if (id.isEmpty()) {
        if (ignoreUnknown) {
          continue;
        }
        throw new InputException(keys, r + 1, "key", "unknown item key '" + key + "'");
      }
      if (vectors[id.getAsInt()] != null) {
        throw new InputException(keys, r + 1, "key", "duplicate item key '" + key + "'");
      }
      for (int c = 0; c < m.cols(); c++) {
        if (!Float.isFinite(m.data()[r][c])) {
          throw new InputException(npy, 0, "row " + r + ", column " + c, "not a finite number");
        }
      }
      vectors[id.getAsInt()] = m.data()[r];
    }
    return new ItemEmbeddings(
        Modality.IMPORTED, m.cols(), vectors, name, "npy:" + npy.getFileName(), List.of());
  }

  /** Reads {@code key,v1,v2,...} lines into the catalogue's ItemId order. */
  public static ItemEmbeddings readCsv(
      Path csv, Catalog catalog, boolean ignoreUnknown, String name) {
    float[][] vectors = new float[catalog.size()][];
    int dim = -1;
    try (InputStream in = Files.newInputStream(csv);
        BufferedReader reader =
            new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      long lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank() || (lineNo == 1 && line.startsWith("key,"))) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length < 2) {
          throw new InputException(csv, lineNo, "v1", "expected key,v1,v2,...");
        }
        if (dim < 0) {
          dim = f.length - 1;
        } else if (f.length - 1 != dim) {
          throw new InputException(
              csv, lineNo, "v" + (f.length - 1), (f.length - 1) + " values, expected " + dim);
        }
        String key = f[0].strip();
        OptionalInt id = catalog.idOf(key);
        if (id.isEmpty()) {
          if (ignoreUnknown) {
            continue;
          }
          throw new InputException(csv, lineNo, "key", "unknown item key '" + key + "'");
        }
        if (vectors[id.getAsInt()] != null) {
          throw new InputException(csv, lineNo, "key", "duplicate item key '" + key + "'");
        }
        float[] v = new float[dim];
        for (int c = 0; c < dim; c++) {
          try {
            v[c] = Float.parseFloat(f[c + 1].strip());
          } catch (NumberFormatException e) {
            throw new InputException(
                csv, lineNo, "v" + (c + 1), "not a number: '" + f[c + 1].strip() + "'");
          }
          if (!Float.isFinite(v[c])) {
            throw new InputException(csv, lineNo, "v" + (c + 1), "not a finite number");
          }
        }
        vectors[id.getAsInt()] = v;
      }
    } catch (IOException e) {
      throw new InputException(csv.toString(), 0, null, "cannot read: " + e.getMessage(), e);
    }
    if (dim < 0) {
      throw InputException.ofFile(csv, "no embedding rows");
    }
    return new ItemEmbeddings(
        Modality.IMPORTED, dim, vectors, name, "csv:" + csv.getFileName(), List.of());
  }

  private static String group(Path npy, Pattern p, String header, String field) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new InputException(npy, 0, field, "missing in the .npy header");
    }
    return m.group(1);
  }
}
