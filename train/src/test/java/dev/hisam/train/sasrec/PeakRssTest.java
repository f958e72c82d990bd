package dev.hisam.train.sasrec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The per-stage peak RSS: a reset forgets a peak that is gone, the next peak is seen again. */
class PeakRssTest {
  private static final int MIB = 1 << 20;

  @Test
  void aResetForgetsAnEarlierPeakAndSeesTheNextOne() throws Exception {
    Assumptions.assumeTrue(
        Files.isWritable(Path.of("/proc/self/clear_refs")), "no /proc/self/clear_refs; skipping");
    long before = SasRecBench.rssMiB();
    touch(ByteBuffer.allocateDirect(256 * MIB));
    long peak = SasRecBench.peakRssMiB();
    assertTrue(peak >= before + 200, "peak " + peak + " MiB, RSS before " + before + " MiB");
    // the buffer is garbage now; its native memory goes back once its cleaner has run
    for (int i = 0; i < 50 && SasRecBench.rssMiB() > peak - 150; i++) {
      System.gc();
      Thread.sleep(100);
    }
    Assumptions.assumeTrue(
        SasRecBench.rssMiB() <= peak - 150, "the JVM kept the freed buffer resident; skipping");

    assertTrue(SasRecBench.resetPeakRss());
    long afterReset = SasRecBench.peakRssMiB();
    assertTrue(afterReset <= peak - 150, "peak after reset " + afterReset + ", before " + peak);

    ByteBuffer again = ByteBuffer.allocateDirect(128 * MIB);
    touch(again);
    assertTrue(
        SasRecBench.peakRssMiB() >= afterReset + 100,
        "new peak " + SasRecBench.peakRssMiB() + " after reset " + afterReset);
  }

  private static void touch(ByteBuffer b) {
    for (int i = 0; i < b.capacity(); i += 4096) {
      b.put(i, (byte) 1);
    }
  }
}
