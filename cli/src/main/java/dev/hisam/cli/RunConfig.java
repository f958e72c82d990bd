package dev.hisam.cli;

import dev.hisam.data.DataConfig;
import dev.hisam.eval.EvalConfig;
import dev.hisam.hmat.HmatTrainConfig;
import dev.hisam.train.sasrec.SasRecTrainConfig;
import java.util.List;

/**
 * The whole resolved configuration of a run, saved as the run's {@code config.json}.
 *
 * @param seed the root seed; every random stream of the run derives from it
 * @param data which dataset and how to read it
 * @param sasrec the SASRec baseline
 * @param hmat HMAT training; the flat baseline uses the same settings with {@code
 *     model.hierarchicalRope} and {@code model.anchors} off
 * @param sids which of the run's tokenizers ({@code tokenizer/<sids>/}) writes the semantic IDs
 *     HMAT and the flat baseline read: dst, rq-kmeans, rq-vae or a {@code tokenize --as} name
 * @param eval evaluation settings
 * @param ctr CTR ranking (P2) models: `hisam ctr`
 */
record RunConfig(
    long seed,
    DataConfig data,
    SasRecTrainConfig sasrec,
    HmatTrainConfig hmat,
    String sids,
    EvalConfig eval,
    CtrConfig ctr) {
  static final List<String> SID_SOURCES = List.of("dst", "rq-kmeans", "rq-vae");

  RunConfig {
    if (data == null || sasrec == null || hmat == null || eval == null || ctr == null) {
      throw new IllegalArgumentException("data, sasrec, hmat, eval and ctr sections are required");
    }
    if (sids == null || !sids.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "sids must name a tokenizer folder of the run, e.g. one of "
              + SID_SOURCES
              + " or a `tokenize --as` name, got "
              + sids);
    }
  }

  static RunConfig defaults() {
    return new RunConfig(
        42,
        DataConfig.defaults(),
        SasRecTrainConfig.defaults(),
        HmatTrainConfig.defaults(),
        "dst",
        EvalConfig.defaults(),
        CtrConfig.defaults());
  }
}
