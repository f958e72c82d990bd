package dev.hisam.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hisam.data.Ratings;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * P2 on movielens-1m-mm, read here from its TSV files: the labelled interactions are the val/test
 * period ratings (103,934), positives of all periods give the histories.
 */
@Tag("data")
class MovielensCtrDataTest {
  private final Map<Long, Integer> users = new HashMap<>();
  private final Map<Long, Integer> items = new HashMap<>();

  private static Path root() {
    String shared = System.getProperty("hisam.shared", "");
    Path dir = Path.of(shared.isEmpty() ? "../shared" : shared, "data", "movielens-1m-mm");
    assumeTrue(
        Files.isRegularFile(dir.resolve("splits/test_ratings.tsv")),
        "movielens-1m-mm data not found under " + dir + " (set -Dhisam.shared); skipping");
    return dir;
  }

  /** Rows {user, item, rating, timestamp} of a TSV with a header line, in file order. */
  private List<long[]> read(Path file) throws Exception {
    List<long[]> rows = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split("\t");
        long u = users.computeIfAbsent(Long.parseLong(f[0]), k -> users.size());
        long i = items.computeIfAbsent(Long.parseLong(f[1]), k -> items.size());
        rows.add(new long[] {u, i, Long.parseLong(f[2]), Long.parseLong(f[3])});
      }
    }
    return rows;
  }

  @Test
  void chronologicalSplitWithStrictlyEarlierHistories() throws Exception {
    Path dir = root();
    List<long[]> positives = new ArrayList<>();
    for (String part : List.of("train", "val", "test")) {
      positives.addAll(read(dir.resolve("candidate_gen_data/" + part + "_positives.tsv")));
    }
    List<long[]> labelled = new ArrayList<>(read(dir.resolve("splits/val_ratings.tsv")));
    labelled.addAll(read(dir.resolve("splits/test_ratings.tsv")));
    // sequences: per user, sorted by (timestamp, file order) — List.sort is stable
    List<List<long[]>> byUser = new ArrayList<>();
    for (int u = 0; u < users.size(); u++) {
      byUser.add(new ArrayList<>());
    }
    for (long[] p : positives) {
      byUser.get((int) p[0]).add(p);
    }
    int[][] seq = new int[users.size()][];
    long[][] times = new long[users.size()][];
    for (int u = 0; u < seq.length; u++) {
      List<long[]> l = byUser.get(u);
      l.sort(Comparator.comparingLong(p -> p[3]));
      seq[u] = l.stream().mapToInt(p -> (int) p[1]).toArray();
      times[u] = l.stream().mapToLong(p -> p[3]).toArray();
    }
    int n = labelled.size();
    Ratings ratings = new Ratings(new int[n], new int[n], new byte[n], new long[n]);
    for (int i = 0; i < n; i++) {
      long[] x = labelled.get(i);
      ratings.user()[i] = (int) x[0];
      ratings.item()[i] = (int) x[1];
      ratings.rating()[i] = (byte) x[2];
      ratings.timestamp()[i] = x[3];
    }
    CtrProtocol p2 = CtrProtocol.of(ratings, seq, times, 300);

    assertEquals(103_934, n); // README: 23,636 val + 80,298 test ratings
    assertEquals(93_540, p2.train().size()); // floor(0.9 x 103,934 = 93,540.6)
    assertEquals(10_394, p2.test().size());
    // README: positives (rating >= 4) are 12,528 in val and 43,349 in test
    assertEquals(12_528 + 43_349, p2.train().positives() + p2.test().positives());
    long last = Long.MIN_VALUE;
    for (CtrExamples ex : List.of(p2.train(), p2.test())) {
      for (int i = 0; i < ex.size(); i++) {
        long t = ex.timestamp()[i];
        assertTrue(t >= last, "examples are in time order");
        last = t;
        long[] ut = times[ex.user()[i]];
        int end = ex.historyEnd()[i];
        assertTrue(end == 0 || ut[end - 1] < t, "history entries are strictly earlier");
        assertTrue(end == ut.length || ut[end] >= t, "no strictly earlier positive is left out");
        assertTrue(ex.history(i).length <= 300);
      }
    }
  }
}
