package dev.hisam.train.sasrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hisam.model.sasrec.SasRecConfig;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  private static SasRecTrainConfig config(SasRecTrainConfig.Schedule schedule, int warmup) {
    // lr 0.01, 10 epochs
    return new SasRecTrainConfig(
        SasRecConfig.defaults(), 8, 0.01, 0.0, 10, 3, 1, schedule, warmup, false, 0);
  }

  @Test
  void warmupRisesLinearlyThenConstantStays() {
    SasRecTrainConfig c = config(SasRecTrainConfig.Schedule.CONSTANT, 2);
    // 4 steps per epoch, 2 warm-up epochs = 8 warm-up steps: step s gets 0.01 * (s + 1) / 8
    assertEquals(0.01 / 8, c.learningRateAt(0, 4), 1e-12);
    assertEquals(0.01 * 4 / 8, c.learningRateAt(3, 4), 1e-12);
    assertEquals(0.01, c.learningRateAt(7, 4), 1e-12);
    assertEquals(0.01, c.learningRateAt(8, 4), 1e-12);
    assertEquals(0.01, c.learningRateAt(39, 4), 1e-12);
  }

  @Test
  void cosineFallsToZeroAtTheLastEpoch() {
    SasRecTrainConfig c = config(SasRecTrainConfig.Schedule.COSINE, 0);
    // 40 steps in all: halfway (step 20) the half-cosine is at 0.5 * (1 + cos(pi / 2)) = 0.5
    assertEquals(0.01, c.learningRateAt(0, 4), 1e-12);
    assertEquals(0.005, c.learningRateAt(20, 4), 1e-12);
    assertEquals(0.01 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), c.learningRateAt(10, 4), 1e-12);
    assertEquals(0.0, c.learningRateAt(40, 4), 1e-12);
  }

  @Test
  void cosineStartsAfterWarmup() {
    SasRecTrainConfig c = config(SasRecTrainConfig.Schedule.COSINE, 2);
    // warm-up 8 steps, then the cosine spans the remaining 32: step 8 + 16 is halfway
    assertEquals(0.01, c.learningRateAt(8, 4), 1e-12);
    assertEquals(0.005, c.learningRateAt(24, 4), 1e-12);
  }

  @Test
  void warmupMustEndBeforeTheLastEpoch() {
    assertThrows(
        IllegalArgumentException.class, () -> config(SasRecTrainConfig.Schedule.COSINE, 10));
  }
}
