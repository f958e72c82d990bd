package dev.hisam.cli;

import dev.hisam.core.io.RunDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate every trained model of a run on protocol P1 into eval/metrics.json.",
      "",
      "Full-catalogue ranking at each history cap of eval.historyCaps, primary and"
          + " history-excluded variants; per-user ranks go to eval/ranks/.",
      "With --model, only the named models are evaluated and the other models' entries of an"
          + " earlier metrics.json are kept."
    },
    footer = {
      "",
      "Examples:",
      "  bin/hisam evaluate --run runs/beauty --set eval.historyCaps=[20]",
      "  bin/hisam evaluate --run runs/beauty --model hmat-wide   # one new variant",
      "  bin/hisam evaluate --run runs/beauty --model hmat \\",
      "      --set eval.beamWidths=[20,50]    # rows hmat (beam 20) and hmat-beam50"
    })
final class EvaluateCommand implements Callable<Integer> {
  @Mixin RunOptions options;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description =
          "Evaluate only this trained model (a directory name under DIR/model; repeatable);"
              + " default: every trained model.")
  List<String> models = new ArrayList<>();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RunDirectory run = RunDirectory.open(options.run);
    RunConfig config = Stages.resolve(run, options.config, options.overrides);
    new Stages(spec.commandLine().getErr()).evaluate(run, config, models);
    return 0;
  }
}
