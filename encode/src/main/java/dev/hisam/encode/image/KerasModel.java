package dev.hisam.encode.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hisam.core.Hashing;
import dev.hisam.core.InputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Keras functional model in the TF.js layers format: {@code model.json} ({@code modelTopology} +
 * {@code weightsManifest}) and the binary weight shards beside it. Quantized weights are
 * dequantized as {@code min + scale·q} (uint8 or uint16); plain float32 weights are read as they
 * are. Immutable once loaded.
 */
public final class KerasModel {
  private final List<KerasLayer> layers;
  private final Map<String, WeightTensor> weights;
  private final String digest;

  public KerasModel(List<KerasLayer> layers, Map<String, WeightTensor> weights, String digest) {
    this.layers = List.copyOf(layers);
    this.weights = Map.copyOf(weights);
    this.digest = digest;
  }

  /** Layers in file order (a topological order for Keras exports). */
  public List<KerasLayer> layers() {
    return layers;
  }

  /** The weight named {@code layer/variable} (e.g. "Conv1/kernel"), if present. */
  public Optional<WeightTensor> weight(String layer, String variable) {
    return Optional.ofNullable(weights.get(layer + "/" + variable));
  }

  WeightTensor require(String layer, String variable) {
    return weight(layer, variable)
        .orElseThrow(
            () -> new IllegalArgumentException("missing weight " + layer + "/" + variable));
  }

  /** SHA-256 of model.json and every shard, for provenance and cache keys. */
  public String digest() {
    return digest;
  }

  /** Loads {@code dir/model.json} and the shards it names. */
  public static KerasModel load(Path dir) {
    Path json = dir.resolve("model.json");
    if (!Files.isRegularFile(json)) {
      throw InputException.ofFile(
          json, "image model not found (run scripts/fetch-image-model.sh to install it)");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json.toFile());
    } catch (IOException e) {
      throw new InputException(json.toString(), 0, null, "not valid JSON: " + e.getMessage(), e);
    }
    StringBuilder digests = new StringBuilder(Hashing.sha256(json));
    JsonNode topology = root.path("modelTopology");
    JsonNode modelConfig = topology.has("model_config") ? topology.get("model_config") : topology;
    JsonNode layerNodes = modelConfig.path("config").path("layers");
    if (!layerNodes.isArray()) {
      throw new InputException(json, 0, "modelTopology.model_config.config.layers", "missing");
    }
    List<KerasLayer> layers = parseLayers(layerNodes);
    Map<String, WeightTensor> weights = new HashMap<>();
    JsonNode manifest = root.path("weightsManifest");
    if (!manifest.isArray()) {
      throw new InputException(json, 0, "weightsManifest", "missing");
    }
    for (JsonNode group : manifest) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (JsonNode p : group.path("paths")) {
        Path shard = dir.resolve(p.asText());
        try {
          bytes.write(Files.readAllBytes(shard));
        } catch (IOException e) {
          throw new InputException(shard.toString(), 0, null, "cannot read weight shard", e);
        }
        digests.append(Hashing.sha256(shard));
      }
      readGroup(json, group.path("weights"), bytes.toByteArray(), weights);
    }
    return new KerasModel(
        layers,
        weights,
        Hashing.sha256(digests.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Parses a Keras layer list (the {@code config.layers} array of a functional model). */
  public static List<KerasLayer> parseLayers(JsonNode layerNodes) {
    List<KerasLayer> layers = new ArrayList<>();
    for (JsonNode l : layerNodes) {
      List<String> inputs = new ArrayList<>();
      JsonNode nodes = l.path("inbound_nodes");
      if (nodes.size() > 1) {
        throw new IllegalArgumentException(
            "layer " + l.path("name").asText() + " is shared; not supported");
      }
      for (JsonNode node : nodes) {
        for (JsonNode in : node) {
          inputs.add(in.get(0).asText());
        }
      }
      layers.add(
          new KerasLayer(
              l.path("name").asText(), l.path("class_name").asText(), l.path("config"), inputs));
    }
    return layers;
  }

  private static void readGroup(
      Path json, JsonNode specs, byte[] data, Map<String, WeightTensor> out) {
    ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    for (JsonNode spec : specs) {
      String name = spec.path("name").asText();
      JsonNode shapeNode = spec.path("shape");
      int[] shape = new int[shapeNode.size()];
      int n = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeNode.get(i).asInt();
        n *= shape[i];
      }
      float[] values = new float[n];
      JsonNode q = spec.get("quantization");
      try {
        if (q != null) {
          double min = q.path("min").asDouble();
          double scale = q.path("scale").asDouble();
          String qtype = q.path("dtype").asText();
          for (int i = 0; i < n; i++) {
            int code =
                switch (qtype) {
                  case "uint8" -> buf.get() & 0xff;
                  case "uint16" -> buf.getShort() & 0xffff;
                  default ->
                      throw new InputException(
                          json,
                          0,
                          "weightsManifest." + name + ".quantization.dtype",
                          "unsupported: " + qtype);
                };
            values[i] = (float) (min + scale * code);
          }
        } else if ("float32".equals(spec.path("dtype").asText())) {
          for (int i = 0; i < n; i++) {
            values[i] = buf.getFloat();
          }
        } else {
          throw new InputException(
              json, 0, "weightsManifest." + name + ".dtype", "unsupported: " + spec.path("dtype"));
        }
      } catch (java.nio.BufferUnderflowException e) {
        throw new InputException(json, 0, "weightsManifest." + name, "weight shards too short");
      }
      out.put(name, new WeightTensor(shape, values));
    }
    if (buf.hasRemaining()) {
      throw new InputException(
          json, 0, "weightsManifest", buf.remaining() + " bytes left over in the weight shards");
    }
  }
}
