package dev.hisam.encode.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.encode.Fixtures;
import dev.hisam.encode.ItemEmbeddings;
import dev.hisam.encode.Modality;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quantized MiniLM against the full-precision sentence-transformers reference: the
 * sentence-transformers quickstart (sbert.net, "Computing Embeddings") prints, for
 * all-MiniLM-L6-v2, cos("The weather is lovely today.", "It's so sunny outside!") = 0.6660,
 * cos(weather, "He drove to the stadium.") = 0.1046 and cos(sunny, stadium) = 0.1411. Our model is
 * the uint8-quantized ONNX export of the same weights, so we allow 0.04 of quantization error.
 */
class TextEncoderTest {
  private static TextEncoder encoder;

  @BeforeAll
  static void load() {
    encoder = new TextEncoder(TextEncoderConfig.DEFAULT);
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  private static double cos(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d += a[i] * b[i];
    }
    return d; // both are unit vectors
  }

  @Test
  void matchesSentenceTransformersReferenceSimilarities() {
    float[][] e =
        encoder.embedAll(
            List.of(
                "The weather is lovely today.",
                "It's so sunny outside!",
                "He drove to the stadium."),
            (done, total) -> {});
    assertEquals(0.6660, cos(e[0], e[1]), 0.04);
    assertEquals(0.1046, cos(e[0], e[2]), 0.04);
    assertEquals(0.1411, cos(e[1], e[2]), 0.04);
  }

  @Test
  void unitNormDeterministicAndSensibleOrdering() {
    float[] car = encoder.embed("a red car");
    assertEquals(TextEncoder.DIM, car.length);
    double norm = Math.sqrt(cos(car, car));
    assertEquals(1.0, norm, 1e-5);
    assertArrayEquals(car, encoder.embed("a red car")); // same input, same bits
    assertTrue(cos(car, encoder.embed("a blue car")) > cos(car, encoder.embed("tax law")) + 0.2);
  }

  @Test
  void batchingDoesNotChangeVectorsAndProgressCountsItems() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      texts.add("movie number " + i);
    }
    List<long[]> reports = new ArrayList<>();
    try (TextEncoder small = new TextEncoder(new TextEncoderConfig("{text}", 2, 1))) {
      float[][] batched = small.embedAll(texts, (d, t) -> reports.add(new long[] {d, t}));
      float[][] whole = encoder.embedAll(texts, (d, t) -> {});
      for (int i = 0; i < 5; i++) {
        assertArrayEquals(whole[i], batched[i], 1e-6f);
      }
    }
    // batches of 2 over 5 items: 2, 4, 5
    assertEquals(3, reports.size());
    assertArrayEquals(new long[] {5, 5}, reports.get(2));
    assertEquals(2, reports.get(0)[0]);
  }

  @Test
  void encodesDatasetWithTemplateAndMissingText() {
    var ds =
        Fixtures.dataset(
            List.of("m1", "m2", "m3"),
            new String[] {"Toy Story (1995)", null, "Heat (1995)"},
            null,
            null);
    try (TextEncoder t = new TextEncoder(new TextEncoderConfig("Movie: {text}", 8, 1))) {
      ItemEmbeddings e = t.encode(ds, (d, n) -> {});
      assertEquals(Modality.TEXT, e.modality());
      assertNull(e.vectors()[1]);
      assertEquals(2, e.presentCount());
      assertArrayEquals(t.embed("Movie: Heat (1995)"), e.vectors()[2], 1e-6f);
      assertTrue(t.fingerprint().contains("Movie: {text}"));
    }
  }
}
