package dev.hisam.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hisam.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

/**
 * Appends one JSON object per line to a run's {@code log.jsonl}: metrics, curves and events that
 * the report reads back. Library code writes metrics here instead of printing.
 */
public final class LogJournal {
  private final Path file;

  public LogJournal(Path file) {
    this.file = file;
  }

  /** Appends {@code {"time":..., "event": event, ...fields}}. */
  public synchronized void append(String event, Map<String, ?> fields) {
    ObjectMapper m = Json.mapper();
    ObjectNode node = m.createObjectNode();
    node.put("time", Instant.now().toString());
    node.put("event", event);
    fields.forEach((k, v) -> node.set(k, m.valueToTree(v)));
    try {
      String line =
          m.writer()
              .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(node);
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode log event " + event, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }
}
