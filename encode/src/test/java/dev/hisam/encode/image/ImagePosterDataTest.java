package dev.hisam.encode.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.encode.EncodeProblem;
import dev.hisam.encode.Fixtures;
import dev.hisam.encode.ItemEmbeddings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real movielens posters (3575.jpg is a PNG), plus a corrupt and a missing file. */
@Tag("data")
class ImagePosterDataTest {

  @Test
  void postersEncodeDeterministicallyAndBadFilesAreReportedByName(@TempDir Path tmp)
      throws Exception {
    Path data = ModelFixture.sharedData();
    Path model = ModelFixture.modelDir();
    Path corrupt = tmp.resolve("999.jpg");
    Files.write(corrupt, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1, 2});
    Path[] images = {
      data.resolve("MovieImages/1.jpg"),
      corrupt,
      data.resolve("MovieImages/3575.jpg"),
      tmp.resolve("missing.jpg"),
      null,
      data.resolve("MovieImages/260.jpg")
    };
    var ds = Fixtures.dataset(List.of("1", "999", "3575", "404", "5", "260"), null, null, images);
    try (ImageEncoder enc =
        new ImageEncoder(new ImageEncoderConfig(model, ImageOutput.POOLED, 2, 224))) {
      Map<ImageOutput, ItemEmbeddings> out =
          enc.encodeOutputs(ds, EnumSet.allOf(ImageOutput.class), (d, t) -> {});
      ItemEmbeddings pooled = out.get(ImageOutput.POOLED);
      ItemEmbeddings block10 = out.get(ImageOutput.BLOCK_10);
      assertEquals(1280, pooled.dim());
      assertEquals(96, block10.dim());
      for (int i : new int[] {0, 2, 5}) {
        assertNotNull(pooled.vectors()[i], "item " + i);
        for (float v : pooled.vectors()[i]) {
          assertTrue(Float.isFinite(v) && v >= 0 && v <= 6, "pooled ReLU6 features in [0, 6]");
        }
        for (float v : block10.vectors()[i]) {
          assertTrue(Float.isFinite(v));
        }
      }
      assertNull(pooled.vectors()[1]);
      assertNull(pooled.vectors()[3]);
      assertNull(pooled.vectors()[4]); // no image at all: not a problem, just absent
      List<EncodeProblem> problems = pooled.problems();
      assertEquals(2, problems.size(), problems.toString());
      assertEquals(1, problems.get(0).itemId());
      assertEquals("999.jpg", problems.get(0).source());
      assertEquals(3, problems.get(1).itemId());
      assertEquals("missing.jpg", problems.get(1).source());

      // same inputs, same bits; batch composition does not matter either (batch 2 vs 1)
      ItemEmbeddings again = enc.encode(ds, (d, t) -> {});
      assertArrayEquals(pooled.vectors()[2], again.vectors()[2]);
      try (ImageEncoder single =
          new ImageEncoder(new ImageEncoderConfig(model, ImageOutput.BLOCK_10, 1, 224))) {
        float[] b = single.encode(ds, (d, t) -> {}).vectors()[5];
        assertArrayEquals(block10.vectors()[5], b, 1e-4f);
      }
    }
  }
}
