package dev.hisam.encode.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.encode.EncodeProblem;
import dev.hisam.encode.Fixtures;
import dev.hisam.encode.ItemEmbeddings;
import dev.hisam.encode.Modality;
import dev.hisam.encode.attributes.AttributeEncoder;
import dev.hisam.encode.attributes.AttributeEncoderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheTest {

  @Test
  void roundTripKeepsVectorsMaskAndProblems(@TempDir Path dir) throws Exception {
    ItemEmbeddings e =
        new ItemEmbeddings(
            Modality.IMAGE,
            2,
            new float[][] {{1f, -2.5f}, null, {Float.MIN_VALUE, 3e7f}},
            "enc",
            "v1;x",
            List.of(new EncodeProblem(1, "2.jpg", "cannot decode")));
    Path f = dir.resolve("k.emb");
    EmbeddingCache.write(f, "key", e);
    EmbeddingCache.Stored s = EmbeddingCache.read(f);
    assertEquals("key", s.key());
    ItemEmbeddings r = s.embeddings();
    assertEquals(Modality.IMAGE, r.modality());
    assertEquals("v1;x", r.version());
    assertArrayEquals(e.vectors()[0], r.vectors()[0]);
    assertNull(r.vectors()[1]);
    assertArrayEquals(e.vectors()[2], r.vectors()[2]);
    assertEquals(e.problems(), r.problems());
  }

  @Test
  void secondRunLoadsChangedInputsRecompute(@TempDir Path dir) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AttributeEncoder inner = new AttributeEncoder(new AttributeEncoderConfig(16, 0.5, 1));
    dev.hisam.encode.Encoder counting =
        new dev.hisam.encode.EncoderAdapter(inner) {
          @Override
          public ItemEmbeddings encode(dev.hisam.data.Dataset d, dev.hisam.encode.Progress p) {
            calls.incrementAndGet();
            return super.encode(d, p);
          }
        };
    var ds = Fixtures.dataset(List.of("a", "b"), null, new int[][] {{1, 2}, {2}}, null);
    EmbeddingCache cache = new EmbeddingCache(dir);
    EmbeddingCache.Lookup first = cache.getOrCompute(counting, ds, (x, y) -> {});
    EmbeddingCache.Lookup second = cache.getOrCompute(counting, ds, (x, y) -> {});
    assertFalse(first.hit());
    assertTrue(second.hit());
    assertEquals(1, calls.get());
    assertArrayEquals(first.embeddings().vectors()[1], second.embeddings().vectors()[1]);
    assertEquals(first.file().getFileName().toString(), EmbeddingCache.key(counting, ds) + ".emb");

    var changed = Fixtures.dataset(List.of("a", "b"), null, new int[][] {{1, 2}, {3}}, null);
    assertNotEquals(EmbeddingCache.key(counting, ds), EmbeddingCache.key(counting, changed));
    assertFalse(cache.getOrCompute(counting, changed, (x, y) -> {}).hit());
    assertEquals(2, calls.get());

    // a damaged file is recomputed and replaced, not trusted
    Files.write(first.file(), new byte[] {1, 2, 3});
    assertFalse(cache.getOrCompute(counting, ds, (x, y) -> {}).hit());
    assertTrue(cache.getOrCompute(counting, ds, (x, y) -> {}).hit());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(2, files.count()); // no temporary files left behind
    }
  }
}
