package dev.hisam.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The deterministic order in which source ids get dense indices: numeric order when every id is an
 * integer, else lexicographic (String order).
 */
public final class DenseIndex {
  private DenseIndex() {}

  /** The distinct ids sorted into dense order (index = position). */
  public static List<String> order(Collection<String> ids) {
    List<String> out = new ArrayList<>(new java.util.LinkedHashSet<>(ids));
    boolean numeric = true;
    for (String s : out) {
      if (!isInteger(s)) {
        numeric = false;
        break;
      }
    }
    if (numeric) {
      out.sort(
          Comparator.comparing((String s) -> new java.math.BigInteger(s))
              .thenComparing(Comparator.naturalOrder()));
    } else {
      out.sort(Comparator.naturalOrder());
    }
    return out;
  }

  static boolean isInteger(String s) {
    if (s.isEmpty()) {
      return false;
    }
    int i = s.charAt(0) == '-' ? 1 : 0;
    if (i == s.length()) {
      return false;
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
