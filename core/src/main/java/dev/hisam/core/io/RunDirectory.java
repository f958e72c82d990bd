package dev.hisam.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The directory of one run: {@code config.json} (resolved), {@code manifest.json} (versions, seed,
 * input hashes), {@code data/}, {@code model/<name>/}, {@code eval/metrics.json}, {@code report/},
 * {@code log.jsonl}. A run is started once; every stage publishes its artifact atomically.
 */
public record RunDirectory(Path root) {
  public static final String CONFIG = "config.json";
  public static final String MANIFEST = "manifest.json";
  public static final String LOG = "log.jsonl";

  /**
   * Claims {@code root} for a new run: it must not exist or be empty. A directory that already
   * holds a run (or anything else) is refused and left untouched.
   */
  public static RunDirectory create(Path root) {
    try {
      if (Files.exists(root)) {
        if (!Files.isDirectory(root)) {
          throw new IllegalStateException(root + " exists and is not a directory");
        }
        try (Stream<Path> s = Files.list(root)) {
          if (s.findAny().isPresent()) {
            throw new IllegalStateException(
                root
                    + (Files.exists(root.resolve(MANIFEST))
                        ? " already holds a run; choose a new --run directory"
                        : " is not empty; choose a new --run directory"));
          }
        }
      }
      Files.createDirectories(root);
      return new RunDirectory(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory " + root, e);
    }
  }

  /** Opens a run created earlier; it must hold a manifest. */
  public static RunDirectory open(Path root) {
    if (!Files.isRegularFile(root.resolve(MANIFEST))) {
      throw new IllegalStateException(
          root + " is not a run directory (no " + MANIFEST + "); start one with `hisam prepare`");
    }
    return new RunDirectory(root);
  }

  public Path config() {
    return root.resolve(CONFIG);
  }

  public Path manifest() {
    return root.resolve(MANIFEST);
  }

  public Path log() {
    return root.resolve(LOG);
  }

  public Path data() {
    return root.resolve("data");
  }

  public Path model(String name) {
    return root.resolve("model").resolve(name);
  }

  public Path eval() {
    return root.resolve("eval");
  }

  public Path metrics() {
    return eval().resolve("metrics.json");
  }

  public Path report() {
    return root.resolve("report");
  }
}
