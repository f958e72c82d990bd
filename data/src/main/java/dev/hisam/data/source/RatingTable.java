package dev.hisam.data.source;

import dev.hisam.core.InputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A table of timestamped ratings, in file order: TSV with a header line (UTF-8), or Parquet (read
 * through DuckDB) when the file name ends in {@code .parquet}. Required columns: {@code user_id},
 * an item column ({@code movie_id} or {@code item_id}), {@code rating} (an integer 0..127) and
 * {@code timestamp} (unix seconds); other columns are ignored.
 *
 * @param file where it was read from
 * @param itemColumn the name of the item column ({@code movie_id} or {@code item_id})
 * @param user source user id per row
 * @param item source item id per row
 * @param rating per row
 * @param timestamp per row
 * @param lines 1-based line of each row in a TSV (header = line 1), 1-based row number in Parquet
 */
public record RatingTable(
    Path file,
    String itemColumn,
    int[] user,
    int[] item,
    byte[] rating,
    long[] timestamp,
    long[] lines) {
  public static final String USER = "user_id";
  public static final List<String> ITEM_COLUMNS = List.of("movie_id", "item_id");
  public static final String RATING = "rating";
  public static final String TIMESTAMP = "timestamp";

  public int size() {
    return user.length;
  }

  /** The name of the item column this file uses (or would use). */
  public static String itemColumnOf(List<String> header) {
    for (String c : ITEM_COLUMNS) {
      if (header.contains(c)) {
        return c;
      }
    }
    return null;
  }

  /** Reads a TSV or (by extension) Parquet rating table. */
  public static RatingTable read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".parquet") ? readParquet(file) : readTsv(file);
  }

  /** Reads a tab-separated table with a header line. */
  public static RatingTable readTsv(Path file) {
    byte[] bytes = SourceText.readBytes(file);
    int headerEnd = 0;
    while (headerEnd < bytes.length && bytes[headerEnd] != '\n') {
      headerEnd++;
    }
    String headerText =
        SourceText.decode(
            file, Arrays.copyOf(bytes, headerEnd), StandardCharsets.UTF_8, (b, s, o) -> "header");
    List<String> header = new ArrayList<>();
    for (String h : headerText.split("\t", -1)) {
      header.add(h.strip());
    }
    String text =
        SourceText.decode(
            file,
            bytes,
            StandardCharsets.UTF_8,
            SourceText.FieldAt.columns(
                '\t', c -> c < header.size() ? header.get(c) : "column " + (c + 1)));
    if (text.isBlank()) {
      throw new InputException(file, 1, USER, "empty file (expected a header line)");
    }
    int[] cols = columns(file, header);
    List<String> lines = SourceText.lines(text);
    int cap = Math.max(0, lines.size() - 1);
    int[] user = new int[cap];
    int[] item = new int[cap];
    byte[] rating = new byte[cap];
    long[] ts = new long[cap];
    long[] lineNos = new long[cap];
    int n = 0;
    int needed = Arrays.stream(cols).max().orElseThrow() + 1;
    String[] fields = new String[header.size()];
    for (int li = 1; li < lines.size(); li++) {
      String line = lines.get(li);
      long lineNo = li + 1;
      if (line.isBlank()) {
        continue;
      }
      int k = splitTabs(line, fields);
      if (k < needed) {
        int missing = k;
        throw new InputException(
            file,
            lineNo,
            header.get(missing),
            "line has " + k + " of " + header.size() + " columns (truncated?)");
      }
      user[n] = (int) parseLong(file, lineNo, header.get(cols[0]), fields[cols[0]], true);
      item[n] = (int) parseLong(file, lineNo, header.get(cols[1]), fields[cols[1]], true);
      rating[n] = rating(file, lineNo, parseLong(file, lineNo, RATING, fields[cols[2]], false));
      ts[n] = parseLong(file, lineNo, TIMESTAMP, fields[cols[3]], false);
      lineNos[n] = lineNo;
      n++;
    }
    return new RatingTable(
        file,
        header.get(cols[1]),
        Arrays.copyOf(user, n),
        Arrays.copyOf(item, n),
        Arrays.copyOf(rating, n),
        Arrays.copyOf(ts, n),
        Arrays.copyOf(lineNos, n));
  }

  /** Reads a Parquet table through DuckDB's {@code read_parquet}, keeping the file's row order. */
  public static RatingTable readParquet(Path file) {
    if (!Files.isRegularFile(file)) {
      throw InputException.ofFile(file, "missing file");
    }
    String src = "read_parquet(" + DuckDb.literal(file.toString()) + ")";
    try (Connection c = DuckDb.open();
        Statement s = c.createStatement()) {
      List<String> header = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT * FROM " + src + " LIMIT 0")) {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          header.add(md.getColumnName(i));
        }
      }
      int[] cols = columns(file, header);
      int n;
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + src)) {
        rs.next();
        n = Math.toIntExact(rs.getLong(1));
      }
      if (n == 0) {
        throw new InputException(file, 1, USER, "empty table");
      }
      int[] user = new int[n];
      int[] item = new int[n];
      byte[] rating = new byte[n];
      long[] ts = new long[n];
      long[] rows = new long[n];
      String select =
          "SELECT "
              + String.join(
                  ", ", Arrays.stream(cols).mapToObj(i -> '"' + header.get(i) + '"').toList())
              + " FROM "
              + src;
      try (ResultSet rs = s.executeQuery(select)) {
        int r = 0;
        while (rs.next()) {
          long row = r + 1;
          user[r] = (int) parquetLong(file, row, header.get(cols[0]), rs, 1, true);
          item[r] = (int) parquetLong(file, row, header.get(cols[1]), rs, 2, true);
          rating[r] = rating(file, row, parquetLong(file, row, RATING, rs, 3, false));
          ts[r] = parquetLong(file, row, TIMESTAMP, rs, 4, false);
          rows[r] = row;
          r++;
        }
      }
      return new RatingTable(file, header.get(cols[1]), user, item, rating, ts, rows);
    } catch (SQLException e) {
      throw new InputException(
          file.toString(), 0, null, "cannot read Parquet: " + e.getMessage(), e);
    }
  }

  private static long parquetLong(
      Path file, long row, String field, ResultSet rs, int col, boolean id) throws SQLException {
    Object o = rs.getObject(col);
    if (o == null) {
      throw new InputException(file, row, field, "null value (row " + row + ")");
    }
    if (!(o instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())) {
      throw new InputException(file, row, field, "not an integer: '" + o + "' (row " + row + ")");
    }
    long v = num.longValue();
    checkId(file, row, field, v, id, String.valueOf(o));
    return v;
  }

  private static int[] columns(Path file, List<String> header) {
    int user = header.indexOf(USER);
    if (user < 0) {
      throw missing(file, USER, header);
    }
    String itemCol = itemColumnOf(header);
    if (itemCol == null) {
      throw missing(file, String.join("|", ITEM_COLUMNS), header);
    }
    int rating = header.indexOf(RATING);
    if (rating < 0) {
      throw missing(file, RATING, header);
    }
    int ts = header.indexOf(TIMESTAMP);
    if (ts < 0) {
      throw missing(file, TIMESTAMP, header);
    }
    return new int[] {user, header.indexOf(itemCol), rating, ts};
  }

  private static InputException missing(Path file, String column, List<String> header) {
    return new InputException(
        file,
        1,
        column,
        "missing column in header "
            + header
            + "; required: user_id, "
            + String.join(" or ", ITEM_COLUMNS)
            + ", rating, timestamp");
  }

  private static int splitTabs(String line, String[] out) {
    int k = 0;
    int start = 0;
    while (k < out.length) {
      int tab = line.indexOf('\t', start);
      if (tab < 0) {
        out[k++] = line.substring(start);
        break;
      }
      out[k++] = line.substring(start, tab);
      start = tab + 1;
    }
    if (k == 1 && out[0].isEmpty()) {
      return 0;
    }
    return k;
  }

  private static long parseLong(Path file, long line, String field, String raw, boolean id) {
    String t = raw.strip();
    long v;
    try {
      v = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new InputException(file, line, field, "not an integer: '" + t + "'");
    }
    checkId(file, line, field, v, id, t);
    return v;
  }

  private static void checkId(Path file, long line, String field, long v, boolean id, String t) {
    if (id && (v < 0 || v > Integer.MAX_VALUE)) {
      throw new InputException(
          file, line, field, "id out of range 0.." + Integer.MAX_VALUE + ": '" + t + "'");
    }
  }

  private static byte rating(Path file, long line, long v) {
    if (v < 0 || v > Byte.MAX_VALUE) {
      throw new InputException(file, line, RATING, "rating out of range 0..127: " + v);
    }
    return (byte) v;
  }
}
