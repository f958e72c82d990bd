package dev.hisam.cli.tokenize;

import dev.hisam.cli.Progress;
import dev.hisam.tokenizer.TokenizerProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;

/** Shows a tokenizer fit as progress bars (one per phase) and records the training loss. */
final class FitProgress implements TokenizerProgress, AutoCloseable {
  private final String name;
  private final List<Double> losses = new ArrayList<>();
  private ProgressBar bar;
  private String phase;
  private int total;

  FitProgress(String name) {
    this.name = name;
  }

  @Override
  public void report(String phase, int step, int total, double loss) {
    if (!phase.equals(this.phase)) {
      close();
      this.phase = phase;
      this.bar =
          Progress.bar(name + " " + phase, total, phase.equals("train") ? "steps" : "levels");
    }
    this.total = total;
    if (phase.equals("train") && !Double.isNaN(loss)) {
      losses.add(loss);
    }
    bar.stepTo(step);
    if (!Double.isNaN(loss)) {
      bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", loss));
    }
  }

  /** Mean loss of each epoch ({@code epochs} equal slices of the training steps). */
  double[] perEpoch(int epochs) {
    if (losses.isEmpty() || epochs <= 0) {
      return new double[0];
    }
    int steps = Math.max(1, total / epochs);
    int n = (losses.size() + steps - 1) / steps;
    double[] out = new double[n];
    for (int e = 0; e < n; e++) {
      double s = 0;
      int c = 0;
      for (int i = e * steps; i < Math.min(losses.size(), (e + 1) * steps); i++) {
        s += losses.get(i);
        c++;
      }
      out[e] = s / c;
    }
    return out;
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.stepTo(bar.getMax()); // the phase is over (DST and RQ-VAE report k-means once)
      bar.close();
      bar = null;
    }
  }
}
