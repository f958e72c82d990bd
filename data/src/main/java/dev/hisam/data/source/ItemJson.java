package dev.hisam.data.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.hisam.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readers of item JSON files keyed by source item id (UTF-8, decoded strictly; errors name the line
 * and the key): attribute lists, item texts, and id maps such as {@code datamaps.json}'s {@code
 * id2item}. Maps keep the file's key order.
 */
public final class ItemJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private ItemJson() {}

  /** Title and description of one item; either may be null. */
  public record ItemText(String title, String description) {
    /** "title | description", or the one that is present, or null when both are missing. */
    public String joined() {
      boolean t = title != null && !title.isBlank();
      boolean d = description != null && !description.isBlank();
      if (t && d) {
        return title.strip() + " | " + description.strip();
      }
      return t ? title.strip() : d ? description.strip() : null;
    }
  }

  /** {@code {"item_id": [attribute_id, ...], ...}}. */
  public static Map<String, int[]> attributes(Path file) {
    return parse(
        file,
        "item_id",
        p -> {
          Map<String, int[]> out = new LinkedHashMap<>();
          expect(file, p, p.nextToken(), JsonToken.START_OBJECT, "item_id", "a JSON object");
          for (JsonToken t = next(file, p); t != JsonToken.END_OBJECT; t = next(file, p)) {
            String key = p.currentName();
            expect(file, p, p.nextToken(), JsonToken.START_ARRAY, key, "an array of attribute ids");
            int[] buf = new int[8];
            int n = 0;
            for (JsonToken v = next(file, p); v != JsonToken.END_ARRAY; v = next(file, p)) {
              if (v != JsonToken.VALUE_NUMBER_INT) {
                throw new InputException(
                    file, line(p), key, "attribute id is not an integer: " + p.getText());
              }
              if (n == buf.length) {
                buf = Arrays.copyOf(buf, n * 2);
              }
              buf[n++] = p.getIntValue();
            }
            if (out.put(key, Arrays.copyOf(buf, n)) != null) {
              throw new InputException(file, line(p), key, "duplicate item id");
            }
          }
          return out;
        });
  }

  /** {@code {"item_id": {"title": "...", "description": "..."}, ...}}; other fields ignored. */
  public static Map<String, ItemText> texts(Path file) {
    return parse(
        file,
        "item_id",
        p -> {
          Map<String, ItemText> out = new LinkedHashMap<>();
          expect(file, p, p.nextToken(), JsonToken.START_OBJECT, "item_id", "a JSON object");
          for (JsonToken t = next(file, p); t != JsonToken.END_OBJECT; t = next(file, p)) {
            String key = p.currentName();
            expect(
                file,
                p,
                p.nextToken(),
                JsonToken.START_OBJECT,
                key,
                "an object with title/description");
            String title = null;
            String description = null;
            for (JsonToken f = next(file, p); f != JsonToken.END_OBJECT; f = next(file, p)) {
              String field = p.currentName();
              JsonToken v = next(file, p);
              if (field.equals("title") || field.equals("description")) {
                if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NULL) {
                  throw new InputException(
                      file, line(p), field, "expected a string for item " + key);
                }
                String s = v == JsonToken.VALUE_NULL ? null : p.getText();
                if (field.equals("title")) {
                  title = s;
                } else {
                  description = s;
                }
              } else {
                p.skipChildren();
              }
            }
            if (out.put(key, new ItemText(title, description)) != null) {
              throw new InputException(file, line(p), key, "duplicate item id");
            }
          }
          return out;
        });
  }

  /**
   * The object under top-level key {@code section} as a string map (numbers are read as their
   * text), e.g. {@code id2item} of {@code datamaps.json}; other top-level keys are skipped.
   */
  public static Map<String, String> section(Path file, String section) {
    return parse(
        file,
        section,
        p -> {
          expect(file, p, p.nextToken(), JsonToken.START_OBJECT, section, "a JSON object");
          Map<String, String> out = null;
          for (JsonToken t = next(file, p); t != JsonToken.END_OBJECT; t = next(file, p)) {
            String key = p.currentName();
            JsonToken v = next(file, p);
            if (!key.equals(section)) {
              p.skipChildren();
              continue;
            }
            expect(file, p, v, JsonToken.START_OBJECT, section, "an object of id -> value");
            out = new LinkedHashMap<>();
            for (JsonToken e = next(file, p); e != JsonToken.END_OBJECT; e = next(file, p)) {
              String id = p.currentName();
              JsonToken val = next(file, p);
              if (val != JsonToken.VALUE_STRING && val != JsonToken.VALUE_NUMBER_INT) {
                throw new InputException(
                    file, line(p), section + "." + id, "expected a string or integer value");
              }
              if (out.put(id, p.getText()) != null) {
                throw new InputException(file, line(p), section + "." + id, "duplicate key");
              }
            }
          }
          if (out == null) {
            throw new InputException(file, 1, section, "missing top-level key '" + section + "'");
          }
          return out;
        });
  }

  @FunctionalInterface
  private interface Body<T> {
    T read(JsonParser p) throws IOException;
  }

  private static <T> T parse(Path file, String firstField, Body<T> body) {
    String text =
        SourceText.read(file, StandardCharsets.UTF_8, firstField, SourceText.FieldAt.jsonKey());
    try (JsonParser p = FACTORY.createParser(text)) {
      T out = body.read(p);
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw new InputException(file, line(p), null, "trailing content after the JSON object");
      }
      return out;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String field = null;
      if (e.getProcessor() instanceof JsonParser jp) {
        // the nearest enclosing key (an array element has none of its own)
        for (JsonStreamContext ctx = jp.getParsingContext();
            ctx != null && field == null;
            ctx = ctx.getParent()) {
          field = ctx.getCurrentName();
        }
      }
      String problem = e.getOriginalMessage();
      int cut = problem.indexOf(" (start marker");
      if (cut > 0) {
        problem = problem.substring(0, cut);
      }
      problem =
          problem.contains("end-of-input")
              ? "truncated JSON (unexpected end of file)"
              : "malformed JSON: " + problem;
      throw new InputException(
          file.toString(),
          loc == null ? 0 : loc.getLineNr(),
          field == null ? firstField : field,
          problem,
          e);
    } catch (IOException e) {
      throw new InputException(file.toString(), 0, null, "cannot read JSON: " + e.getMessage(), e);
    }
  }

  private static void expect(
      Path file, JsonParser p, JsonToken got, JsonToken want, String field, String what) {
    if (got == null) {
      throw new InputException(file, line(p), field, "truncated JSON: expected " + what);
    }
    if (got != want) {
      throw new InputException(file, line(p), field, "expected " + what + ", found " + got);
    }
  }

  private static JsonToken next(Path file, JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      String field = p.currentName();
      throw new InputException(
          file,
          line(p),
          field == null ? "JSON value" : field,
          "truncated JSON: unexpected end of file");
    }
    return t;
  }

  private static long line(JsonParser p) {
    return p.currentLocation().getLineNr();
  }
}
