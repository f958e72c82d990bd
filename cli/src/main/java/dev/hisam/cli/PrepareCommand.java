package dev.hisam.cli;

import dev.hisam.data.DatasetKind;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "prepare",
    mixinStandardHelpOptions = true,
    description = "Start a run: read a dataset's source files into the run's normalised store.",
    footer = {
      "",
      "Examples:",
      "  bin/hisam prepare --dataset movielens --run runs/ml",
      "  bin/hisam prepare --dataset yelp --run runs/yelp --set data.root=/data/recsys"
    })
final class PrepareCommand implements Callable<Integer> {
  @Mixin RunOptions options;

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      converter = DatasetKindConverter.class,
      description = "beauty, yelp or movielens (default: data.dataset of the config, beauty).")
  DatasetKind dataset;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RunConfig config = Stages.resolve(options.config, options.overrides, dataset);
    new Stages(spec.commandLine().getErr()).prepare(options.run, config);
    return 0;
  }
}
