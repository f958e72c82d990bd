package dev.hisam.encode;

import dev.hisam.data.Catalog;
import dev.hisam.data.Dataset;
import dev.hisam.data.ItemContent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Tiny datasets for encoder tests (content only; no users). */
public final class Fixtures {
  private Fixtures() {}

  public static Dataset dataset(
      List<String> keys, String[] text, int[][] attributes, Path[] images) {
    int n = keys.size();
    return new Dataset(
        "fixture",
        new Catalog(keys),
        List.of(),
        new int[0][],
        null,
        null,
        new ItemContent(
            text == null ? new String[n] : text,
            attributes == null ? new int[n][0] : attributes,
            images == null ? new Path[n] : images),
        Map.of());
  }
}
