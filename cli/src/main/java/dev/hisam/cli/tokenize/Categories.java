package dev.hisam.cli.tokenize;

import dev.hisam.data.Dataset;
import dev.hisam.data.DatasetKind;

/**
 * The category that colours the 2-D projection of the shared codes: movielens = first genre of the
 * text ("Title (Year) | Genre, Genre"), yelp = first category of the text ("Name | Category, ..."),
 * beauty = first attribute id (anonymous, "attr 12") — or none when the item has none.
 *
 * @param description what the colours mean (written into the report)
 * @param labels per ItemId, the category or null
 */
record Categories(String description, String[] labels) {
  static Categories of(Dataset dataset, DatasetKind kind) {
    int n = dataset.catalog().size();
    String[] labels = new String[n];
    return switch (kind) {
      case MOVIELENS, YELP -> {
        String[] text = dataset.content().text();
        for (int i = 0; i < n; i++) {
          labels[i] = firstAfterBar(text[i]);
        }
        yield new Categories(
            kind == DatasetKind.MOVIELENS
                ? "first genre listed in the movie text"
                : "first category listed in the business text",
            labels);
      }
      case BEAUTY -> {
        int[][] attrs = dataset.content().attributes();
        for (int i = 0; i < n; i++) {
          labels[i] = attrs[i] != null && attrs[i].length > 0 ? "attr " + attrs[i][0] : null;
        }
        yield new Categories(
            "first (anonymous) attribute id of the item; items without one are not drawn", labels);
      }
    };
  }

  /** "Title | A, B" -> "A"; null when there is no " | ". */
  static String firstAfterBar(String text) {
    if (text == null) {
      return null;
    }
    int bar = text.lastIndexOf(" | ");
    if (bar < 0) {
      return null;
    }
    String rest = text.substring(bar + 3);
    int comma = rest.indexOf(',');
    String first = (comma < 0 ? rest : rest.substring(0, comma)).strip();
    return first.isEmpty() ? null : first;
  }
}
