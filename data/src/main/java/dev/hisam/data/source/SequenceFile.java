package dev.hisam.data.source;

import dev.hisam.core.InputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sequence file as in the source: one user per line, {@code user_id item_id item_id ...}
 * separated by spaces or tabs, integer ids, items in chronological order (UTF-8, LF or CRLF).
 *
 * @param file where it was read from
 * @param users source user id per line
 * @param items source item ids per line, in file order
 * @param lines 1-based line number of each row (for later errors)
 */
public record SequenceFile(Path file, int[] users, int[][] items, long[] lines) {
  public static final String USER_FIELD = "user_id";
  public static final String ITEM_FIELD = "item_id";

  public int size() {
    return users.length;
  }

  /** Reads and validates a sequence file; blank lines are skipped. */
  public static SequenceFile read(Path file) {
    String text =
        SourceText.read(
            file,
            StandardCharsets.UTF_8,
            USER_FIELD,
            SourceText.FieldAt.columns(' ', c -> c == 0 ? USER_FIELD : ITEM_FIELD));
    List<String> lines = SourceText.lines(text);
    int[] users = new int[lines.size()];
    int[][] items = new int[lines.size()][];
    long[] lineNos = new long[lines.size()];
    int n = 0;
    List<String> tokens = new ArrayList<>();
    for (int li = 0; li < lines.size(); li++) {
      String line = lines.get(li);
      long lineNo = li + 1;
      tokens.clear();
      split(line, tokens);
      if (tokens.isEmpty()) {
        continue;
      }
      users[n] = parseId(file, lineNo, USER_FIELD, 1, tokens.get(0));
      if (tokens.size() < 2) {
        throw new InputException(
            file, lineNo, ITEM_FIELD, "user " + tokens.get(0) + " has no items (column 2 missing)");
      }
      int[] row = new int[tokens.size() - 1];
      for (int j = 1; j < tokens.size(); j++) {
        row[j - 1] = parseId(file, lineNo, ITEM_FIELD, j + 1, tokens.get(j));
      }
      items[n] = row;
      lineNos[n] = lineNo;
      n++;
    }
    return new SequenceFile(
        file, Arrays.copyOf(users, n), Arrays.copyOf(items, n), Arrays.copyOf(lineNos, n));
  }

  static void split(String line, List<String> out) {
    int i = 0;
    int len = line.length();
    while (i < len) {
      while (i < len && isSpace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < len && !isSpace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(line.substring(start, i));
      }
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r';
  }

  /** Parses a non-negative integer id; anything else names the line, field and column. */
  static int parseId(Path file, long line, String field, int column, String token) {
    int v;
    try {
      v = Integer.parseInt(token);
    } catch (NumberFormatException e) {
      throw new InputException(
          file, line, field, "not an integer id: '" + token + "' (column " + column + ")");
    }
    if (v < 0) {
      throw new InputException(
          file, line, field, "negative id: '" + token + "' (column " + column + ")");
    }
    return v;
  }
}
