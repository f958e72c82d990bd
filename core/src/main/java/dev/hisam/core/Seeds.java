package dev.hisam.core;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One root seed, many named streams: {@code seeds.stream("sasrec.init")} is the same sequence for
 * the same root seed and name, and independent of every other name and of call order.
 */
public record Seeds(long root) {

  /** A fresh random stream for {@code name}. */
  public SplittableRandom stream(String name) {
    return new SplittableRandom(derive(name));
  }

  /** The 64-bit seed of {@code name} (e.g. for {@code Engine.setRandomSeed}). */
  public long derive(String name) {
    long h = root ^ 0x9E3779B97F4A7C15L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ (b & 0xFF));
    }
    return mix(h);
  }

  /** SplitMix64 finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
