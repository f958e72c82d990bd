package dev.hisam.cli;

import dev.hisam.core.io.RunDirectory;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train models on a prepared run; each is written to model/<name>/.",
    footer = {
      "",
      "Examples:",
      "  bin/hisam train --run runs/beauty --model popularity --model sasrec",
      "  bin/hisam train --run runs/beauty --model sasrec \\",
      "      --set sasrec.model.dropout=0.3",
      "  bin/hisam train --run runs/beauty --model hmat --model flat \\",
      "      --set hmat.maxEpochs=20",
      "  bin/hisam train --run runs/beauty --model hmat --as hmat-rqkmeans \\",
      "      --set sids=rq-kmeans",
      "  bin/hisam train --run runs/ml --model hmat --as hmat-s20 \\",
      "      --set hmat.windowStride=20 --set hmat.maxEpochs=10",
      "  (long histories: every transition a target, not only the last window's)",
      "  bin/hisam train --run runs/beauty --model hmat --as hmat-kd \\",
      "      --set hmat.distill.weight=0.5",
      "  (learns from the run's SASRec too: train --model sasrec first)",
      "",
      "The item table for CTR SIDs with a collaborative modality, then those SIDs:",
      "  bin/hisam train --run runs/ml --model sasrec --as sasrec-ctr --ctr-period",
      "  bin/hisam tokenize --run runs/ml --tokenizer dst --as dst-collab \\",
      "      --set modalities=text,image,collaborative \\",
      "      --set collaborative.model=sasrec-ctr"
    })
final class TrainCommand implements Callable<Integer> {
  @Mixin RunOptions options;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description =
          "Model(s) to train: ${COMPLETION-CANDIDATES} (default: popularity and sasrec; hmat and"
              + " flat read the semantic IDs of `hisam tokenize`).")
  List<ModelKind> models = ModelKind.DEFAULTS;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      description =
          "Directory name under model/ for a variant (one --model only), e.g. --model hmat --as"
              + " hmat-no-hrope --set hmat.model.hierarchicalRope=false; evaluate reports it"
              + " under this name.")
  String as;

  @Option(
      names = "--ctr-period",
      description =
          "Train sasrec on each user's positives before P2's validation period only (a"
              + " movielens-style run with ratings): an item table for the CTR SIDs'"
              + " collaborative modality that has seen no validation or test interaction.")
  boolean ctrPeriod;

  @Option(
      names = "--new-items",
      description =
          "With --ctr-period: also remove the new-item run's held-out items (the same seeded"
              + " draw as `hisam ctr --new-items`); they go on without the collaborative modality.")
  boolean newItems;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RunDirectory run = RunDirectory.open(options.run);
    RunConfig config = Stages.resolve(run, options.config, options.overrides);
    Stages stages = new Stages(spec.commandLine().getErr());
    if (newItems && !ctrPeriod) {
      throw new IllegalArgumentException("--new-items goes with --ctr-period");
    }
    Stages.CtrPeriod period = ctrPeriod ? new Stages.CtrPeriod(newItems) : null;
    if (period != null && (as == null || models.size() != 1 || models.get(0) != ModelKind.SASREC)) {
      throw new IllegalArgumentException(
          "--ctr-period trains one sasrec under its own name: --model sasrec --as NAME");
    }
    if (as != null) {
      if (models.size() != 1) {
        throw new IllegalArgumentException("--as names one model: give exactly one --model");
      }
      stages.train(run, config, models.get(0), as, period);
      return 0;
    }
    for (ModelKind m : PipelineCommand.order(models)) {
      stages.train(run, config, m);
    }
    return 0;
  }
}
