package dev.hisam.model.sasrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hisam.core.Json;
import org.junit.jupiter.api.Test;

class SasRecConfigTest {
  @Test
  void defaultsRoundTripThroughJson() throws Exception {
    SasRecConfig d = SasRecConfig.defaults();
    String json = Json.mapper().writeValueAsString(d);
    assertEquals(d, Json.mapper().readValue(json, SasRecConfig.class));
  }

  @Test
  void rejectsInvalidValues() {
    var a = SasRecConfig.Activation.GELU;
    assertThrows(
        IllegalArgumentException.class, () -> new SasRecConfig(64, 2, 3, 64, 0.2, 50, a, 0.02));
    assertThrows(
        IllegalArgumentException.class, () -> new SasRecConfig(64, 0, 1, 64, 0.2, 50, a, 0.02));
    assertThrows(
        IllegalArgumentException.class, () -> new SasRecConfig(64, 2, 1, 64, 1.0, 50, a, 0.02));
    assertThrows(
        IllegalArgumentException.class, () -> new SasRecConfig(64, 2, 1, 64, 0.2, 0, a, 0.02));
    assertThrows(
        IllegalArgumentException.class, () -> new SasRecConfig(64, 2, 1, 64, 0.2, 50, null, 0.02));
  }
}
