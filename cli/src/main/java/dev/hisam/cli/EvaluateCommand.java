package dev.hisam.cli;

import dev.hisam.core.io.RunDirectory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate every trained model of a run on protocol P1 (full-catalogue ranking,",
      "history caps of eval.historyCaps, primary and history-excluded variants) and write",
      "eval/metrics.json plus per-user ranks under eval/ranks/."
    },
    footer = {"", "Example:", "  bin/hisam evaluate --run runs/beauty --set eval.historyCaps=[20]"})
final class EvaluateCommand implements Callable<Integer> {
  @Mixin RunOptions options;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RunDirectory run = RunDirectory.open(options.run);
    RunConfig config = Stages.resolve(run, options.overrides);
    new Stages(spec.commandLine().getErr()).evaluate(run, config);
    return 0;
  }
}
