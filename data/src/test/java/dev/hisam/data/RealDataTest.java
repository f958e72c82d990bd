package dev.hisam.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hisam.data.source.RatingTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statistics of each dataset's README, recomputed from the real files in shared/data. */
@Tag("data")
class RealDataTest {
  static Path root;

  @TempDir Path tmp;

  @BeforeAll
  static void findData() {
    String shared = System.getProperty("hisam.shared");
    root = shared == null ? null : Path.of(shared, "data");
    assumeTrue(
        root != null && Files.isDirectory(root),
        "real data not found: set -Dhisam.shared to the folder holding data/ (skipping)");
  }

  /** Each (dataset, k) is loaded once for the whole class. */
  private static final java.util.Map<String, Dataset> LOADED = new java.util.HashMap<>();

  private static synchronized Dataset load(DatasetKind kind, int k) {
    Path folder = root.resolve(kind.folder());
    assumeTrue(Files.isDirectory(folder), folder + " is absent (skipping)");
    return LOADED.computeIfAbsent(
        kind + "/" + k, x -> DatasetLoader.load(new DataConfig(kind, root.toString(), k)));
  }

  /** Every kept user and item has at least k interactions. */
  private static void assertKCore(Dataset d, int k) {
    int[] itemCount = new int[d.catalog().size()];
    for (int[] s : d.sequences()) {
      assertTrue(s.length == 0 || s.length >= k);
      for (int i : s) {
        itemCount[i]++;
      }
    }
    for (int c : itemCount) {
      assertTrue(c == 0 || c >= k);
    }
  }

  @Test
  void beauty() {
    Dataset d = load(DatasetKind.BEAUTY, 5);
    DatasetStats s = DatasetStats.of(d);
    assertEquals(22_363, s.users());
    assertEquals(12_101, s.items());
    assertEquals(12_101, s.interactedItems());
    assertEquals(198_502, s.interactions());
    assertEquals(8.88, s.avgLength(), 0.005);
    assertEquals(5, s.minLength());
    assertEquals(204, s.maxLength());
    assertEquals(0.073e-2, s.density(), 0.0005e-2);
    assertEquals(12_101, s.itemsWithAttributes());
    assertEquals(0, s.itemsWithText());
    assertEquals(0, s.itemsWithImage());
    // already 5-core: the filter removes nothing
    assertEquals(0, d.summary().usersRemoved());
    assertEquals(0, d.summary().interactionsRemoved());
    assertKCore(d, 5);
    // ItemId = Beauty.txt id - 1; line 1 is "1 1 2 3 4 5"; item 1 is ASIN B004756YJA
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, d.sequences()[0]);
    assertEquals("B004756YJA", d.catalog().key(0));
    assertEquals("1", d.userKeys().get(0));
    // 637 distinct attribute ids, 3.72 per item on average
    long attrs = 0;
    java.util.Set<Integer> distinct = new java.util.HashSet<>();
    for (int[] a : d.content().attributes()) {
      attrs += a.length;
      for (int x : a) {
        distinct.add(x);
      }
    }
    assertEquals(637, distinct.size());
    assertEquals(3.72, attrs / 12_101.0, 0.005);
  }

  @Test
  void beautyStoreRoundTrip() {
    Dataset d = load(DatasetKind.BEAUTY, 5);
    Path store = tmp.resolve("beauty");
    DatasetStore.write(d, store, root);
    StoreTest.assertSame(d, DatasetStore.read(store, root));
  }

  @Test
  void yelp() {
    Dataset d = load(DatasetKind.YELP, 5);
    DatasetStats s = DatasetStats.of(d);
    assertEquals(30_431, s.users());
    assertEquals(20_033, s.items());
    assertEquals(316_354, s.interactions());
    assertEquals(10.40, s.avgLength(), 0.005);
    assertEquals(5, s.minLength());
    assertEquals(350, s.maxLength());
    assertEquals(0.052e-2, s.density(), 0.0005e-2);
    assertEquals(20_033, s.itemsWithText());
    assertEquals(20_032, s.itemsWithAttributes());
    assertEquals(0, d.summary().usersRemoved());
    assertEquals(0, d.summary().interactionsRemoved());
    assertKCore(d, 5);
    // LETTER id 0 = Yelp.txt item 1 = ItemId 0
    assertEquals(
        "The Great Greek | Diners, Greek, Mediterranean, Restaurants", d.content().text()[0]);
  }

  @Test
  void movielensBeforeKcore() {
    Dataset d = load(DatasetKind.MOVIELENS, 0);
    DatasetStats s = DatasetStats.of(d);
    assertEquals(3_883, s.items());
    assertEquals(3_883, s.itemsWithText());
    assertEquals(3_872, s.itemsWithImage());
    assertEquals(518_897, s.interactions());
    assertEquals(518_897, d.summary().sourceInteractions());
    assertEquals(0, d.summary().duplicateInteractions());
    assertEquals(5_398, s.sequenceUsers());
    assertEquals(3_522, s.interactedItems());
    assertEquals(1, s.minLength());
    assertEquals(1_435, s.maxLength());
    assertEquals(103_934, s.ratings());
    assertEquals("Toy Story (1995) | Animation, Children's, Comedy", d.content().text()[0]);
    // sequences are chronological
    for (long[] t : d.sequenceTimes()) {
      for (int j = 1; j < t.length; j++) {
        assertTrue(t[j - 1] <= t[j]);
      }
    }
    // test_ratings are the last 80,298 rows: distribution 4,398 / 9,801 / 22,750 / 29,122 / 14,227
    Ratings r = d.ratings();
    int[] hist = new int[6];
    for (int i = r.size() - 80_298; i < r.size(); i++) {
      hist[r.rating()[i]]++;
    }
    assertArrayEquals(new int[] {0, 4_398, 9_801, 22_750, 29_122, 14_227}, hist);
  }

  @Test
  void movielensFiveCore() {
    Dataset d = load(DatasetKind.MOVIELENS, 5);
    assertKCore(d, 5);
    DatasetStats s = DatasetStats.of(d);
    assertEquals(103_934, s.ratings());
    assertEquals(3_883, s.items());
    assertEquals(
        518_897, s.interactions() + d.summary().interactionsRemoved(), "kept + removed = all");
    assertTrue(s.sequenceUsers() <= 5_386, "at most the users with >= 5 positives survive");
  }

  @Test
  void parquetAndTsvTablesAgree() {
    Path dir = root.resolve("movielens-1m-mm/candidate_gen_data");
    assumeTrue(Files.isDirectory(dir), dir + " is absent (skipping)");
    RatingTable tsv = RatingTable.read(dir.resolve("val_positives.tsv"));
    RatingTable pq = RatingTable.read(dir.resolve("val_positives.parquet"));
    assertEquals(12_528, tsv.size());
    assertArrayEquals(tsv.user(), pq.user());
    assertArrayEquals(tsv.item(), pq.item());
    assertArrayEquals(tsv.rating(), pq.rating());
    assertArrayEquals(tsv.timestamp(), pq.timestamp());
  }
}
