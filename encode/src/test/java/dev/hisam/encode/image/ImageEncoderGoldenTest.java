package dev.hisam.encode.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole nsfwjs MobileNetV2 in our interpreter against TF.js 4.22.0 running the same model.json
 * on the same synthetic input (golden file from encode/tools/mobilenet_golden.js). Skips when the
 * model is not installed.
 */
class ImageEncoderGoldenTest {

  @Test
  void matchesTfjsOnSyntheticInput() throws Exception {
    JsonNode golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/mobilenet_synthetic.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    int size = 224;
    float[] pixels = new float[size * size * 3];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        for (int c = 0; c < 3; c++) {
          pixels[(y * size + x) * 3 + c] = ((7 * y + 13 * x + 29 * c) % 256) / 255f;
        }
      }
    }
    try (ImageEncoder encoder =
        new ImageEncoder(ImageEncoderConfig.of(ModelFixture.modelDir(), ImageOutput.POOLED))) {
      Map<ImageOutput, float[][]> f =
          encoder.features(pixels, 1, List.of(ImageOutput.POOLED, ImageOutput.BLOCK_10));
      compare(golden.get("out_relu"), f.get(ImageOutput.POOLED)[0]);
      compare(golden.get("block_10_project_BN"), f.get(ImageOutput.BLOCK_10)[0]);
    }
  }

  private static void compare(JsonNode expected, float[] actual) {
    assertEquals(expected.size(), actual.length);
    double dot = 0;
    double ee = 0;
    double aa = 0;
    double maxAbs = 0;
    double maxDiff = 0;
    for (int i = 0; i < actual.length; i++) {
      double e = expected.get(i).asDouble();
      dot += e * actual[i];
      ee += e * e;
      aa += (double) actual[i] * actual[i];
      maxAbs = Math.max(maxAbs, Math.abs(e));
      maxDiff = Math.max(maxDiff, Math.abs(e - actual[i]));
    }
    double cos = dot / Math.sqrt(ee * aa);
    assertTrue(cos > 0.99999, "cosine to TF.js " + cos);
    assertTrue(maxDiff < 1e-3 * Math.max(1, maxAbs), "max abs diff to TF.js " + maxDiff);
  }
}
