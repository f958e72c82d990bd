/**
 * Readers of source files (sequence files, rating tables in TSV or Parquet, item attribute and text
 * JSON, MovieLens .dat files) that fail with the file, line and field at fault.
 */
package dev.hisam.data.source;
