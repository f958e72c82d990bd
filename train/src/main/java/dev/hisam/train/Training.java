package dev.hisam.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.hisam.train.sasrec.AdamW;
import dev.hisam.train.sasrec.SasRecTrainConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/** What every sequence trainer (SASRec, HMAT, the flat baseline) does the same way. */
public final class Training {
  private Training() {}

  /**
   * Learning rate at optimizer step {@code step}: linear warm-up from 0 over {@code warmupEpochs},
   * then constant or a cosine decay that reaches 0 at {@code maxEpochs}.
   */
  public static double learningRateAt(
      SasRecTrainConfig.Schedule schedule,
      double learningRate,
      int warmupEpochs,
      int maxEpochs,
      long step,
      int stepsPerEpoch) {
    double warm = (double) warmupEpochs * stepsPerEpoch;
    if (step < warm) {
      return learningRate * (step + 1) / warm;
    }
    if (schedule == SasRecTrainConfig.Schedule.CONSTANT) {
      return learningRate;
    }
    double total = (double) maxEpochs * stepsPerEpoch;
    double progress = Math.min(1.0, (step - warm) / Math.max(1.0, total - warm));
    return learningRate * 0.5 * (1 + Math.cos(Math.PI * progress));
  }

  /** Forward ({@code loss}), backward and one AdamW update; returns the batch loss. */
  @SuppressWarnings("try") // the scope closes the step's temporaries
  public static float step(Supplier<NDArray> loss, AdamW optimizer) {
    float value;
    try (NDScope scope = new NDScope();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray l = loss.get(); // []
      collector.backward(l);
      value = l.getFloat();
    }
    optimizer.step();
    return value;
  }

  /**
   * One epoch's batches (indices into {@code sequences}): shuffle, stable-sort by length when
   * {@code bucketByLength} so that a batch pads little, cut into batches of {@code batchSize}, then
   * shuffle the batch order.
   */
  public static List<int[]> batches(
      List<int[]> sequences, int batchSize, boolean bucketByLength, SplittableRandom random) {
    Integer[] idx = new Integer[sequences.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    for (int i = idx.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    if (bucketByLength) {
      Arrays.sort(idx, Comparator.comparingInt(i -> sequences.get(i).length));
    }
    List<int[]> out = new ArrayList<>();
    for (int from = 0; from < idx.length; from += batchSize) {
      int to = Math.min(idx.length, from + batchSize);
      int[] members = new int[to - from];
      for (int i = from; i < to; i++) {
        members[i - from] = idx[i];
      }
      out.add(members);
    }
    for (int i = out.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int[] t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    return out;
  }
}
