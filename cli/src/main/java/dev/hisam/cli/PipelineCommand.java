package dev.hisam.cli;

import dev.hisam.cli.report.ReportWriter;
import dev.hisam.core.io.RunDirectory;
import dev.hisam.data.DatasetKind;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description =
        "The main job end to end: prepare -> train -> evaluate -> report, in one run dir.",
    footer = {
      "",
      "Examples:",
      "  bin/hisam pipeline --run runs/beauty                       # Beauty, popularity + SASRec",
      "  bin/hisam pipeline --dataset yelp --run runs/yelp --model sasrec",
      "  bin/hisam pipeline --run runs/quick --set sasrec.maxEpochs=5"
    })
final class PipelineCommand implements Callable<Integer> {
  @Mixin RunOptions options;

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      converter = DatasetKindConverter.class,
      description = "beauty, yelp or movielens (default: data.dataset of the config, beauty).")
  DatasetKind dataset;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "Model(s) to train: ${COMPLETION-CANDIDATES} (default: all).")
  List<ModelKind> models = List.of(ModelKind.values());

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RunConfig config = Stages.resolve(options.config, options.overrides, dataset);
    Stages stages = new Stages(spec.commandLine().getErr());
    RunDirectory run = stages.prepare(options.run, config);
    for (ModelKind m : models) {
      stages.train(run, config, m);
    }
    stages.evaluate(run, config);
    spec.commandLine().getErr().println("report: " + ReportWriter.write(run));
    return 0;
  }
}
