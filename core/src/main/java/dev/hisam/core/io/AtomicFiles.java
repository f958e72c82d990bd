package dev.hisam.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files and directories under a temporary sibling name and renames them when complete, so a
 * reader never sees a half-written artifact and a failed write leaves nothing behind.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes into a path (a file or a directory), and may fail. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(Path tmp) throws IOException;
  }

  /** Writes a file through {@code writer}; replaces an existing file atomically. */
  public static void writeFile(Path target, Writer writer) {
    Path tmp = tmpSibling(target);
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      writer.writeTo(tmp);
      move(tmp, target, true);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new UncheckedIOException("cannot write " + target, e);
    } catch (RuntimeException | Error e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  public static void writeString(Path target, String content) {
    writeFile(target, tmp -> Files.writeString(tmp, content, StandardCharsets.UTF_8));
  }

  /**
   * Builds a directory through {@code writer} and publishes it under {@code target}; fails if
   * {@code target} already exists (an earlier artifact is never replaced).
   */
  public static void writeNewDirectory(Path target, Writer writer) {
    if (Files.exists(target)) {
      throw new IllegalStateException(target + " already exists; refusing to overwrite it");
    }
    Path tmp = tmpSibling(target);
    try {
      Files.createDirectories(tmp);
      writer.writeTo(tmp);
      move(tmp, target, false);
    } catch (IOException e) {
      deleteRecursively(tmp);
      throw new UncheckedIOException("cannot write " + target, e);
    } catch (RuntimeException | Error e) {
      deleteRecursively(tmp);
      throw e;
    }
  }

  /**
   * Builds a directory through {@code writer} and swaps it in for {@code target} (for regenerable
   * artifacts such as reports). The old directory is removed only after the new one is complete.
   */
  public static void replaceDirectory(Path target, Writer writer) {
    Path tmp = tmpSibling(target);
    try {
      Files.createDirectories(tmp);
      writer.writeTo(tmp);
      Path old =
          target
              .toAbsolutePath()
              .resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
      boolean hadOld = Files.exists(target);
      if (hadOld) {
        move(target, old, false);
      }
      move(tmp, target, false);
      if (hadOld) {
        deleteRecursively(old);
      }
    } catch (IOException e) {
      deleteRecursively(tmp);
      throw new UncheckedIOException("cannot write " + target, e);
    } catch (RuntimeException | Error e) {
      deleteRecursively(tmp);
      throw e;
    }
  }

  static Path tmpSibling(Path target) {
    Path abs = target.toAbsolutePath();
    return abs.resolveSibling("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
  }

  private static void move(Path from, Path to, boolean replace) throws IOException {
    try {
      if (replace) {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (AtomicMoveNotSupportedException e) {
      if (!replace && Files.exists(to)) {
        throw new FileAlreadyExistsException(to.toString());
      }
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
    } catch (IOException e) {
      // best effort: the directory has a temporary name and is ignored by readers
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort
    }
  }
}
