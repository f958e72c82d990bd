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
      "  bin/hisam train --run runs/beauty --model sasrec --set sasrec.model.dropout=0.3",
      "  bin/hisam train --run runs/beauty --model hmat --model flat --set hmat.maxEpochs=20",
      "  bin/hisam train --run runs/beauty --model hmat --as hmat-rqkmeans --set sids=rq-kmeans"
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

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RunDirectory run = RunDirectory.open(options.run);
    RunConfig config = Stages.resolve(run, options.overrides);
    Stages stages = new Stages(spec.commandLine().getErr());
    if (as != null) {
      if (models.size() != 1) {
        throw new IllegalArgumentException("--as names one model: give exactly one --model");
      }
      stages.train(run, config, models.get(0), as);
      return 0;
    }
    for (ModelKind m : PipelineCommand.order(models)) {
      stages.train(run, config, m);
    }
    return 0;
  }
}
