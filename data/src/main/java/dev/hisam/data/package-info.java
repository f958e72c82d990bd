/**
 * Datasets as the rest of the project sees them ({@link dev.hisam.data.Dataset}: a catalogue of
 * items with dense ItemIds, users' chronological histories, optional explicit ratings and item
 * content) and their ingestion from source files into a normalised Parquet store.
 */
package dev.hisam.data;
