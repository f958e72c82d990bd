package dev.hisam.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hisam.core.InputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodebooksTest {
  @Test
  void roundTripKeepsValuesNamesAndHash(@TempDir Path dir) {
    Codebooks b =
        new Codebooks(
            "abc",
            List.of("level.1", "level.2"),
            List.of(new float[][] {{1, 2}, {3, -4.5f}}, new float[][] {{0.25f, Float.MIN_VALUE}}));
    b.save(dir.resolve("cb.bin"));
    Codebooks back = Codebooks.load(dir.resolve("cb.bin"), "abc");
    assertEquals(b, back);
    assertEquals(List.of("level.1", "level.2"), back.names());
    assertArrayEquals(new float[] {3, -4.5f}, back.level(0)[1]);
    assertEquals(2, back.size(0));
    assertEquals(2, back.dim(1));
    assertThrows(InputException.class, () -> Codebooks.load(dir.resolve("cb.bin"), "other"));
  }

  @Test
  void wrongMagicFails(@TempDir Path dir) {
    new MatrixArchive("abc", java.util.Map.of("w", new float[][] {{1}}))
        .save(dir.resolve("w.bin"), TrainedTokenizer.WEIGHTS_MAGIC);
    assertThrows(InputException.class, () -> Codebooks.load(dir.resolve("w.bin"), null));
  }
}
