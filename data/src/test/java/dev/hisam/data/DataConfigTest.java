package dev.hisam.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.core.InputException;
import dev.hisam.core.Json;
import dev.hisam.core.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataConfigTest {
  @Test
  void defaults() {
    DataConfig d = DataConfig.defaults();
    assertEquals(DatasetKind.BEAUTY, d.dataset());
    assertEquals("../shared/data", d.root());
    assertEquals(5, d.kcore());
  }

  @Test
  void serialisesWithLowerCaseNamesAndOverrides() throws Exception {
    String json = Json.mapper().writeValueAsString(DataConfig.defaults());
    assertTrue(json.contains("\"dataset\" : \"beauty\""), json);
    DataConfig c =
        ConfigLoader.resolve(
            DataConfig.class, DataConfig.defaults(), null, List.of("dataset=movielens", "kcore=0"));
    assertEquals(new DataConfig(DatasetKind.MOVIELENS, "../shared/data", 0), c);
    assertEquals(c, Json.mapper().readValue(Json.mapper().writeValueAsString(c), DataConfig.class));
  }

  @Test
  void rejectsBadValues() {
    assertThrows(IllegalArgumentException.class, () -> new DataConfig(null, "x", 5));
    assertThrows(IllegalArgumentException.class, () -> new DataConfig(DatasetKind.YELP, " ", 5));
    assertThrows(IllegalArgumentException.class, () -> new DataConfig(DatasetKind.YELP, "x", -1));
    InputException e =
        assertThrows(
            InputException.class,
            () ->
                ConfigLoader.resolve(
                    DataConfig.class, DataConfig.defaults(), null, List.of("dataset=netflix")));
    assertTrue(e.getMessage().contains("netflix"), e.getMessage());
  }

  @Test
  void kindNames() {
    assertEquals(DatasetKind.YELP, DatasetKind.parse("yelp"));
    assertEquals(DatasetKind.MOVIELENS, DatasetKind.parse("MOVIELENS"));
    assertEquals("amazon-beauty", DatasetKind.BEAUTY.folder());
    assertThrows(IllegalArgumentException.class, () -> DatasetKind.parse("ml-1m"));
  }
}
