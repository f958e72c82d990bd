package dev.hisam.cli.tokenize;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hisam tokenize}: semantic IDs for a prepared run's catalogue. */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description = {
      "Give every item of a prepared run a semantic ID (DST, RQ-KMeans or RQ-VAE).",
      "",
      "Encodes the items' modalities with frozen encoders (cached in DIR/embeddings/, keyed by the"
          + " inputs' hashes), fits the tokenizer(s) and writes DIR/tokenizer/<kind>/"
          + " (tokenizer.json, codebooks.bin, weights.bin, sids.bin, sids.tsv, config.json, report.json, report.md, PNG plots); once all three exist (e.g."
          + " --tokenizer all) also DIR/tokenizer/comparison.md. An existing tokenizer is never"
          + " overwritten.",
      "",
      "Modalities by default: movielens = text + image (posters), yelp = text + attributes,"
          + " beauty = attributes + collaborative (the item table of DIR/model/sasrec, written by"
          + " `hisam train --model SASREC`). Override: --set modalities=text,attributes.",
      "",
      "Codebook size: " + TokenizeConfig.K_RULE + ".",
      "",
      "Config keys (--set): modalities, codebookSize, text.*, image.output (POOLED or BLOCK_10),"
          + " image.batchSize, image.modelDir, attributes.*, collaborative.model, imported.file,"
          + " imported.keys, dst.*, rqKmeans.*, rqVae.*, miAblation, trainThreads.",
      "",
    },
    footer = {
      "",
      "Examples:",
      "  bin/hisam prepare  --dataset movielens --run runs/ml",
      "  bin/hisam tokenize --run runs/ml --tokenizer all",
      "  bin/hisam tokenize --run runs/yelp --set dst.epochs=30",
      "  bin/hisam train    --run runs/beauty --model SASREC",
      "  bin/hisam tokenize --run runs/beauty --tokenizer rq-kmeans",
      "  bin/hisam tokenize --run runs/ml --tokenizer rq-kmeans --as rq-kmeans-bal \\",
      "      --set rqKmeans.balanced=true",
      "  bin/hisam tokenize --run runs/ml --set miAblation=true --set codebookSize=128",
      "  bin/hisam tokenize --run runs/ml --as dst-text --set modalities=text",
      "",
      "Exit codes: 0 ok, 2 bad input or config (nothing written), 1 internal error.",
    })
public final class TokenizeCommand implements Callable<Integer> {
  @Option(
      names = "--run",
      required = true,
      paramLabel = "DIR",
      description = "Run directory prepared by `hisam prepare`.")
  Path run;

  @Option(
      names = "--tokenizer",
      paramLabel = "KIND",
      converter = TokenizerChoice.Converter.class,
      description = "dst, rq-kmeans, rq-vae or all (default: dst).")
  TokenizerChoice tokenizer = TokenizerChoice.DST;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "JSON file applied over the tokenize defaults (unknown keys are rejected).")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one config value, e.g. --set dst.epochs=30 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--as",
      paramLabel = "NAME",
      description =
          "Publish one tokenizer under DIR/tokenizer/NAME/ (a variant beside the default one, e.g."
              + " --as dst-text --set modalities=text); models read it with --set sids=NAME.")
  String as;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    TokenizeConfig resolved = TokenizeConfig.resolve(config, overrides);
    new TokenizeStage(spec.commandLine().getErr()).run(run, resolved, tokenizer, as);
    return 0;
  }
}
