package dev.hisam.cli;

import dev.hisam.cli.report.ReportWriter;
import dev.hisam.cli.tokenize.Tokenize;
import dev.hisam.core.io.RunDirectory;
import dev.hisam.data.DatasetKind;
import java.nio.file.Files;
import java.util.ArrayList;
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
      "  bin/hisam pipeline --run runs/beauty        # Beauty: popularity + SASRec",
      "  bin/hisam pipeline --dataset yelp --run runs/yelp --model sasrec",
      "  bin/hisam pipeline --run runs/quick --set sasrec.maxEpochs=5",
      "  bin/hisam pipeline --run runs/beauty-hmat \\",
      "      --model sasrec --model hmat --model flat",
      "  (tokenizes with DST on attributes + SASRec's item table before HMAT)"
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
      description =
          "Model(s) to train: ${COMPLETION-CANDIDATES} (default: popularity and sasrec; hmat and"
              + " flat read the semantic IDs of `hisam tokenize`).")
  List<ModelKind> models = ModelKind.DEFAULTS;

  @Option(
      names = "--tokenize-set",
      paramLabel = "KEY=VALUE",
      description =
          "Override one `hisam tokenize` setting for the SIDs hmat and flat read, e.g."
              + " --tokenize-set dst.epochs=30 (repeatable).")
  List<String> tokenize = new ArrayList<>();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /**
   * The models in training order: SASRec before anything that reads SIDs (Beauty's DST reads
   * SASRec's item table as its collaborative modality).
   */
  static List<ModelKind> order(List<ModelKind> models) {
    return models.stream().distinct().sorted().toList();
  }

  @Override
  public Integer call() {
    RunConfig config = Stages.resolve(options.config, options.overrides, dataset);
    Stages stages = new Stages(spec.commandLine().getErr());
    RunDirectory run = stages.prepare(options.run, config);
    for (ModelKind m : order(models)) {
      if (m.readsSids() && !Files.exists(Tokenize.dir(run.root(), config.sids()))) {
        Tokenize.run(run.root(), config.sids(), tokenize, spec.commandLine().getErr());
      }
      stages.train(run, config, m);
    }
    stages.evaluate(run, config);
    spec.commandLine().getErr().println("report: " + ReportWriter.write(run));
    return 0;
  }
}
