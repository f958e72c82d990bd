package dev.hisam.train.sasrec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Amazon Beauty sequences (ItemId = file id - 1) and the P1 splits, for tests and experiments. */
record BeautyData(int[][] sequences, int numItems) {
  static final int NUM_ITEMS = 12101;

  /** The shared data folder from the {@code hisam.shared} system property (null when unset). */
  static Path beautyFile() {
    String shared = System.getProperty("hisam.shared");
    return shared == null ? null : Path.of(shared, "data", "amazon-beauty", "Beauty.txt");
  }

  static boolean available() {
    Path p = beautyFile();
    return p != null && Files.isRegularFile(p);
  }

  static BeautyData load(Path file) {
    List<int[]> seqs = new ArrayList<>();
    int max = 0;
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.trim().split("\\s+");
        int[] s = new int[f.length - 1];
        for (int i = 1; i < f.length; i++) {
          s[i - 1] = Integer.parseInt(f[i]) - 1;
          max = Math.max(max, s[i - 1] + 1);
        }
        seqs.add(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BeautyData(seqs.toArray(int[][]::new), max);
  }

  /** s[:-2] per user. */
  int[][] train() {
    return Arrays.stream(sequences).map(s -> Arrays.copyOf(s, s.length - 2)).toArray(int[][]::new);
  }

  /** Validation (history s[:-2], target s[-2]) or test (history s[:-1], target s[-1]). */
  int[][] histories(boolean test, int cap) {
    return Arrays.stream(sequences)
        .map(
            s -> {
              int end = s.length - (test ? 1 : 2);
              return Arrays.copyOfRange(s, Math.max(0, end - cap), end);
            })
        .toArray(int[][]::new);
  }

  int[] targets(boolean test) {
    return Arrays.stream(sequences).mapToInt(s -> s[s.length - (test ? 1 : 2)]).toArray();
  }
}
