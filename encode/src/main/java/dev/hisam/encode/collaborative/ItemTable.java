package dev.hisam.encode.collaborative;

/**
 * An item-embedding table exported by an ID model trained on the training split only (never on
 * validation or test targets): row {@code i} belongs to ItemId {@code i}; a null row marks an item
 * the model never saw.
 */
public interface ItemTable {
  /** {@code [numItems][d]}. */
  float[][] itemTable();

  /** Name of the model that produced the table, e.g. "sasrec". */
  String source();

  /** Provenance of the table (config hash, training-split hash, seed ...). */
  String version();
}
