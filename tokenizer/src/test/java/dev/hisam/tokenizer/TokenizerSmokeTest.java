package dev.hisam.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.core.Json;
import dev.hisam.core.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every tokenizer end to end on a small synthetic catalogue (some items lack the image). */
@Tag("smoke")
class TokenizerSmokeTest {
  static final TokenizerInput INPUT = Synthetic.make(240, 6, 5, new int[] {24, 40}, 0.1, 7);

  static Stream<Tokenizer> tokenizers() {
    return Stream.of(
        new RqKMeans(new RqKMeansConfig(3, 16, 10)),
        new RqVae(new RqVaeConfig(3, 16, List.of(32), 8, 0.25, 3e-3, 1e-4, 64, 6, 5, 3)),
        new Dst(small(MiPenalty.CLUB)));
  }

  static DstConfig small(MiPenalty p) {
    return new DstConfig(
        2, 1, 16, 16, 32, 0.1, true, 1.0, 0.1, 1.0, 0.25, p, 0.1, 16, 1e-3, 3e-3, 1e-4, 64, 6, 5,
        3);
  }

  @ParameterizedTest
  @MethodSource("tokenizers")
  void sameSeedSameBytesDifferentSeedDifferentCodes(Tokenizer tok, @TempDir Path dir)
      throws Exception {
    TrainedTokenizer a = tok.fit(INPUT, new Seeds(1), TokenizerProgress.NONE);
    TrainedTokenizer b = tok.fit(INPUT, new Seeds(1), TokenizerProgress.NONE);
    TrainedTokenizer c = tok.fit(INPUT, new Seeds(2), TokenizerProgress.NONE);
    SemanticIdTable ta = a.assign(INPUT);
    assertArrayEquals(ta.toBytes(), b.assign(INPUT).toBytes());
    a.codebooks().save(dir.resolve("a.bin"));
    b.codebooks().save(dir.resolve("b.bin"));
    c.codebooks().save(dir.resolve("c.bin"));
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("a.bin")), Files.readAllBytes(dir.resolve("b.bin")));
    assertFalse(
        java.util.Arrays.equals(
            Files.readAllBytes(dir.resolve("a.bin")), Files.readAllBytes(dir.resolve("c.bin"))));
    assertNotEquals(ta, c.assign(INPUT));
  }

  @ParameterizedTest
  @MethodSource("tokenizers")
  void saveLoadGivesTheSameAssignmentsAndEveryItemHasASid(Tokenizer tok, @TempDir Path dir)
      throws Exception {
    TrainedTokenizer a = tok.fit(INPUT, new Seeds(3), TokenizerProgress.NONE);
    a.save(dir.resolve("tok"));
    TrainedTokenizer loaded = TrainedTokenizer.load(dir.resolve("tok"));
    assertEquals(a.kind(), loaded.kind());
    assertEquals(a.codebooks(), loaded.codebooks());
    SemanticIdTable t = a.assign(INPUT);
    assertEquals(t, loaded.assign(INPUT));
    assertEquals(INPUT.items(), t.items());
    assertEquals(a.report(), loaded.report());
    // items without the image get a full SID too (DST: the reserved "absent" code K on image.1)
    long missing = 0;
    for (int i = 0; i < INPUT.items(); i++) {
      if (!INPUT.modalities().get(1).present(i)) {
        missing++;
        assertEquals(t.levels(), t.codes(i).length);
        if (tok.kind() == TokenizerKind.DST) {
          assertEquals(16, t.code(i, 3));
        }
      }
    }
    assertTrue(missing > 0);
    // the report survives JSON
    String json = Json.mapper().writeValueAsString(a.report());
    assertEquals(a.report(), Json.mapper().readValue(json, TokenizerReport.class));
    TokenLayout layout = TokenLayout.of(t, 3);
    int[] tokens = layout.tokens(t, 0);
    assertEquals(t.levels() + 1, tokens.length);
    for (int l = 0; l < t.levels(); l++) {
      assertEquals(l, layout.levelOf(tokens[l]));
    }
  }
}
