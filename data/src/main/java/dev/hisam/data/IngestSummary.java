package dev.hisam.data;

/**
 * What ingestion removed from the source interactions, for the record.
 *
 * @param kcore the k of the k-core filter (0 or 1 = none)
 * @param sourceInteractions interaction rows read for the sequences (before de-duplication)
 * @param duplicateInteractions exact duplicate rows (same user, item, timestamp) dropped from the
 *     sequence tables; always 0 for sequence files, which have no timestamps
 * @param duplicateRatings exact duplicate rows dropped from the rating tables
 * @param usersRemoved users whose sequence the k-core filter emptied
 * @param itemsRemoved items that had interactions before the k-core filter and have none after
 * @param interactionsRemoved interactions removed by the k-core filter
 */
public record IngestSummary(
    int kcore,
    long sourceInteractions,
    long duplicateInteractions,
    long duplicateRatings,
    int usersRemoved,
    int itemsRemoved,
    long interactionsRemoved) {

  /** Nothing recorded (a dataset built in memory). */
  public static IngestSummary none() {
    return new IngestSummary(0, 0, 0, 0, 0, 0, 0);
  }

  /** Duplicate rows dropped from all rating tables. */
  public long duplicateRows() {
    return duplicateInteractions + duplicateRatings;
  }
}
