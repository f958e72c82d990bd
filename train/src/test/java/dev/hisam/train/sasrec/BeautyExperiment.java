package dev.hisam.train.sasrec;

import dev.hisam.core.Json;
import dev.hisam.core.Seeds;
import dev.hisam.model.sasrec.SasRecConfig;
import java.nio.file.Path;

/**
 * The Beauty P1 experiment driver (train with early stopping on validation NDCG@10, then test at
 * history 50 and 20) and the benchmark. Run from the train module's test classpath:
 *
 * <pre>
 * java -cp ... dev.hisam.train.sasrec.BeautyExperiment train|bench [Beauty.txt]
 * </pre>
 *
 * Overrides as system properties: sasrec.dropout, sasrec.ffn, sasrec.blocks, sasrec.lr, sasrec.wd,
 * sasrec.batch, sasrec.epochs, sasrec.patience, sasrec.seed, sasrec.benchEpochs.
 */
final class BeautyExperiment {
  private BeautyExperiment() {}

  static SasRecTrainConfig finalConfig() {
    SasRecTrainConfig d = SasRecTrainConfig.defaults();
    SasRecConfig m = d.model();
    m =
        new SasRecConfig(
            Integer.getInteger("sasrec.dim", m.dim()),
            Integer.getInteger("sasrec.blocks", m.blocks()),
            Integer.getInteger("sasrec.heads", m.heads()),
            Integer.getInteger("sasrec.ffn", m.ffnDim()),
            Double.parseDouble(System.getProperty("sasrec.dropout", "" + m.dropout())),
            Integer.getInteger("sasrec.maxLen", m.maxLen()),
            SasRecConfig.Activation.valueOf(
                System.getProperty("sasrec.activation", m.activation().name())),
            m.initStd());
    return new SasRecTrainConfig(
        m,
        Integer.getInteger("sasrec.batch", d.batchSize()),
        Double.parseDouble(System.getProperty("sasrec.lr", "" + d.learningRate())),
        Double.parseDouble(System.getProperty("sasrec.wd", "" + d.weightDecay())),
        Integer.getInteger("sasrec.epochs", d.maxEpochs()),
        Integer.getInteger("sasrec.patience", d.patience()),
        d.validateEvery(),
        SasRecTrainConfig.Schedule.valueOf(
            System.getProperty("sasrec.schedule", d.schedule().name())),
        Integer.getInteger("sasrec.warmup", d.warmupEpochs()),
        Boolean.parseBoolean(System.getProperty("sasrec.bucket", "" + d.bucketByLength())),
        Double.parseDouble(System.getProperty("sasrec.ema", "" + d.emaDecay())));
  }

  /** The benchmark config of the issue: d64, 2 blocks, 1 head, batch 128, history 20. */
  static SasRecTrainConfig benchConfig() {
    SasRecTrainConfig f = finalConfig();
    SasRecConfig m = f.model();
    return new SasRecTrainConfig(
        new SasRecConfig(64, 2, 1, m.ffnDim(), m.dropout(), 20, m.activation(), m.initStd()),
        128,
        f.learningRate(),
        f.weightDecay(),
        f.maxEpochs(),
        f.patience(),
        f.validateEvery(),
        f.schedule(),
        f.warmupEpochs(),
        f.bucketByLength(),
        f.emaDecay());
  }

  /** Result of a full Beauty run. */
  record Outcome(
      int bestEpoch, int epochsRun, double bestValidation, P1Metrics test50, P1Metrics test20) {}

  static Outcome train(BeautyData data, SasRecTrainConfig config, long seed, boolean verbose) {
    int[][] valHist = data.histories(false, 50);
    int[] valTarget = data.targets(false);
    Validator validator = scorer -> P1Metrics.evaluate(scorer, valHist, valTarget).ndcg10();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onEpoch(EpochSummary s) {
            if (verbose) {
              System.out.printf(
                  "epoch %3d loss %.4f val N@10 %.4f%s train %.1fs (%.0f tok/s) val %.1fs%n",
                  s.epoch(),
                  s.meanLoss(),
                  s.validation(),
                  s.best() ? " *" : "",
                  s.seconds(),
                  s.tokensPerSecond(),
                  s.validationSeconds());
            }
          }
        };
    try (SasRecModel model =
        new SasRecTrainer(config, new Seeds(seed))
            .train(data.train(), BeautyData.NUM_ITEMS, validator, listener)) {
      P1Metrics t50 = P1Metrics.evaluate(model, data.histories(true, 50), data.targets(true));
      P1Metrics t20 = P1Metrics.evaluate(model, data.histories(true, 20), data.targets(true));
      SasRecModel.Provenance p = model.provenance();
      return new Outcome(p.bestEpoch(), p.epochsRun(), p.bestValidation(), t50, t20);
    }
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "train";
    Path file = args.length > 1 ? Path.of(args[1]) : BeautyData.beautyFile();
    BeautyData data = BeautyData.load(file);
    long seed = Long.getLong("sasrec.seed", 42L);
    if (mode.equals("bench")) {
      SasRecTrainConfig c = benchConfig();
      System.out.println("bench config: " + Json.mapper().writeValueAsString(c));
      BenchResult r =
          new SasRecBench(c, new Seeds(seed))
              .run(
                  data.train(),
                  BeautyData.NUM_ITEMS,
                  Integer.getInteger("sasrec.benchEpochs", 2),
                  data.histories(true, 20),
                  50,
                  300);
      System.out.println(Json.mapper().writeValueAsString(r));
      return;
    }
    SasRecTrainConfig c = finalConfig();
    System.out.println("config: " + Json.mapper().writeValueAsString(c));
    long t0 = System.nanoTime();
    Outcome o = train(data, c, seed, true);
    System.out.printf(
        "best epoch %d of %d, val N@10 %.4f, %.1f min%n",
        o.bestEpoch(), o.epochsRun(), o.bestValidation(), (System.nanoTime() - t0) / 6e10);
    System.out.println("test history 50: " + o.test50());
    System.out.println("test history 20: " + o.test20());
    System.out.println("peak RSS MiB: " + SasRecBench.peakRssMiB());
  }
}
