package dev.hisam.encode.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One layer of a Keras functional model.
 *
 * @param name unique layer name
 * @param className Keras class ("Conv2D", "BatchNormalization", ...)
 * @param config the layer's Keras config object
 * @param inputs names of the layers feeding it, in order
 */
public record KerasLayer(String name, String className, JsonNode config, List<String> inputs) {
  public KerasLayer {
    inputs = List.copyOf(inputs);
  }

  int[] intPair(String field) {
    JsonNode n = config.get(field);
    if (n == null || !n.isArray() || n.size() != 2) {
      throw new IllegalArgumentException(name + ": expected a pair in '" + field + "'");
    }
    return new int[] {n.get(0).asInt(), n.get(1).asInt()};
  }

  String text(String field, String fallback) {
    JsonNode n = config.get(field);
    return n == null || n.isNull() ? fallback : n.asText();
  }
}
