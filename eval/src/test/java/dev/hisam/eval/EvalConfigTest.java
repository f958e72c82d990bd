package dev.hisam.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.core.InputException;
import dev.hisam.core.Json;
import dev.hisam.core.config.ConfigLoader;
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
  void resolvesThroughConfigLoader() {
    EvalConfig c =
        ConfigLoader.resolve(
            EvalConfig.class,
            EvalConfig.defaults(),
            null,
            List.of("ks=[1,5,10]", "batchSize=64", "historyCaps=[50]"));
    assertEquals(List.of(1, 5, 10), c.ks());
    assertEquals(64, c.batchSize());
    assertEquals(List.of(50), c.historyCaps());
    InputException e =
        assertThrows(
            InputException.class,
            () ->
                ConfigLoader.resolve(
                    EvalConfig.class, EvalConfig.defaults(), null, List.of("ctrHistoryCap=0")));
    assertTrue(e.getMessage().contains("ctrHistoryCap must be >= 1"), e.getMessage());
  }

  @Test
  void beamWidths() throws Exception {
    assertEquals(List.of(), EvalConfig.defaults().beamWidths());
    // a config saved before beam widths existed reads as "each model's own"
    assertEquals(
        List.of(),
        Json.mapper()
            .readValue(
                "{\"historyCaps\":[20],\"ks\":[10],\"batchSize\":8,\"ctrHistoryCap\":300,"
                    + "\"newItemFraction\":0.1}",
                EvalConfig.class)
            .beamWidths());
    EvalConfig c =
        ConfigLoader.resolve(
            EvalConfig.class, EvalConfig.defaults(), null, List.of("beamWidths=[20,50]"));
    assertEquals(List.of(20, 50), c.beamWidths());
    assertThrows(
        IllegalArgumentException.class,
        () -> new EvalConfig(List.of(20), List.of(5), 1, 1, 0.1, List.of(20, 20)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new EvalConfig(List.of(20), List.of(5), 1, 1, 0.1, List.of(0)));
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
