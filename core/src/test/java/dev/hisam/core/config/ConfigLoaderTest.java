package dev.hisam.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  record Inner(int dim, double lr, String name) {
    Inner {
      if (dim <= 0) {
        throw new IllegalArgumentException("dim must be > 0, got " + dim);
      }
    }
  }

  record Root(long seed, Inner model, List<Integer> ks) {}

  static final Root DEFAULTS = new Root(42, new Inner(64, 1e-3, "sasrec"), List.of(5, 10));

  @TempDir Path tmp;

  @Test
  void defaultsThenFileThenOverridesInThatOrder() throws Exception {
    Path file = tmp.resolve("c.json");
    Files.writeString(file, "{\"seed\": 7, \"model\": {\"dim\": 32}}");
    Root r =
        ConfigLoader.resolve(
            Root.class, DEFAULTS, file, List.of("model.dim=16", "model.name=flat", "ks=[1,2,3]"));
    assertEquals(7, r.seed()); // from the file
    assertEquals(16, r.model().dim()); // --set wins over the file
    assertEquals(1e-3, r.model().lr()); // default kept
    assertEquals("flat", r.model().name());
    assertEquals(List.of(1, 2, 3), r.ks());
  }

  @Test
  void laterFilesWinOverEarlierOnesAndEveryFileIsChecked() throws Exception {
    Path saved = tmp.resolve("saved.json");
    Files.writeString(saved, "{\"seed\": 7, \"model\": {\"dim\": 32, \"name\": \"hmat\"}}");
    Path layer = tmp.resolve("layer.json");
    Files.writeString(layer, "{\"model\": {\"dim\": 8}}");
    Root r =
        ConfigLoader.resolveLayered(
            Root.class, DEFAULTS, List.of(saved, layer), List.of("model.lr=0.5"));
    assertEquals(7, r.seed()); // first file, not overridden later
    assertEquals(8, r.model().dim()); // second file wins over the first
    assertEquals("hmat", r.model().name());
    assertEquals(0.5, r.model().lr()); // --set last

    Path bad = tmp.resolve("layer-bad.json");
    Files.writeString(bad, "{\n  \"modell\": {}\n}");
    InputException e =
        assertThrows(
            InputException.class,
            () ->
                ConfigLoader.resolveLayered(Root.class, DEFAULTS, List.of(saved, bad), List.of()));
    assertTrue(e.getMessage().startsWith(bad + ":2: field 'modell'"), e.getMessage());
  }

  @Test
  void unknownKeyInFileNamesFileLineAndKey() throws Exception {
    Path file = tmp.resolve("bad.json");
    Files.writeString(file, "{\n  \"seed\": 1,\n  \"model\": {\n    \"dimm\": 3\n  }\n}\n");
    InputException e =
        assertThrows(
            InputException.class,
            () -> ConfigLoader.resolve(Root.class, DEFAULTS, file, List.of()));
    assertTrue(e.getMessage().startsWith(file + ":4: field 'model.dimm'"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown config key"), e.getMessage());
  }

  @Test
  void unknownOverrideKeyIsRejected() {
    InputException e =
        assertThrows(
            InputException.class,
            () -> ConfigLoader.resolve(Root.class, DEFAULTS, null, List.of("model.depth=3")));
    assertTrue(e.getMessage().contains("'model.depth'"), e.getMessage());
  }

  @Test
  void invalidValueIsReportedWithItsPath() {
    InputException e =
        assertThrows(
            InputException.class,
            () -> ConfigLoader.resolve(Root.class, DEFAULTS, null, List.of("model.dim=0")));
    assertTrue(e.getMessage().contains("dim must be > 0"), e.getMessage());
    InputException notNumber =
        assertThrows(
            InputException.class,
            () -> ConfigLoader.resolve(Root.class, DEFAULTS, null, List.of("model.lr=fast")));
    assertTrue(notNumber.getMessage().contains("'model.lr'"), notNumber.getMessage());
  }

  @Test
  void brokenJsonNamesTheLine() throws Exception {
    Path file = tmp.resolve("broken.json");
    Files.writeString(file, "{\n  \"seed\": 1,\n  \"model\": {\n");
    InputException e =
        assertThrows(
            InputException.class,
            () -> ConfigLoader.resolve(Root.class, DEFAULTS, file, List.of()));
    assertTrue(e.getMessage().startsWith(file.toString() + ":"), e.getMessage());
    assertTrue(e.line() >= 3, "line " + e.line());
  }
}
