package dev.hisam.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class RatingTableTest {
  @TempDir Path tmp;

  public static void toParquet(Path tsv, Path parquet) throws Exception {
    try (Connection c = DuckDb.open();
        Statement s = c.createStatement()) {
      s.execute(
          "COPY (SELECT * FROM read_csv("
              + DuckDb.literal(tsv.toString())
              + ", delim='\\t', header=true)) TO "
              + DuckDb.literal(parquet.toString())
              + " (FORMAT parquet)");
    }
  }

  @Test
  void readsItemIdColumnInAnyPositionAndParquetAgrees() throws Exception {
    Path tsv = tmp.resolve("r.tsv");
    Files.writeString(
        tsv, "timestamp\trating\tnote\titem_id\tuser_id\n5\t3\tx\t42\t7\n4\t5\ty\t41\t8\n");
    RatingTable t = RatingTable.read(tsv);
    assertArrayEquals(new int[] {7, 8}, t.user());
    assertArrayEquals(new int[] {42, 41}, t.item());
    assertArrayEquals(new byte[] {3, 5}, t.rating());
    assertArrayEquals(new long[] {5, 4}, t.timestamp());
    assertArrayEquals(new long[] {2, 3}, t.lines());
    Path pq = tmp.resolve("r.parquet");
    toParquet(tsv, pq);
    RatingTable p = RatingTable.read(pq);
    assertArrayEquals(t.user(), p.user());
    assertArrayEquals(t.item(), p.item());
    assertArrayEquals(t.rating(), p.rating());
    assertArrayEquals(t.timestamp(), p.timestamp());
  }

  @Test
  void parquetMissingColumnNamesIt() throws Exception {
    Path tsv = tmp.resolve("r.tsv");
    Files.writeString(tsv, "user_id\tmovie_id\trating\n1\t2\t3\n");
    Path pq = tmp.resolve("r.parquet");
    toParquet(tsv, pq);
    InputException e = assertThrows(InputException.class, () -> RatingTable.read(pq));
    assertEquals("timestamp", e.field());
    assertTrue(e.getMessage().contains("r.parquet"), e.getMessage());
  }

  @Test
  void parquetNullNamesRowAndColumn() throws Exception {
    Path tsv = tmp.resolve("r.tsv");
    Files.writeString(tsv, "user_id\tmovie_id\trating\ttimestamp\n1\t2\t3\t4\n1\t\t3\t5\n");
    Path pq = tmp.resolve("r.parquet");
    toParquet(tsv, pq);
    InputException e = assertThrows(InputException.class, () -> RatingTable.read(pq));
    assertEquals("movie_id", e.field());
    assertEquals(2, e.line());
  }
}
