package dev.hisam.encode.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hisam.encode.Fixtures;
import dev.hisam.encode.ItemEmbeddings;
import dev.hisam.encode.image.ImageEncoder;
import dev.hisam.encode.image.ImageEncoderConfig;
import dev.hisam.encode.image.ImageOutput;
import dev.hisam.encode.text.TextEncoder;
import dev.hisam.encode.text.TextEncoderConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Encodes every movielens-1m title and poster once and writes the timings to
 * encode/target/encode-timings.txt (no timing assertions). {@code -Dhisam.bench.images=N} limits
 * the posters for a quick check. Run: {@code mvn -o -q -Pslow -pl encode -am verify
 * -Dtest=MovielensEncodingSlowTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("slow")
class MovielensEncodingSlowTest {

  @Test
  void encodeAllTitlesAndPosters() throws Exception {
    String shared = System.getProperty("hisam.shared");
    Path root = shared == null ? null : Path.of(shared, "data", "movielens-1m-mm");
    assumeTrue(
        root != null && Files.isRegularFile(root.resolve("MovieData/movies.dat")),
        "shared movielens data not found (system property hisam.shared): skipping");
    Path modelDir = ImageEncoderConfig.defaultModelDir();
    assumeTrue(
        Files.isRegularFile(modelDir.resolve("model.json")),
        "image model not installed: run scripts/fetch-image-model.sh");
    List<String> keys = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (String line :
        Files.readAllLines(root.resolve("MovieData/movies.dat"), StandardCharsets.ISO_8859_1)) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("::", -1);
      keys.add(f[0]);
      titles.add(f[1] + " | " + f[2].replace('|', ','));
    }
    int limit = Integer.getInteger("hisam.bench.images", Integer.MAX_VALUE);
    Path[] images = new Path[keys.size()];
    int withImage = 0;
    for (int i = 0; i < keys.size(); i++) {
      Path p = root.resolve("MovieImages").resolve(keys.get(i) + ".jpg");
      if (Files.isRegularFile(p) && withImage < limit) {
        images[i] = p;
        withImage++;
      }
    }
    var ds = Fixtures.dataset(keys, titles.toArray(new String[0]), null, images);
    StringBuilder report = new StringBuilder();
    report
        .append("cpus=")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" java=")
        .append(System.getProperty("java.version"))
        .append('\n');

    long t0 = System.nanoTime();
    ItemEmbeddings text;
    try (TextEncoder enc = new TextEncoder(TextEncoderConfig.DEFAULT)) {
      long t1 = System.nanoTime();
      text = enc.encode(ds, (d, t) -> {});
      long t2 = System.nanoTime();
      report.append(
          String.format(
              "text: %d items in %.1f s = %.1f items/s (model load %.1f s)%n",
              text.presentCount(),
              (t2 - t1) / 1e9,
              text.presentCount() / ((t2 - t1) / 1e9),
              (t1 - t0) / 1e9));
    }
    assertEquals(keys.size(), text.presentCount());

    long t3 = System.nanoTime();
    try (ImageEncoder enc = new ImageEncoder(ImageEncoderConfig.of(modelDir, ImageOutput.POOLED))) {
      long t4 = System.nanoTime();
      Map<ImageOutput, ItemEmbeddings> out =
          enc.encodeOutputs(ds, EnumSet.allOf(ImageOutput.class), (d, t) -> {});
      long t5 = System.nanoTime();
      ItemEmbeddings pooled = out.get(ImageOutput.POOLED);
      report.append(
          String.format(
              "image: %d posters (%d problems %s) in %.1f s = %.1f ms/image, both outputs in one"
                  + " pass (model load %.1f s)%n",
              withImage,
              pooled.problems().size(),
              pooled.problems(),
              (t5 - t4) / 1e9,
              (t5 - t4) / 1e6 / withImage,
              (t4 - t3) / 1e9));
      assertEquals(withImage, pooled.presentCount() + pooled.problems().size());
      assertTrue(pooled.problems().isEmpty(), pooled.problems().toString());
    }
    Path outFile = Path.of("target", "encode-timings.txt");
    Files.createDirectories(outFile.getParent());
    Files.writeString(outFile, report.toString());
  }
}
