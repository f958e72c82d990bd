package dev.hisam.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The datasets the loader knows, with the CLI / config name and the folder under the data root. */
public enum DatasetKind {
  BEAUTY("beauty", "amazon-beauty"),
  YELP("yelp", "yelp"),
  MOVIELENS("movielens", "movielens-1m-mm");

  private final String cliName;
  private final String folder;

  DatasetKind(String cliName, String folder) {
    this.cliName = cliName;
    this.folder = folder;
  }

  /** The lower-case name used on the command line and in config files, e.g. "beauty". */
  @JsonValue
  public String cliName() {
    return cliName;
  }

  /** The folder of this dataset under the data root, e.g. "amazon-beauty". */
  public String folder() {
    return folder;
  }

  /** Parses a CLI / config name ("beauty", "yelp", "movielens"; case-insensitive). */
  @JsonCreator
  public static DatasetKind parse(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (DatasetKind k : values()) {
      if (k.cliName.equals(n) || k.name().toLowerCase(Locale.ROOT).equals(n)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown dataset '"
            + name
            + "'; known: "
            + Arrays.stream(values()).map(DatasetKind::cliName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
