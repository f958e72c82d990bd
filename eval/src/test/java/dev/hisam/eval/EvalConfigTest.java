package dev.hisam.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hisam.core.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvalConfigTest {
  @Test
  void defaultsAndJsonRoundTrip() throws Exception {
    EvalConfig d = EvalConfig.defaults();
    assertEquals(List.of(20, 50), d.historyCaps());
    assertEquals(List.of(5, 10), d.ks());
    assertEquals(300, d.ctrHistoryCap());
    assertEquals(0.1, d.newItemFraction());
    String json = Json.mapper().writeValueAsString(d);
    assertEquals(d, Json.mapper().readValue(json, EvalConfig.class));
  }

  @Test
  void validation() {
    assertThrows(
        IllegalArgumentException.class, () -> new EvalConfig(List.of(), List.of(5), 1, 1, 0.1));
    assertThrows(
        IllegalArgumentException.class, () -> new EvalConfig(List.of(20), List.of(0), 1, 1, 0.1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new EvalConfig(List.of(20, 20), List.of(5), 1, 1, 0.1));
    assertThrows(
        IllegalArgumentException.class, () -> new EvalConfig(List.of(20), List.of(5), 0, 1, 0.1));
    assertThrows(
        IllegalArgumentException.class, () -> new EvalConfig(List.of(20), List.of(5), 1, 0, 0.1));
    assertThrows(
        IllegalArgumentException.class, () -> new EvalConfig(List.of(20), List.of(5), 1, 1, 1.0));
  }
}
