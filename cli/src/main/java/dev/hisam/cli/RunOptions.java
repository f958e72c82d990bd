package dev.hisam.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every run-bound command shares: the run directory and configuration overrides. */
final class RunOptions {
  @Option(
      names = "--run",
      required = true,
      paramLabel = "DIR",
      description = "Run directory (created by prepare/pipeline, read by the other commands).")
  Path run;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "JSON config file applied over the defaults (prepare, pipeline) or over the run's"
              + " saved config.json (train, evaluate, ctr); unknown keys are rejected.")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one config value, e.g. --set sasrec.model.dim=64 (repeatable).")
  List<String> overrides = new ArrayList<>();
}
