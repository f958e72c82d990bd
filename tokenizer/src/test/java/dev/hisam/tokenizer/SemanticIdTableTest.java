package dev.hisam.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hisam.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SemanticIdTableTest {
  static final int[][] CODES = {{1, 2}, {0, 0}, {1, 2}, {3, 1}, {1, 2}, {0, 0}};

  @Test
  void collisionCodesFollowItemIdOrderWithinAGroup() {
    SemanticIdTable t = SemanticIdTable.of(List.of("a", "b"), new int[] {4, 3}, CODES);
    // (1,2) at items 0, 2, 4 -> 0, 1, 2; (0,0) at items 1, 5 -> 0, 1; (3,1) alone -> 0
    int[] expected = {0, 0, 1, 0, 2, 1};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], t.collisionCode(i));
    }
    assertEquals(3, t.collisionSize());
    // distinct tuples 3 of 6 items; only item 3 is unique
    assertEquals(0.5, t.distinctFraction(), 1e-12);
    assertEquals(1 / 6.0, t.uniqueFraction(), 1e-12);
  }

  @Test
  void bytesAndFilesRoundTrip(@TempDir Path dir) throws Exception {
    SemanticIdTable t = SemanticIdTable.of(List.of("a", "b"), new int[] {4, 3}, CODES);
    t.save(dir.resolve("sid.bin"));
    assertEquals(t, SemanticIdTable.load(dir.resolve("sid.bin")));
    assertArrayEquals(t.toBytes(), Files.readAllBytes(dir.resolve("sid.bin")));
    Files.write(dir.resolve("bad.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    assertThrows(InputException.class, () -> SemanticIdTable.load(dir.resolve("bad.bin")));
  }

  @Test
  void codesOutsideTheLevelFail() {
    assertThrows(
        IllegalArgumentException.class,
        () -> SemanticIdTable.of(List.of("a"), new int[] {2}, new int[][] {{2}}));
  }

  @Test
  void layoutGivesEachLevelItsOwnRange() {
    SemanticIdTable t = SemanticIdTable.of(List.of("a", "b"), new int[] {4, 3}, CODES);
    TokenLayout layout = TokenLayout.of(t, 2);
    // specials 0..1, level a 2..5, level b 6..8, collision 9..11
    assertEquals(2, layout.offset(0));
    assertEquals(6, layout.offset(1));
    assertEquals(9, layout.collisionOffset());
    assertEquals(12, layout.vocabularySize());
    // item 4: codes (1,2), collision 2 -> 2+1, 6+2, 9+2
    assertArrayEquals(new int[] {3, 8, 11}, layout.tokens(t, 4));
    assertEquals(-1, layout.levelOf(1));
    assertEquals(0, layout.levelOf(5));
    assertEquals(1, layout.levelOf(6));
    assertEquals(2, layout.levelOf(11));
    assertEquals(-1, layout.levelOf(12));
  }
}
