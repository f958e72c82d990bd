package dev.hisam.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hisam.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankFileTest {
  @Test
  void roundTripAndBadLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("ranks.txt");
    RankFile.write(f, new int[] {3, 0, 12});
    assertEquals("3\n0\n12\n", Files.readString(f));
    assertArrayEquals(new int[] {3, 0, 12}, RankFile.read(f));
    Files.writeString(f, "1\nx\n");
    InputException e = assertThrows(InputException.class, () -> RankFile.read(f));
    assertEquals(2, e.line());
  }
}
