package dev.hisam.encode.image;

import java.nio.file.Path;

/**
 * Configuration of {@link ImageEncoder}.
 *
 * @param modelDir directory with model.json and its weight shards (see {@link #defaultModelDir})
 * @param output which features become the embedding
 * @param batchSize images per forward pass
 * @param size input side in pixels (224 for MobileNetV2)
 */
public record ImageEncoderConfig(Path modelDir, ImageOutput output, int batchSize, int size) {
  public ImageEncoderConfig {
    if (batchSize < 1 || size < 1) {
      throw new IllegalArgumentException("batchSize and size must be >= 1");
    }
  }

  public static ImageEncoderConfig of(Path modelDir, ImageOutput output) {
    return new ImageEncoderConfig(modelDir, output, 16, 224);
  }

  /**
   * Where scripts/fetch-image-model.sh installs the model: the system property {@code
   * hisam.image.model}, else the environment variable {@code HISAM_IMAGE_MODEL}, else {@code
   * ~/.cache/hisam/nsfwjs-4.4.0/mobilenet_v2}.
   */
  public static Path defaultModelDir() {
    String prop = System.getProperty("hisam.image.model");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String env = System.getenv("HISAM_IMAGE_MODEL");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(
        System.getProperty("user.home"), ".cache", "hisam", "nsfwjs-4.4.0", "mobilenet_v2");
  }
}
