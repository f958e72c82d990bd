package dev.hisam.cli;

import dev.hisam.core.io.RunDirectory;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "ctr",
    mixinStandardHelpOptions = true,
    description = {
      "CTR ranking (protocols P2 and P3) on a run with explicit ratings (movielens).",
      "",
      "Trains each model on the chronological first 90%% of the labelled ratings, selects on the"
          + " last tenth of those, scores the test 10%% and writes ctr/<name>/ (metrics.json with AUC, GAUC and"
          + " the P3 frequency buckets, scores.tsv, the model).",
      "hmat and flat read the run's semantic IDs (`hisam tokenize` first); item-id is the same"
          + " transformer over item IDs; logreg is logistic regression on the content embeddings."
    },
    footer = {
      "",
      "Examples:",
      "  bin/hisam ctr --run runs/movielens          # hmat, flat, item-id and logreg",
      "  bin/hisam ctr --run runs/movielens --model hmat --model item-id --new-items",
      "  bin/hisam ctr --run runs/movielens --model hmat --as hmat-d32 \\",
      "      --set ctr.train.model.dim=32",
      "  bin/hisam ctr --run runs/movielens --model hmat --as hmat-plain-anchor \\",
      "      --set ctr.train.model.anchorContent=false   # the plain learned anchor",
      "  bin/hisam ctr --run runs/movielens --model item-id --as item-id-fb \\",
      "      --set ctr.train.userFeedback=true   # also read the user's earlier ratings",
      "  bin/hisam ctr --run runs/movielens --model logreg --as logreg-fb \\",
      "      --set ctr.logreg.userFeedback=true  # the same for the logistic regression"
    })
final class CtrCommand implements Callable<Integer> {
  @Mixin RunOptions options;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      converter = CtrKind.Converter.class,
      description = "Model(s): hmat, flat, item-id, logreg (default: all four).")
  List<CtrKind> models = List.of(CtrKind.values());

  @Option(
      names = "--new-items",
      description =
          "P3 new-item run: a seeded ctr.newItemFraction of the catalogue is removed from every"
              + " training history and label; metrics split into held-out and seen items. Models"
              + " are written as <name>-new-items.")
  boolean newItems;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      description = "Folder name under ctr/ for a variant (one --model only).")
  String as;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RunDirectory run = RunDirectory.open(options.run);
    RunConfig config = Stages.resolve(run, options.config, options.overrides);
    CtrStage stage = new CtrStage(spec.commandLine().getErr());
    if (as != null && models.size() != 1) {
      throw new IllegalArgumentException("--as names one model: give exactly one --model");
    }
    for (CtrKind kind : models) {
      String name = as != null ? as : kind.cliName() + (newItems ? "-new-items" : "");
      stage.run(run, config, kind, name, newItems);
    }
    return 0;
  }
}
