package dev.hisam.data.source;

import dev.hisam.core.InputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MovieLens {@code movies.dat}: {@code MovieID::Title (Year)::Genre|Genre...}, latin-1 encoded.
 *
 * @param file where it was read from
 * @param ids MovieID per line
 * @param titles "Title (Year)" per line
 * @param genres genre names per line
 */
public record MovieTable(Path file, int[] ids, String[] titles, List<List<String>> genres) {
  public static final String[] FIELDS = {"movie_id", "title", "genres"};

  public int size() {
    return ids.length;
  }

  /** "Title (Year) | Genre, Genre" of row {@code i}. */
  public String text(int i) {
    List<String> g = genres.get(i);
    return g.isEmpty() ? titles[i] : titles[i] + " | " + String.join(", ", g);
  }

  public static MovieTable read(Path file) {
    String text =
        SourceText.read(file, StandardCharsets.ISO_8859_1, FIELDS[0], (b, s, o) -> FIELDS[0]);
    List<String> lines = SourceText.lines(text);
    int[] ids = new int[lines.size()];
    String[] titles = new String[lines.size()];
    List<List<String>> genres = new ArrayList<>(lines.size());
    int n = 0;
    for (int li = 0; li < lines.size(); li++) {
      String line = lines.get(li);
      long lineNo = li + 1;
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split("::", -1);
      if (parts.length < 3) {
        throw new InputException(
            file,
            lineNo,
            FIELDS[parts.length],
            "line has " + parts.length + " of 3 '::'-separated fields (truncated?)");
      }
      if (parts.length > 3) {
        throw new InputException(file, lineNo, FIELDS[2], "more than 3 '::'-separated fields");
      }
      ids[n] = SequenceFile.parseId(file, lineNo, FIELDS[0], 1, parts[0].strip());
      titles[n] = parts[1].strip();
      if (titles[n].isEmpty()) {
        throw new InputException(file, lineNo, FIELDS[1], "empty title");
      }
      List<String> g = new ArrayList<>();
      for (String s : parts[2].split("\\|")) {
        if (!s.isBlank()) {
          g.add(s.strip());
        }
      }
      genres.add(List.copyOf(g));
      n++;
    }
    return new MovieTable(
        file,
        java.util.Arrays.copyOf(ids, n),
        java.util.Arrays.copyOf(titles, n),
        List.copyOf(genres));
  }
}
