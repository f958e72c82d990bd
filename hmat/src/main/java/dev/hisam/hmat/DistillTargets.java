package dev.hisam.hmat;

import dev.hisam.eval.ItemScorer;
import dev.hisam.train.sasrec.TrainingListener;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A teacher's soft targets for every training target of a fixed list of windows (knowledge
 * distillation, see {@link HmatTrainConfig.Distill}), computed once before training: the windows
 * and the teacher do not change between epochs.
 *
 * <p>For item {@code j >= 1} of a window the teacher scores the next item after the window's items
 * {@code 0 .. j-1}; {@code p = softmax(scores / temperature)}. The soft target of level {@code l}
 * of that item is {@code q_l(k) = sum of p over the items whose codes agree with the item's first l
 * codes and whose level-l code is k}, divided by the sum of p over the items that agree on the
 * first l codes: the teacher's distribution over the next code given the true prefix, which is what
 * the student's level-l softmax predicts under teacher forcing. The window's first item has no
 * teacher (nothing before it). Codes with less than {@link #KEEP} of a level's mass are dropped and
 * the rest renormalised, so the targets fit in memory on catalogues of any size.
 */
final class DistillTargets {
  /** Smallest share of a level's mass that is kept. */
  static final double KEEP = 1e-4;

  /** Histories scored per call of the teacher. */
  static final int TEACHER_BATCH = 1024;

  /** The task {@link TrainingListener#onPrepare} reports. */
  static final String TASK = "distillation targets";

  private final int levels;
  private final int[] windowStart; // per window: its first slot
  private final long[] slotEnd; // per slot: one past its last entry (slot s starts at slotEnd[s-1])
  private final int[] entryCode;
  private final float[] entryProb;

  private DistillTargets(
      int levels, int[] windowStart, long[] slotEnd, int[] entryCode, float[] entryProb) {
    this.levels = levels;
    this.windowStart = windowStart;
    this.slotEnd = slotEnd;
    this.entryCode = entryCode;
    this.entryProb = entryProb;
  }

  /**
   * @param windows training windows, chronological ItemIds
   * @param vocab the catalogue's semantic IDs
   * @param teacher next-item scores over the same catalogue
   * @param temperature divides the teacher's scores before the softmax
   */
  static DistillTargets compute(
      List<int[]> windows, SidVocabulary vocab, ItemScorer teacher, double temperature) {
    return compute(windows, vocab, teacher, temperature, TrainingListener.NONE);
  }

  /** As above, reporting the teacher's progress through {@link TrainingListener#onPrepare}. */
  static DistillTargets compute(
      List<int[]> windows,
      SidVocabulary vocab,
      ItemScorer teacher,
      double temperature,
      TrainingListener listener) {
    int levels = vocab.levels();
    int numItems = vocab.items();
    List<Map<Long, int[]>> groups = groups(vocab);
    int[] windowStart = new int[windows.size()];
    int slots = 0;
    for (int w = 0; w < windows.size(); w++) {
      windowStart[w] = slots;
      slots += Math.max(0, windows.get(w).length - 1) * levels;
    }
    long[] slotEnd = new long[slots];
    Entries entries = new Entries();
    // every (window, item >= 1) in slot order, scored TEACHER_BATCH histories at a time
    int[] posWindow = new int[slots / Math.max(1, levels)];
    int[] posItem = new int[posWindow.length];
    int n = 0;
    for (int w = 0; w < windows.size(); w++) {
      for (int j = 1; j < windows.get(w).length; j++) {
        posWindow[n] = w;
        posItem[n] = j;
        n++;
      }
    }
    double[] p = new double[numItems];
    double[] q = new double[maxLevelSize(vocab)];
    int slot = 0;
    for (int from = 0; from < n; from += TEACHER_BATCH) {
      int to = Math.min(n, from + TEACHER_BATCH);
      int[][] histories = new int[to - from][];
      for (int i = from; i < to; i++) {
        histories[i - from] = Arrays.copyOf(windows.get(posWindow[i]), posItem[i]);
      }
      float[][] scores = teacher.score(histories);
      for (int i = from; i < to; i++) {
        float[] s = scores[i - from];
        if (s.length != numItems) {
          throw new IllegalArgumentException(
              "the teacher scores " + s.length + " items; the catalogue has " + numItems);
        }
        softmax(s, temperature, p);
        int target = windows.get(posWindow[i])[posItem[i]];
        long key = 0;
        for (int l = 0; l < levels; l++) {
          int size = vocab.levelSize(l);
          Arrays.fill(q, 0, size, 0);
          double total = 0;
          for (int item : groups.get(l).get(key)) {
            q[vocab.code(item, l)] += p[item];
            total += p[item];
          }
          entries.add(q, size, total, vocab.code(target, l));
          slotEnd[slot++] = entries.size;
          key = key * size + vocab.code(target, l);
        }
      }
      listener.onPrepare(TASK, to, n, "histories");
    }
    return new DistillTargets(
        levels,
        windowStart,
        slotEnd,
        Arrays.copyOf(entries.code, Math.toIntExact(entries.size)),
        Arrays.copyOf(entries.prob, Math.toIntExact(entries.size)));
  }

  /**
   * A batch's target distributions in the order {@link Hmat#loss(HmatBatch, boolean, float[][])}
   * reads them: per level, a flattened {@code [R_l, levelSize]} array whose row is {@code (1 -
   * weight) x one-hot(true code) + weight x q} (the one-hot alone where the target has no teacher).
   *
   * @param windows the windows this was computed for
   * @param members the batch's windows, in the batch's row order
   * @param batch the batch built from those windows
   */
  float[][] mixed(
      List<int[]> windows, int[] members, HmatBatch batch, SidVocabulary vocab, double weight) {
    int[] perLevel = new int[levels];
    for (int lv : batch.levels()) {
      perLevel[lv]++;
    }
    float[][] out = new float[levels][];
    for (int l = 0; l < levels; l++) {
      out[l] = new float[perLevel[l] * vocab.levelSize(l)];
    }
    int[] filled = new int[levels];
    for (int member : members) {
      int[] s = windows.get(member);
      HmatBatch.forEachTarget(
          s.length,
          levels,
          batch.perItem(),
          (rowItem, rowToken, targetItem, level) -> {
            int size = vocab.levelSize(level);
            int row = filled[level]++;
            int base = row * size;
            int code = vocab.code(s[targetItem], level);
            if (targetItem == 0) {
              out[level][base + code] = 1f;
              return;
            }
            out[level][base + code] = (float) (1 - weight);
            int slot = slot(member, targetItem, level);
            for (long e = start(slot); e < slotEnd[slot]; e++) {
              out[level][base + entryCode[(int) e]] += (float) (weight * entryProb[(int) e]);
            }
          });
    }
    return out;
  }

  /**
   * The teacher's target of level {@code level} of item {@code item >= 1} of window {@code window}
   * as a dense distribution over the level's codes (for tests and inspection).
   */
  double[] target(int window, int item, int level, int levelSize) {
    int slot = slot(window, item, level);
    double[] out = new double[levelSize];
    for (long e = start(slot); e < slotEnd[slot]; e++) {
      out[entryCode[(int) e]] += entryProb[(int) e];
    }
    return out;
  }

  /** The slot of level {@code level} of item {@code item >= 1} of window {@code window}. */
  private int slot(int window, int item, int level) {
    return windowStart[window] + (item - 1) * levels + level;
  }

  /** The first entry of {@code slot}. */
  private long start(int slot) {
    return slot == 0 ? 0 : slotEnd[slot - 1];
  }

  /** Stored (code, probability) pairs, for the memory figure. */
  long entries() {
    return entryCode.length;
  }

  /** p = softmax(s / temperature), in double. */
  static void softmax(float[] s, double temperature, double[] p) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : s) {
      max = Math.max(max, v / temperature);
    }
    double sum = 0;
    for (int i = 0; i < s.length; i++) {
      p[i] = Math.exp(s[i] / temperature - max);
      sum += p[i];
    }
    for (int i = 0; i < s.length; i++) {
      p[i] /= sum;
    }
  }

  /**
   * Per level l >= 1, the items of each prefix of l codes, keyed as {@link #compute} keys them;
   * level 0's entry holds the whole catalogue under key 0.
   */
  private static List<Map<Long, int[]>> groups(SidVocabulary vocab) {
    List<Map<Long, int[]>> out = new java.util.ArrayList<>();
    for (int l = 0; l < vocab.levels(); l++) {
      Map<Long, List<Integer>> g = new HashMap<>();
      for (int item = 0; item < vocab.items(); item++) {
        long key = 0;
        for (int k = 0; k < l; k++) {
          key = key * vocab.levelSize(k) + vocab.code(item, k);
        }
        g.computeIfAbsent(key, x -> new java.util.ArrayList<>()).add(item);
      }
      Map<Long, int[]> m = new HashMap<>();
      g.forEach((k, v) -> m.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
      out.add(m);
    }
    return out;
  }

  private static int maxLevelSize(SidVocabulary vocab) {
    int max = 0;
    for (int l = 0; l < vocab.levels(); l++) {
      max = Math.max(max, vocab.levelSize(l));
    }
    return max;
  }

  /** Growable (code, probability) arrays. */
  private static final class Entries {
    int[] code = new int[1 << 16];
    float[] prob = new float[1 << 16];
    long size;

    /**
     * Appends q / total's codes with at least {@link #KEEP} of the mass, renormalised; the one-hot
     * of {@code fallback} when the teacher gives the prefix no mass at all.
     */
    void add(double[] q, int n, double total, int fallback) {
      if (!(total > 0) || !Double.isFinite(total)) {
        put(fallback, 1f);
        return;
      }
      double kept = 0;
      for (int k = 0; k < n; k++) {
        if (q[k] / total >= KEEP) {
          kept += q[k];
        }
      }
      for (int k = 0; k < n; k++) {
        if (q[k] / total >= KEEP) {
          put(k, (float) (q[k] / kept));
        }
      }
    }

    private void put(int k, float v) {
      if (size == code.length) {
        int grown = Math.toIntExact(Math.min(Integer.MAX_VALUE - 8L, 2L * code.length));
        code = Arrays.copyOf(code, grown);
        prob = Arrays.copyOf(prob, grown);
      }
      code[(int) size] = k;
      prob[(int) size] = v;
      size++;
    }
  }
}
