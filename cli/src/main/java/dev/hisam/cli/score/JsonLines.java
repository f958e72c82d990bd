package dev.hisam.cli.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hisam.core.InputException;
import dev.hisam.core.Json;
import dev.hisam.core.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * JSON-lines requests in, JSON-lines responses out: the file handling shared by {@code hisam score}
 * and {@code hisam recommend}. Every problem is an {@link InputException} naming the file, the line
 * and the field.
 */
public final class JsonLines {
  /** The name standard input goes by in requests and error messages. */
  public static final String STDIN = "-";

  private JsonLines() {}

  /** One parsed request and the 1-based line it came from. */
  public record Line<T>(T value, long number) {}

  /** Turns one line's JSON object into a request, or throws an {@link InputException}. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(JsonNode object, Path file, long line);
  }

  /**
   * Every non-blank line of {@code source} ({@link #STDIN} for standard input), parsed; the first
   * bad line is an error naming it, and a source without requests is an error too.
   */
  public static <T> List<Line<T>> read(String source, InputStream stdin, Parser<T> parser) {
    Path file = Path.of(displayName(source));
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ObjectMapper mapper = Json.mapper();
    List<Line<T>> out = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                source.equals(STDIN) ? stdin : Files.newInputStream(Path.of(source)), decoder))) {
      long no = 0;
      String text;
      while ((text = readLine(in, file, no + 1)) != null) {
        no++;
        if (!text.isBlank()) {
          out.add(new Line<>(parser.parse(object(mapper, text, file, no), file, no), no));
        }
      }
    } catch (NoSuchFileException e) {
      throw InputException.ofFile(file, "file not found");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (out.isEmpty()) {
      throw InputException.ofFile(file, "no requests (the file is empty)");
    }
    return out;
  }

  /** How a source is named in messages: {@code <stdin>} for standard input, else its path. */
  public static String displayName(String source) {
    return source.equals(STDIN) ? "<stdin>" : source;
  }

  /** Rejects a field of {@code object} that is not one of {@code allowed}. */
  public static void requireKnownFields(
      JsonNode object, List<String> allowed, Path file, long line) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!allowed.contains(n)) {
        throw new InputException(
            file, line, n, "unknown field (expected " + String.join(", ", allowed) + ")");
      }
    }
  }

  /** The optional string-or-number label {@code field}, or null when absent. */
  public static String label(JsonNode object, String field, Path file, long line) {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode() || v.isBoolean()) {
      throw new InputException(file, line, field, "must be a string or number");
    }
    return v.asText();
  }

  /**
   * The list of item keys {@code field} (strings or integers); absent is an empty list when {@code
   * optional}, an error otherwise.
   */
  public static List<String> itemKeys(
      JsonNode object, String field, Path file, long line, boolean optional) {
    JsonNode array = object.get(field);
    if (array == null || array.isNull()) {
      if (optional) {
        return List.of();
      }
      throw new InputException(file, line, field, "missing (a list of item keys)");
    }
    if (!array.isArray()) {
      throw new InputException(file, line, field, "must be a list of item keys");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode v = array.get(i);
      if (!(v.isTextual() || v.isIntegralNumber())) {
        throw new InputException(
            file, line, field + "[" + i + "]", "must be an item key (string or integer)");
      }
      out.add(v.asText());
    }
    return out;
  }

  /**
   * Writes one compact JSON object per line to {@code out} (atomically: a temporary file renamed
   * when complete), or to {@code stdout} when {@code out} is null.
   */
  public static void write(List<?> responses, Path out, PrintWriter stdout) throws IOException {
    ObjectWriter writer = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
    StringBuilder text = new StringBuilder();
    for (Object r : responses) {
      text.append(writer.writeValueAsString(r)).append('\n');
    }
    if (out == null) {
      stdout.print(text);
      stdout.flush();
    } else {
      AtomicFiles.writeString(out, text.toString());
    }
  }

  private static JsonNode object(ObjectMapper mapper, String text, Path file, long no) {
    JsonNode node;
    try {
      node = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InputException(file, no, "json", "malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new InputException(file, no, "json", "each line must be one JSON object");
    }
    return node;
  }

  private static String readLine(BufferedReader in, Path file, long no) throws IOException {
    try {
      return in.readLine();
    } catch (CharacterCodingException e) {
      throw new InputException(file, no, "encoding", "not valid UTF-8");
    }
  }
}
