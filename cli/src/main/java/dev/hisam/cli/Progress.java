package dev.hisam.cli;

import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars with rate and ETA on stderr. On a terminal the bar redraws in place; without one
 * (CI, pipes) it prints a line at most every few seconds so logs stay readable.
 */
public final class Progress {
  private Progress() {}

  public static ProgressBar bar(String task, long max, String unit) {
    ProgressBarBuilder b =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(max)
            .setUnit(" " + unit, 1)
            .showSpeed()
            .setStyle(ProgressBarStyle.ASCII)
            .setMaxRenderedLength(110);
    if (System.console() != null) {
      b.setConsumer(new ConsoleProgressBarConsumer(System.err));
    } else {
      b.setUpdateIntervalMillis((int) Duration.ofSeconds(15).toMillis())
          .setConsumer(new DelegatingProgressBarConsumer(System.err::println, 110));
    }
    return b.build();
  }
}
