package dev.hisam.eval;

import dev.hisam.core.InputException;
import dev.hisam.core.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Per-user ranks as a text file: one 0-based rank per line, in user order (the format of {@code
 * amazon-beauty/golden/popularity_test_ranks.txt}). Written atomically.
 */
public final class RankFile {
  private RankFile() {}

  public static void write(Path file, int[] ranks) {
    AtomicFiles.writeFile(
        file,
        tmp -> {
          try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (int r : ranks) {
              w.write(Integer.toString(r));
              w.write('\n');
            }
          }
        });
  }

  public static int[] read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    int[] ranks = new int[lines.size()];
    for (int i = 0; i < ranks.length; i++) {
      String line = lines.get(i).trim();
      try {
        ranks[i] = Integer.parseInt(line);
      } catch (NumberFormatException e) {
        throw new InputException(file, i + 1, "rank", "not an integer: '" + line + "'");
      }
      if (ranks[i] < 0) {
        throw new InputException(file, i + 1, "rank", "ranks are >= 0, got " + ranks[i]);
      }
    }
    return ranks;
  }
}
