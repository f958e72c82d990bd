package dev.hisam.encode.image;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the nsfwjs MobileNetV2 installed by scripts/fetch-image-model.sh, or skips. */
final class ModelFixture {
  private ModelFixture() {}

  static Path modelDir() {
    Path dir = ImageEncoderConfig.defaultModelDir();
    assumeTrue(
        Files.isRegularFile(dir.resolve("model.json")),
        "image model not installed at "
            + dir
            + ": run scripts/fetch-image-model.sh (or set -Dhisam.image.model)");
    return dir;
  }

  static Path sharedData() {
    String shared = System.getProperty("hisam.shared");
    Path dir = shared == null ? null : Path.of(shared, "data", "movielens-1m-mm");
    assumeTrue(
        dir != null && Files.isDirectory(dir.resolve("MovieImages")),
        "shared movielens data not found (system property hisam.shared): skipping");
    return dir;
  }
}
