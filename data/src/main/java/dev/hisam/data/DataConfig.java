package dev.hisam.data;

import java.nio.file.Path;

/**
 * Which dataset to ingest and how.
 *
 * @param dataset the dataset kind ("beauty", "yelp", "movielens" in JSON)
 * @param root the data root holding one folder per dataset (default "../shared/data", relative to
 *     the working directory)
 * @param kcore iterative k-core filter of the interaction sequences (users and items with fewer
 *     than k interactions are removed until none is left); 0 or 1 = no filtering
 */
public record DataConfig(DatasetKind dataset, String root, int kcore) {
  public static final String DEFAULT_ROOT = "../shared/data";
  public static final int DEFAULT_KCORE = 5;

  public DataConfig {
    if (dataset == null) {
      throw new IllegalArgumentException("dataset must be one of beauty, yelp, movielens");
    }
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("root must name the data root directory");
    }
    if (kcore < 0) {
      throw new IllegalArgumentException(
          "kcore must be >= 0 (0 or 1 = no filtering), got " + kcore);
    }
  }

  /** Beauty, "../shared/data", 5-core. */
  public static DataConfig defaults() {
    return new DataConfig(DatasetKind.BEAUTY, DEFAULT_ROOT, DEFAULT_KCORE);
  }

  public DataConfig withDataset(DatasetKind kind) {
    return new DataConfig(kind, root, kcore);
  }

  public DataConfig withRoot(Path newRoot) {
    return new DataConfig(dataset, newRoot.toString(), kcore);
  }

  public DataConfig withKcore(int k) {
    return new DataConfig(dataset, root, k);
  }

  /** The data root as a path. */
  public Path rootPath() {
    return Path.of(root);
  }

  /** The folder of the configured dataset under the data root. */
  public Path folder() {
    return rootPath().resolve(dataset.folder());
  }
}
