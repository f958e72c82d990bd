package dev.hisam.cli;

import dev.hisam.data.DataConfig;
import dev.hisam.eval.EvalConfig;
import dev.hisam.train.sasrec.SasRecTrainConfig;

/**
 * The whole resolved configuration of a run, saved as the run's {@code config.json}.
 *
 * @param seed the root seed; every random stream of the run derives from it
 */
record RunConfig(long seed, DataConfig data, SasRecTrainConfig sasrec, EvalConfig eval) {
  RunConfig {
    if (data == null || sasrec == null || eval == null) {
      throw new IllegalArgumentException("data, sasrec and eval sections are required");
    }
  }

  static RunConfig defaults() {
    return new RunConfig(
        42, DataConfig.defaults(), SasRecTrainConfig.defaults(), EvalConfig.defaults());
  }
}
