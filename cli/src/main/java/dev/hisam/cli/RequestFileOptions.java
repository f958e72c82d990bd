package dev.hisam.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of a command that answers JSON-lines requests from a run's trained model. */
final class RequestFileOptions {
  @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory.")
  Path run;

  @Option(
      names = "--requests",
      required = true,
      paramLabel = "FILE",
      description = "JSON-lines requests, or - for standard input.")
  String requests;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the JSON-lines responses (default: standard output).")
  Path out;
}
