package dev.hisam.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hisam.core.InputException;
import dev.hisam.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Resolves a config record tree: defaults, then a JSON file, then {@code --set a.b=c} overrides.
 * Keys that the defaults do not have are rejected with the file (or {@code --set}), line and key.
 * Records validate themselves in their compact constructors; such failures are reported as input
 * errors too.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static <T> T resolve(Class<T> type, T defaults, Path file, List<String> overrides) {
    return resolveLayered(type, defaults, file == null ? List.of() : List.of(file), overrides);
  }

  /**
   * Defaults, then each file in order (a later file wins over an earlier one), then overrides.
   * Every file is checked against the defaults' keys.
   */
  public static <T> T resolveLayered(
      Class<T> type, T defaults, List<Path> files, List<String> overrides) {
    ObjectMapper m = Json.mapper();
    ObjectNode tree = m.valueToTree(defaults);
    String source = "defaults";
    for (Path file : files) {
      source = source.equals("defaults") ? file.toString() : source + " + " + file;
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw InputException.ofFile(file, "cannot read config file: " + e.getMessage());
      }
      JsonNode fileTree;
      try {
        fileTree = m.readTree(text);
      } catch (JsonProcessingException e) {
        throw new InputException(
            file,
            e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
            null,
            "not valid JSON: " + e.getOriginalMessage());
      }
      if (fileTree == null || !fileTree.isObject()) {
        throw InputException.ofFile(file, "a config file must hold one JSON object");
      }
      merge(tree, (ObjectNode) fileTree, "", file, text);
    }
    for (String set : overrides) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw new InputException(
            "--set", 0, set, "expected key=value, e.g. --set sasrec.dim=64", null);
      }
      source = source + " + --set";
      applyOverride(tree, set.substring(0, eq).trim(), set.substring(eq + 1));
    }
    try {
      return m.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      String path =
          e instanceof com.fasterxml.jackson.databind.JsonMappingException jme
              ? pathOf(jme.getPath())
              : null;
      throw new InputException(
          source,
          0,
          path,
          "invalid config value: " + (root == e ? e.getOriginalMessage() : root.getMessage()),
          e);
    }
  }

  private static String pathOf(
      List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
    List<String> parts = new ArrayList<>();
    for (var r : refs) {
      parts.add(r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]");
    }
    return parts.isEmpty() ? null : String.join(".", parts);
  }

  private static void merge(
      ObjectNode into, ObjectNode from, String prefix, Path file, String text) {
    Iterator<Map.Entry<String, JsonNode>> it = from.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      JsonNode current = into.get(e.getKey());
      if (current == null) {
        throw new InputException(
            file,
            lineOf(text, e.getKey()),
            key,
            "unknown config key; known keys here: " + known(into));
      }
      if (current.isObject() && e.getValue().isObject()) {
        merge((ObjectNode) current, (ObjectNode) e.getValue(), key + ".", file, text);
      } else {
        into.set(e.getKey(), e.getValue());
      }
    }
  }

  private static void applyOverride(ObjectNode tree, String key, String raw) {
    String[] parts = key.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length; i++) {
      JsonNode child = node.get(parts[i]);
      if (child == null) {
        throw new InputException(
            "--set", 0, key, "unknown config key; known keys here: " + known(node), null);
      }
      if (i == parts.length - 1) {
        node.set(parts[i], parseValue(child, raw, key));
      } else if (child.isObject()) {
        node = (ObjectNode) child;
      } else {
        throw new InputException(
            "--set", 0, key, "'" + parts[i] + "' is a value, not a section", null);
      }
    }
  }

  private static JsonNode parseValue(JsonNode current, String raw, String key) {
    if (current.isTextual() || current.isNull()) {
      if (raw.startsWith("\"") || current.isNull()) {
        try {
          return Json.mapper().readTree(raw);
        } catch (JsonProcessingException e) {
          return TextNode.valueOf(raw);
        }
      }
      return TextNode.valueOf(raw);
    }
    try {
      return Json.mapper().readTree(raw);
    } catch (JsonProcessingException e) {
      throw new InputException(
          "--set",
          0,
          key,
          "cannot parse '" + raw + "' as " + current.getNodeType().name().toLowerCase(),
          null);
    }
  }

  private static String known(ObjectNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }

  private static long lineOf(String text, String key) {
    int at = text.indexOf('"' + key + '"');
    if (at < 0) {
      return 0;
    }
    long line = 1;
    for (int i = 0; i < at; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
