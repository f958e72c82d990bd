package dev.hisam.data;

import dev.hisam.core.InputException;
import dev.hisam.core.Json;
import dev.hisam.core.io.AtomicFiles;
import dev.hisam.data.source.DuckDb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The normalised on-disk form of a {@link Dataset}: a directory with Parquet tables written through
 * DuckDB and a {@code dataset.json} manifest.
 *
 * <pre>
 * dataset.json          name, stats, ingestion summary, input hashes, image path convention
 * items.parquet         item_id INT, item_key VARCHAR, text VARCHAR, attributes INT[], image VARCHAR
 * users.parquet         user_index INT, user_key VARCHAR
 * interactions.parquet  user_index INT, position INT, item_id INT, timestamp BIGINT (null: order only)
 * ratings.parquet       row INT, user_index INT, item_id INT, rating TINYINT, timestamp BIGINT
 *                       (only when the dataset has ratings)
 * </pre>
 *
 * A store is written once: under a temporary name, renamed when complete, never over an existing
 * directory.
 */
public final class DatasetStore {
  public static final String FORMAT = "hisam-dataset/1";
  public static final String MANIFEST = "dataset.json";

  /** How image paths are written. */
  public enum ImagePaths {
    /** Relative to the data root the dataset was loaded from (portable). */
    RELATIVE_TO_DATA_ROOT,
    /** As the dataset held them. */
    AS_GIVEN
  }

  /**
   * The manifest.
   *
   * @param format {@link #FORMAT}
   * @param name dataset name
   * @param stats summary numbers
   * @param summary what ingestion removed
   * @param inputHashes source file (relative to the data root) to SHA-256
   * @param imagePaths how image paths in items.parquet are to be read
   * @param hasTimes whether interactions carry timestamps
   * @param hasRatings whether ratings.parquet exists
   */
  public record Manifest(
      String format,
      String name,
      DatasetStats stats,
      IngestSummary summary,
      Map<String, String> inputHashes,
      ImagePaths imagePaths,
      boolean hasTimes,
      boolean hasRatings) {}

  private DatasetStore() {}

  /**
   * Loads {@code config}'s dataset and writes it to {@code dir}; nothing is left if either fails.
   */
  public static Dataset ingest(DataConfig config, Path dir) {
    return ingest(config, dir, DatasetLoader.Progress.NONE);
  }

  /**
   * As {@link #ingest(DataConfig, Path)}, reporting stages; image paths are written relative to the
   * data root.
   */
  public static Dataset ingest(DataConfig config, Path dir, DatasetLoader.Progress progress) {
    Dataset[] out = new Dataset[1];
    AtomicFiles.writeNewDirectory(
        dir,
        tmp -> {
          out[0] = DatasetLoader.load(config, progress);
          progress.stage("write " + dir.getFileName());
          writeInto(out[0], tmp, config.rootPath());
        });
    return out[0];
  }

  /** Writes {@code d} with image paths as given. */
  public static void write(Dataset d, Path dir) {
    AtomicFiles.writeNewDirectory(dir, tmp -> writeInto(d, tmp, null));
  }

  /** Writes {@code d} with image paths relative to {@code dataRoot}. */
  public static void write(Dataset d, Path dir, Path dataRoot) {
    AtomicFiles.writeNewDirectory(dir, tmp -> writeInto(d, tmp, dataRoot));
  }

  /** Reads a store; relative image paths stay relative (to the data root). */
  public static Dataset read(Path dir) {
    return read(dir, null);
  }

  /** Reads a store, resolving relative image paths against {@code dataRoot} (when not null). */
  public static Dataset read(Path dir, Path dataRoot) {
    Path manifestPath = dir.resolve(MANIFEST);
    Manifest m;
    try {
      m =
          Json.mapper()
              .readValue(Files.readString(manifestPath, StandardCharsets.UTF_8), Manifest.class);
    } catch (java.nio.file.NoSuchFileException e) {
      throw InputException.ofFile(manifestPath, "missing file (not a dataset store?)");
    } catch (IOException e) {
      throw InputException.ofFile(manifestPath, "cannot read manifest: " + e.getMessage());
    }
    if (!FORMAT.equals(m.format())) {
      throw new InputException(manifestPath, 0, "format", "unsupported store format " + m.format());
    }
    try (Connection c = DuckDb.open();
        Statement s = c.createStatement()) {
      int numItems = count(s, dir.resolve("items.parquet"));
      List<String> keys = new ArrayList<>(numItems);
      String[] text = new String[numItems];
      int[][] attributes = new int[numItems][];
      Path[] images = new Path[numItems];
      try (ResultSet rs =
          s.executeQuery(
              "SELECT item_id, item_key, text, attributes, image FROM "
                  + parquet(dir, "items")
                  + " ORDER BY item_id")) {
        int i = 0;
        while (rs.next()) {
          if (rs.getInt(1) != i) {
            throw new InputException(
                dir.resolve("items.parquet"), i + 1, "item_id", "item ids are not 0..n-1");
          }
          keys.add(rs.getString(2));
          text[i] = rs.getString(3);
          attributes[i] = toInts(rs.getArray(4));
          String img = rs.getString(5);
          images[i] = img == null ? null : dataRoot == null ? Path.of(img) : dataRoot.resolve(img);
          i++;
        }
      }
      int numUsers = count(s, dir.resolve("users.parquet"));
      List<String> users = new ArrayList<>(numUsers);
      try (ResultSet rs =
          s.executeQuery(
              "SELECT user_key FROM " + parquet(dir, "users") + " ORDER BY user_index")) {
        while (rs.next()) {
          users.add(rs.getString(1));
        }
      }
      int[] lengths = new int[numUsers];
      try (ResultSet rs =
          s.executeQuery(
              "SELECT user_index, count(*) FROM "
                  + parquet(dir, "interactions")
                  + " GROUP BY ALL")) {
        while (rs.next()) {
          lengths[rs.getInt(1)] = Math.toIntExact(rs.getLong(2));
        }
      }
      int[][] sequences = new int[numUsers][];
      long[][] times = m.hasTimes() ? new long[numUsers][] : null;
      for (int u = 0; u < numUsers; u++) {
        sequences[u] = new int[lengths[u]];
        if (times != null) {
          times[u] = new long[lengths[u]];
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT user_index, position, item_id, timestamp FROM "
                  + parquet(dir, "interactions"))) {
        while (rs.next()) {
          int u = rs.getInt(1);
          int p = rs.getInt(2);
          sequences[u][p] = rs.getInt(3);
          if (times != null) {
            times[u][p] = rs.getLong(4);
          }
        }
      }
      Ratings ratings = null;
      if (m.hasRatings()) {
        int n = count(s, dir.resolve("ratings.parquet"));
        int[] ru = new int[n];
        int[] ri = new int[n];
        byte[] rr = new byte[n];
        long[] rt = new long[n];
        try (ResultSet rs =
            s.executeQuery(
                "SELECT \"row\", user_index, item_id, rating, timestamp FROM "
                    + parquet(dir, "ratings"))) {
          while (rs.next()) {
            int r = rs.getInt(1);
            ru[r] = rs.getInt(2);
            ri[r] = rs.getInt(3);
            rr[r] = rs.getByte(4);
            rt[r] = rs.getLong(5);
          }
        }
        ratings = new Ratings(ru, ri, rr, rt);
      }
      return new Dataset(
          m.name(),
          new Catalog(keys),
          List.copyOf(users),
          sequences,
          times,
          ratings,
          new ItemContent(text, attributes, images),
          m.inputHashes(),
          m.summary());
    } catch (SQLException e) {
      throw new InputException(dir.toString(), 0, null, "cannot read store: " + e.getMessage(), e);
    }
  }

  /** Reads only the manifest of a store. */
  public static Manifest manifest(Path dir) {
    Path p = dir.resolve(MANIFEST);
    try {
      return Json.mapper().readValue(Files.readString(p, StandardCharsets.UTF_8), Manifest.class);
    } catch (IOException e) {
      throw InputException.ofFile(p, "cannot read manifest: " + e.getMessage());
    }
  }

  private static void writeInto(Dataset d, Path dir, Path dataRoot) throws IOException {
    try (Connection conn = DuckDb.open();
        Statement s = conn.createStatement()) {
      DuckDBConnection c = conn.unwrap(DuckDBConnection.class);
      s.execute(
          "CREATE TABLE items (item_id INTEGER, item_key VARCHAR, text VARCHAR,"
              + " attributes INTEGER[], image VARCHAR)");
      ItemContent content = d.content();
      try (DuckDBAppender a = c.createAppender("main", "items")) {
        for (int i = 0; i < d.catalog().size(); i++) {
          a.beginRow().append(i).append(d.catalog().key(i));
          appendString(a, content.text()[i]);
          int[] attr = content.attributes()[i];
          a.append(attr == null ? new int[0] : attr);
          appendString(a, imagePath(content.images()[i], dataRoot));
          a.endRow();
        }
      }
      s.execute("CREATE TABLE users (user_index INTEGER, user_key VARCHAR)");
      try (DuckDBAppender a = c.createAppender("main", "users")) {
        for (int u = 0; u < d.userKeys().size(); u++) {
          a.beginRow().append(u).append(d.userKeys().get(u)).endRow();
        }
      }
      s.execute(
          "CREATE TABLE interactions (user_index INTEGER, position INTEGER, item_id INTEGER,"
              + " timestamp BIGINT)");
      try (DuckDBAppender a = c.createAppender("main", "interactions")) {
        for (int u = 0; u < d.sequences().length; u++) {
          int[] seq = d.sequences()[u];
          for (int p = 0; p < seq.length; p++) {
            a.beginRow().append(u).append(p).append(seq[p]);
            if (d.sequenceTimes() == null) {
              a.appendNull();
            } else {
              a.append(d.sequenceTimes()[u][p]);
            }
            a.endRow();
          }
        }
      }
      copy(s, "items", dir);
      copy(s, "users", dir);
      copy(s, "interactions", dir);
      Ratings r = d.ratings();
      if (r != null) {
        s.execute(
            "CREATE TABLE ratings (\"row\" INTEGER, user_index INTEGER, item_id INTEGER,"
                + " rating TINYINT, timestamp BIGINT)");
        try (DuckDBAppender a = c.createAppender("main", "ratings")) {
          for (int i = 0; i < r.size(); i++) {
            a.beginRow()
                .append(i)
                .append(r.user()[i])
                .append(r.item()[i])
                .append(r.rating()[i])
                .append(r.timestamp()[i])
                .endRow();
          }
        }
        copy(s, "ratings", dir);
      }
    } catch (SQLException e) {
      throw new IOException("DuckDB: " + e.getMessage(), e);
    }
    Manifest m =
        new Manifest(
            FORMAT,
            d.name(),
            DatasetStats.of(d),
            d.summary(),
            d.inputHashes(),
            dataRoot == null ? ImagePaths.AS_GIVEN : ImagePaths.RELATIVE_TO_DATA_ROOT,
            d.sequenceTimes() != null,
            d.ratings() != null);
    Files.writeString(
        dir.resolve(MANIFEST), Json.mapper().writeValueAsString(m) + "\n", StandardCharsets.UTF_8);
  }

  private static void appendString(DuckDBAppender a, String s) throws SQLException {
    if (s == null) {
      a.appendNull();
    } else {
      a.append(s);
    }
  }

  /** The image path as written: relative to the data root with '/' separators, when under it. */
  static String imagePath(Path image, Path dataRoot) {
    if (image == null) {
      return null;
    }
    if (dataRoot == null) {
      return image.toString();
    }
    Path root = dataRoot;
    Path img = image;
    if (root.isAbsolute() != img.isAbsolute()) {
      root = root.toAbsolutePath();
      img = img.toAbsolutePath();
    }
    Path rel = root.normalize().relativize(img.normalize());
    if (rel.startsWith("..")) {
      return image.toAbsolutePath().normalize().toString();
    }
    List<String> parts = new ArrayList<>();
    rel.forEach(p -> parts.add(p.toString()));
    return String.join("/", parts);
  }

  private static void copy(Statement s, String table, Path dir) throws SQLException {
    s.execute(
        "COPY "
            + table
            + " TO "
            + DuckDb.literal(dir.resolve(table + ".parquet").toString())
            + " (FORMAT parquet, COMPRESSION zstd)");
  }

  private static String parquet(Path dir, String table) {
    return "read_parquet(" + DuckDb.literal(dir.resolve(table + ".parquet").toString()) + ")";
  }

  private static int count(Statement s, Path file) throws SQLException {
    if (!Files.isRegularFile(file)) {
      throw InputException.ofFile(file, "missing file");
    }
    try (ResultSet rs =
        s.executeQuery(
            "SELECT count(*) FROM read_parquet(" + DuckDb.literal(file.toString()) + ")")) {
      rs.next();
      return Math.toIntExact(rs.getLong(1));
    }
  }

  private static int[] toInts(Array array) throws SQLException {
    if (array == null) {
      return new int[0];
    }
    Object[] values = (Object[]) array.getArray();
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = ((Number) values[i]).intValue();
    }
    return out;
  }
}
