package dev.hisam.data.source;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens the embedded DuckDB engine (in memory) used to read and write Parquet. */
public final class DuckDb {
  private DuckDb() {}

  /** A fresh in-memory database; close it when done. */
  public static Connection open() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      s.execute("SET threads TO 2");
      s.execute("SET preserve_insertion_order TO true");
    }
    return c;
  }

  /** A SQL string literal (single quotes doubled). */
  public static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
