package dev.hisam.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest {
  @TempDir Path tmp;

  private static DataConfig config(DatasetKind kind, Path root, int k) {
    return new DataConfig(kind, root.toString(), k);
  }

  @Test
  void beautyMapsIdsInNumericOrder() {
    Dataset d = DatasetLoader.load(config(DatasetKind.BEAUTY, Fixtures.beauty(tmp), 0));
    // source items 1, 2, 3, 10 -> ItemIds 0, 1, 2, 3 (numeric, not "1" < "10" < "2")
    assertEquals(List.of("B001", "B002", "B003", "A010"), d.catalog().keys());
    assertEquals(List.of("1", "2", "10"), d.userKeys());
    assertArrayEquals(new int[] {0, 1, 2}, d.sequences()[0]);
    assertArrayEquals(new int[] {1, 1}, d.sequences()[1]);
    assertArrayEquals(new int[] {2, 3, 0}, d.sequences()[2]);
    assertNull(d.sequenceTimes());
    assertNull(d.ratings());
    assertArrayEquals(new int[] {5, 6}, d.content().attributes()[0]);
    assertArrayEquals(new int[0], d.content().attributes()[1]);
    assertArrayEquals(new int[] {7}, d.content().attributes()[3]);
    assertNull(d.content().text()[0]);
    assertEquals(
        List.of(
            "amazon-beauty/Beauty.txt",
            "amazon-beauty/Beauty_item2attributes.json",
            "amazon-beauty/datamaps.json"),
        List.copyOf(d.inputHashes().keySet()));
    assertTrue(d.inputHashes().values().stream().allMatch(h -> h.matches("[0-9a-f]{64}")));
  }

  @Test
  void yelpTextKeysAreZeroBasedAndRepeatsAreKept() {
    List<String> stages = new java.util.ArrayList<>();
    Dataset d = DatasetLoader.load(config(DatasetKind.YELP, Fixtures.yelp(tmp), 0), stages::add);
    assertEquals(
        List.of(
            "read yelp/datamaps.json",
            "read yelp/Yelp.txt",
            "k-core filter (k = 0)",
            "read yelp/Yelp_item2attributes.json",
            "read yelp/Yelp.item.json"),
        stages);
    // LETTER key "0" is Yelp.txt item 1 (ItemId 0); key "9" is item 10 (ItemId 3)
    assertEquals("Caf\u00e9 A | Diners, Greek", d.content().text()[0]);
    assertNull(d.content().text()[1]);
    assertEquals("Z", d.content().text()[3]);
    // user 10: items 3 10 1 3 -> ItemIds 2 3 0 2 (the repeat of 3 stays)
    assertArrayEquals(new int[] {2, 3, 0, 2}, d.sequences()[2]);
  }

  @Test
  void movielensSortsByTimeThenFileOrderAndDropsDuplicates() {
    Dataset d = DatasetLoader.load(config(DatasetKind.MOVIELENS, Fixtures.movielens(tmp), 0));
    assertEquals(List.of("1", "2", "3", "10"), d.catalog().keys());
    assertEquals("Toy Story (1995) | Animation, Children's, Comedy", d.content().text()[0]);
    assertEquals("Caf\u00e9 Society (1995) | Drama", d.content().text()[1]);
    assertEquals(
        tmp.resolve("movielens-1m-mm").resolve("MovieImages").resolve("1.jpg"),
        d.content().images()[0]);
    assertNull(d.content().images()[1]);
    // users 7, 9, 20 (positives) and 30 (ratings only), numeric order
    assertEquals(List.of("7", "9", "20", "30"), d.userKeys());
    // user 7: 10@90, then the ties at 100 in concatenated file order: 3 (train), 1 (train),
    // 2 (test) -> ItemIds 3, 2, 0, 1
    assertArrayEquals(new int[] {3, 2, 0, 1}, d.sequences()[0]);
    assertArrayEquals(new long[] {90, 100, 100, 100}, d.sequenceTimes()[0]);
    assertArrayEquals(new int[] {0}, d.sequences()[1]);
    // user 20: movie 2@50 (its exact duplicate dropped), movie 1@200 (val)
    assertArrayEquals(new int[] {1, 0}, d.sequences()[2]);
    assertArrayEquals(new long[] {50, 200}, d.sequenceTimes()[2]);
    assertArrayEquals(new int[0], d.sequences()[3]);
    // ratings: val then test, the test copy of (20, 3, 150) dropped
    Ratings r = d.ratings();
    assertArrayEquals(new int[] {2, 0, 3}, r.user());
    assertArrayEquals(new int[] {2, 0, 3}, r.item());
    assertArrayEquals(new byte[] {2, 4, 1}, r.rating());
    assertArrayEquals(new long[] {150, 100, 400}, r.timestamp());
    assertEquals(1, d.summary().duplicateInteractions());
    assertEquals(1, d.summary().duplicateRatings());
    assertEquals(8, d.summary().sourceInteractions());
    DatasetStats s = DatasetStats.of(d);
    assertEquals(4, s.users());
    assertEquals(3, s.sequenceUsers());
    assertEquals(7, s.interactions());
    assertEquals(2, s.duplicateRows());
    assertEquals(2, s.itemsWithImage());
    assertEquals(4, s.itemsWithText());
    // lengths 4, 1, 2: mean 7 / 3
    assertEquals(7.0 / 3.0, s.avgLength(), 1e-12);
    assertEquals(1, s.minLength());
    assertEquals(4, s.maxLength());
    // 7 interactions / (3 users * 4 items)
    assertEquals(7.0 / 12.0, s.density(), 1e-12);
  }

  @Test
  void movielensKcoreCascades() {
    Dataset d = DatasetLoader.load(config(DatasetKind.MOVIELENS, Fixtures.movielens(tmp), 2));
    // counts: users 7:4, 9:1, 20:2. Round 1 drops user 9; without it movies 3 and 10 occur once
    // (user 7 only) and movie 1 twice -> movies 3, 10 dropped. Round 2: users 7 and 20 keep
    // movies 1, 2 (2 each), both movies occur twice: stable.
    assertEquals(List.of("7", "20", "30"), d.userKeys());
    assertArrayEquals(new int[] {0, 1}, d.sequences()[0]);
    assertArrayEquals(new long[] {100, 100}, d.sequenceTimes()[0]);
    assertArrayEquals(new int[] {1, 0}, d.sequences()[1]);
    assertArrayEquals(new int[0], d.sequences()[2]);
    assertEquals(1, d.summary().usersRemoved());
    assertEquals(2, d.summary().itemsRemoved());
    // user 7 loses 2 entries, user 9 its 1
    assertEquals(3, d.summary().interactionsRemoved());
    assertEquals(4, d.catalog().size());
    // ratings now index users 7 -> 0, 20 -> 1, 30 -> 2
    assertArrayEquals(new int[] {1, 0, 2}, d.ratings().user());
  }

  @Test
  void movielensReadsParquetWhenTheTsvIsAbsent() throws Exception {
    Path root = Fixtures.movielens(tmp);
    Dataset fromTsv = DatasetLoader.load(config(DatasetKind.MOVIELENS, root, 0));
    Path dir = root.resolve("movielens-1m-mm/candidate_gen_data");
    dev.hisam.data.source.RatingTableTest.toParquet(
        dir.resolve("train_positives.tsv"), dir.resolve("train_positives.parquet"));
    java.nio.file.Files.delete(dir.resolve("train_positives.tsv"));
    Dataset fromParquet = DatasetLoader.load(config(DatasetKind.MOVIELENS, root, 0));
    assertArrayEquals(fromTsv.sequences(), fromParquet.sequences());
    assertArrayEquals(fromTsv.sequenceTimes(), fromParquet.sequenceTimes());
    assertTrue(
        fromParquet
            .inputHashes()
            .containsKey("movielens-1m-mm/candidate_gen_data/train_positives.parquet"));
  }

  @Test
  void denseIndexFallsBackToLexicographic() {
    // not all integers -> String order
    assertEquals(List.of("10", "10a", "2"), DenseIndex.order(List.of("10a", "2", "10")));
    // all integers -> numeric order, duplicates collapsed
    assertEquals(List.of("2", "10", "100"), DenseIndex.order(List.of("100", "2", "10", "2")));
  }
}
