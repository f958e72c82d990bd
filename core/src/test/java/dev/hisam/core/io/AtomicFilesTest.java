package dev.hisam.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path tmp;

  @Test
  void failedFileWriteKeepsTheOldContentAndLeavesNoTemp() throws IOException {
    Path f = tmp.resolve("metrics.json");
    AtomicFiles.writeString(f, "old");
    assertThrows(
        IllegalStateException.class,
        () ->
            AtomicFiles.writeFile(
                f,
                t -> {
                  Files.writeString(t, "half");
                  throw new IllegalStateException("boom");
                }));
    assertEquals("old", Files.readString(f));
    assertEquals(1, count(tmp));
  }

  @Test
  void failedDirectoryWriteLeavesNothing() throws IOException {
    Path d = tmp.resolve("data");
    assertThrows(
        IllegalStateException.class,
        () ->
            AtomicFiles.writeNewDirectory(
                d,
                t -> {
                  Files.writeString(t.resolve("a.parquet"), "x");
                  throw new IllegalStateException("boom");
                }));
    assertFalse(Files.exists(d));
    assertEquals(0, count(tmp));
  }

  @Test
  void existingDirectoryIsNeverReplaced() throws IOException {
    Path d = tmp.resolve("model");
    AtomicFiles.writeNewDirectory(d, t -> Files.writeString(t.resolve("w.bin"), "first"));
    assertThrows(
        IllegalStateException.class,
        () -> AtomicFiles.writeNewDirectory(d, t -> Files.writeString(t.resolve("w.bin"), "2nd")));
    assertEquals("first", Files.readString(d.resolve("w.bin")));
  }

  @Test
  void runDirectoryRefusesADirectoryHoldingARun() throws IOException {
    Path root = tmp.resolve("run");
    RunDirectory run = RunDirectory.create(root);
    AtomicFiles.writeString(run.manifest(), "{}");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> RunDirectory.create(root));
    assertTrue(e.getMessage().contains("already holds a run"), e.getMessage());
    assertEquals("{}", Files.readString(run.manifest()));
  }

  private static long count(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }
}
