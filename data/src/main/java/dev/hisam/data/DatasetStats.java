package dev.hisam.data;

/**
 * Summary numbers of a dataset. Sequence statistics count only users with at least one interaction;
 * density = interactions / (sequence users x interacted items).
 *
 * @param name dataset name
 * @param users all users (incl. users with ratings only)
 * @param sequenceUsers users with a non-empty sequence
 * @param items catalogue size
 * @param interactedItems items that occur in some sequence
 * @param interactions sequence entries over all users
 * @param avgLength mean sequence length over sequence users
 * @param minLength shortest non-empty sequence
 * @param maxLength longest sequence
 * @param density interactions / (sequenceUsers * interactedItems)
 * @param itemsWithText items with a non-null text
 * @param itemsWithAttributes items with at least one attribute
 * @param itemsWithImage items with an image path
 * @param ratings labelled rating rows (0 when none)
 * @param duplicateRows exact duplicate rows dropped from rating tables at ingestion
 */
public record DatasetStats(
    String name,
    int users,
    int sequenceUsers,
    int items,
    int interactedItems,
    long interactions,
    double avgLength,
    int minLength,
    int maxLength,
    double density,
    int itemsWithText,
    int itemsWithAttributes,
    int itemsWithImage,
    int ratings,
    long duplicateRows) {

  public static DatasetStats of(Dataset d) {
    int items = d.catalog().size();
    boolean[] seen = new boolean[items];
    long interactions = 0;
    int seqUsers = 0;
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int[] s : d.sequences()) {
      if (s.length == 0) {
        continue;
      }
      seqUsers++;
      interactions += s.length;
      min = Math.min(min, s.length);
      max = Math.max(max, s.length);
      for (int i : s) {
        seen[i] = true;
      }
    }
    int interacted = 0;
    for (boolean b : seen) {
      if (b) {
        interacted++;
      }
    }
    ItemContent c = d.content();
    int withText = 0;
    int withAttr = 0;
    int withImage = 0;
    for (int i = 0; i < items; i++) {
      if (c.text()[i] != null) {
        withText++;
      }
      if (c.attributes()[i] != null && c.attributes()[i].length > 0) {
        withAttr++;
      }
      if (c.images()[i] != null) {
        withImage++;
      }
    }
    return new DatasetStats(
        d.name(),
        d.userKeys().size(),
        seqUsers,
        items,
        interacted,
        interactions,
        seqUsers == 0 ? 0 : (double) interactions / seqUsers,
        seqUsers == 0 ? 0 : min,
        max,
        seqUsers == 0 || interacted == 0
            ? 0
            : (double) interactions / ((double) seqUsers * interacted),
        withText,
        withAttr,
        withImage,
        d.ratings() == null ? 0 : d.ratings().size(),
        d.summary().duplicateRows());
  }
}
