package dev.hisam.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KCoreTest {
  @Test
  void cascadesUntilStable() {
    // items a=0 b=1 c=2 d=3; users: u0 [a b c], u1 [a b], u2 [c d], u3 [d]; k = 2.
    // pass 1: u3 has 1 < 2 -> out; without u3, d occurs once (u2) -> out.
    // pass 2: u2 keeps only c -> 1 < 2 -> out; c then occurs once (u0) -> out.
    // pass 3: u0 [a b], u1 [a b]; a and b occur twice: stable.
    int[][] seqs = {{0, 1, 2}, {0, 1}, {2, 3}, {3}};
    KCore.Result r = KCore.compute(seqs, 4, 2);
    assertArrayEquals(new boolean[] {true, true, false, false}, r.keepUser());
    assertArrayEquals(new boolean[] {true, true, false, false}, r.keepItem());
    assertEquals(3, r.rounds());
  }

  @Test
  void repeatsCountAsInteractions() {
    // u0 [a a], u1 [b]; k = 2: u0 has 2 entries, a occurs twice; u1 has 1 -> out, b out.
    KCore.Result r = KCore.compute(new int[][] {{0, 0}, {1}}, 3, 2);
    assertArrayEquals(new boolean[] {true, false}, r.keepUser());
    // c (2) never occurs: not kept either
    assertArrayEquals(new boolean[] {true, false, false}, r.keepItem());
  }

  @Test
  void kOfOneKeepsEveryInteraction() {
    KCore.Result r = KCore.compute(new int[][] {{0}, {1, 1}}, 2, 0);
    assertArrayEquals(new boolean[] {true, true}, r.keepUser());
    assertArrayEquals(new boolean[] {true, true}, r.keepItem());
    assertEquals(1, r.rounds());
  }
}
