package dev.hisam.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hisam.core.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigsTest {
  @Test
  void defaultsRoundTripThroughJson() throws Exception {
    var m = Json.mapper();
    DstConfig d = DstConfig.defaults();
    assertEquals(d, m.readValue(m.writeValueAsString(d), DstConfig.class));
    RqVaeConfig v = RqVaeConfig.defaults();
    assertEquals(v, m.readValue(m.writeValueAsString(v), RqVaeConfig.class));
    RqKMeansConfig k = RqKMeansConfig.defaults();
    assertEquals(k, m.readValue(m.writeValueAsString(k), RqKMeansConfig.class));
    // the defaults: K = 256, 3 levels for the baselines, DST L_s = 2 and 1 per modality
    assertEquals(256, d.codebookSize());
    assertEquals(2, d.sharedLevels());
    assertEquals(1, d.specificLevels());
    assertEquals(0.25, d.beta());
    assertEquals(3, v.levels());
    assertEquals(3, k.levels());
  }

  @Test
  void invalidConfigsFail() {
    assertThrows(IllegalArgumentException.class, () -> new RqKMeansConfig(0, 256, 10));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RqVaeConfig(3, 256, List.of(8), 4, 0.25, -1, 0, 8, 1, 1, 0));
    DstConfig d = DstConfig.defaults();
    assertThrows(IllegalArgumentException.class, () -> d.withMiPenalty(null));
  }

  @Test
  void inputValidation() {
    assertThrows(
        IllegalArgumentException.class, () -> new ModalityInput("t", new float[][] {{1, 2}, {1}}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TokenizerInput(
                List.of(
                    new ModalityInput("t", new float[][] {{1}, null}),
                    new ModalityInput("v", new float[][] {{1}, null}))));
    // fused: each modality L2-normalised, missing as zeros: item 0 = (3,4)/5 | 0
    TokenizerInput in =
        new TokenizerInput(
            List.of(
                new ModalityInput("t", new float[][] {{3, 4}, {1, 0}}),
                new ModalityInput("v", new float[][] {null, {2}})));
    assertEquals(0f, in.fused()[0][2]);
    assertEquals(1f, in.fused()[1][2]);
    assertEquals(0.6f, in.fused()[0][0], 1e-6f);
    assertEquals(0.8f, in.fused()[0][1], 1e-6f);
  }
}
