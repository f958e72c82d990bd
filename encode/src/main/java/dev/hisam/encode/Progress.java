package dev.hisam.encode;

/**
 * Progress callback of an encoder: {@code done} of {@code total} items processed so far. Called
 * from the encoding thread, after each batch; the caller derives items/s from it.
 */
@FunctionalInterface
public interface Progress {
  /** A callback that ignores every report. */
  Progress NONE = (done, total) -> {};

  void update(long done, long total);
}
