package dev.hisam.hmat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.core.Seeds;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HmatBenchTest {
  /** The harness runs on a tiny network and counts its units: 2 sequences of 4 items x 4 tokens. */
  @Test
  void measuresTinyNetworks() {
    SidVocabulary vocab =
        HmatBench.syntheticVocabulary(50, new int[] {4, 4}, new SplittableRandom(1));
    HmatConfig c = Fixtures.tiny(true, true);
    HmatBench.Throughput t = HmatBench.training(c, vocab, 3, 2, 0, 1, 0, new Seeds(1));
    int perItem = vocab.levels() + 1;
    assertEquals(perItem, t.perItem());
    // tokens/s over items/s is the tokens per item
    assertEquals(perItem, t.tokensPerSecond() / t.itemsPerSecond(), 1e-9);
    assertEquals(8 / t.secondsPerStep(), t.itemsPerSecond(), 1e-6);
    HmatBench.Latency l = HmatBench.decoding(List.of(c.flat()), vocab, 3, 2, 2, 1, new Seeds(1))[0];
    assertTrue(l.millisPerUser() > 0);
  }
}
