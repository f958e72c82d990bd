package dev.hisam.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir Path tmp;

  static void assertSame(Dataset a, Dataset b) {
    assertEquals(a.name(), b.name());
    assertEquals(a.catalog().keys(), b.catalog().keys());
    assertEquals(a.userKeys(), b.userKeys());
    assertArrayEquals(a.sequences(), b.sequences());
    if (a.sequenceTimes() == null) {
      assertNull(b.sequenceTimes());
    } else {
      assertArrayEquals(a.sequenceTimes(), b.sequenceTimes());
    }
    if (a.ratings() == null) {
      assertNull(b.ratings());
    } else {
      assertArrayEquals(a.ratings().user(), b.ratings().user());
      assertArrayEquals(a.ratings().item(), b.ratings().item());
      assertArrayEquals(a.ratings().rating(), b.ratings().rating());
      assertArrayEquals(a.ratings().timestamp(), b.ratings().timestamp());
    }
    assertArrayEquals(a.content().text(), b.content().text());
    assertArrayEquals(a.content().attributes(), b.content().attributes());
    assertArrayEquals(a.content().images(), b.content().images());
    assertEquals(a.inputHashes(), b.inputHashes());
    assertEquals(a.summary(), b.summary());
  }

  @Test
  void movielensRoundTripsWithRelativeImagePaths() {
    Path root = Fixtures.movielens(tmp.resolve("data"));
    Path store = tmp.resolve("store");
    Dataset d =
        DatasetStore.ingest(new DataConfig(DatasetKind.MOVIELENS, root.toString(), 0), store);
    assertSame(d, DatasetStore.read(store, root));
    // without a data root the stored (relative) paths come back as written
    Dataset raw = DatasetStore.read(store);
    assertEquals(Path.of("movielens-1m-mm/MovieImages/1.jpg"), raw.content().images()[0]);
    assertNull(raw.content().images()[1]);
    DatasetStore.Manifest m = DatasetStore.manifest(store);
    assertEquals(DatasetStore.ImagePaths.RELATIVE_TO_DATA_ROOT, m.imagePaths());
    assertEquals(DatasetStats.of(d), m.stats());
    assertEquals(7, m.stats().interactions());
  }

  @Test
  void beautyRoundTripsWithoutTimes() {
    Path root = Fixtures.beauty(tmp.resolve("data"));
    Dataset d = DatasetLoader.load(new DataConfig(DatasetKind.BEAUTY, root.toString(), 0));
    Path store = tmp.resolve("store");
    DatasetStore.write(d, store);
    assertSame(d, DatasetStore.read(store));
    assertEquals(DatasetStore.ImagePaths.AS_GIVEN, DatasetStore.manifest(store).imagePaths());
  }

  @Test
  void writeRefusesAnExistingDirectory() throws Exception {
    Path root = Fixtures.yelp(tmp.resolve("data"));
    Dataset d = DatasetLoader.load(new DataConfig(DatasetKind.YELP, root.toString(), 0));
    Path store = tmp.resolve("store");
    DatasetStore.write(d, store);
    long before = Files.getLastModifiedTime(store.resolve("dataset.json")).toMillis();
    assertThrows(IllegalStateException.class, () -> DatasetStore.write(d, store));
    assertEquals(before, Files.getLastModifiedTime(store.resolve("dataset.json")).toMillis());
    assertSame(d, DatasetStore.read(store));
  }

  @Test
  void imagePathOutsideTheRootStaysAbsolute() {
    Path root = tmp.resolve("data");
    assertEquals("a/b.jpg", DatasetStore.imagePath(root.resolve("a").resolve("b.jpg"), root));
    assertEquals(
        tmp.resolve("x.jpg").toAbsolutePath().toString(),
        DatasetStore.imagePath(tmp.resolve("x.jpg"), root));
  }
}
