package dev.hisam.cli;

import dev.hisam.core.InputException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code hisam} command line. */
@Command(
    name = "hisam",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    description = {
      "Hi-SAM for the JVM: semantic-ID recommendation from raw files to an evaluated model.",
      "",
      "Each run lives in one directory (--run): config.json, manifest.json, data/, model/<name>/,"
          + " eval/metrics.json, report/ (markdown + PNG), log.jsonl.",
      "",
      "Configuration: built-in defaults, then --config FILE (JSON), then --set key=value"
          + " overrides; unknown keys are rejected.",
    },
    footer = {
      "",
      "Examples:",
      "  bin/hisam pipeline --dataset beauty --run runs/beauty   # end to end",
      "  bin/hisam prepare  --dataset yelp --run runs/yelp        # data into runs/yelp",
      "  bin/hisam train    --run runs/yelp --model sasrec --set sasrec.maxEpochs=50",
      "  bin/hisam evaluate --run runs/yelp",
      "  bin/hisam report   --run runs/yelp",
      "  bin/hisam bench    --dataset beauty",
      "  bin/hisam results  runs/beauty runs/yelp runs/movielens  # README table",
      "",
      "Exit codes: 0 ok, 2 bad input or configuration, 1 internal error.",
    },
    subcommands = {
      PrepareCommand.class,
      dev.hisam.cli.tokenize.TokenizeCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      ReportCommand.class,
      PipelineCommand.class,
      CtrCommand.class,
      ScoreCommand.class,
      RecommendCommand.class,
      BenchCommand.class,
      ResultsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Hisam implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** The command line as users get it: every subcommand, enum values in any case. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Hisam());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /** Runs the CLI and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cl = commandLine();
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          if (ex instanceof InputException || ex instanceof IllegalStateException) {
            cmd.getErr().println("error: " + ex.getMessage());
            return 2;
          }
          if (ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException) {
            cmd.getErr().println("error: " + ex.getMessage());
            return 2;
          }
          throw ex;
        });
    return cl.execute(args);
  }
}
