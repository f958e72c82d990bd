package dev.hisam.cli;

import dev.hisam.cli.report.ReportWriter;
import dev.hisam.core.io.RunDirectory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Write report/report.md with PNG plots from eval/metrics.json and log.jsonl.",
    footer = {"", "Example:", "  bin/hisam report --run runs/beauty"})
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory.")
  Path run;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Path md = ReportWriter.write(RunDirectory.open(run));
    spec.commandLine().getErr().println("report: " + md);
    return 0;
  }
}
