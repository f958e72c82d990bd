package dev.hisam.hmat;

import dev.hisam.core.Json;
import dev.hisam.model.sasrec.Parameters;
import dev.hisam.tokenizer.SemanticIdTable;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of a saved HMAT-family model, next-item or CTR: {@code model.json} (what the model says
 * about itself), {@code sids.bin} (its semantic-ID table) and {@code weights.bin}.
 */
final class ModelFiles {
  private ModelFiles() {}

  /** Writes the three files into an existing (empty) directory. */
  static void write(Path dir, Object info, SidVocabulary vocab, Parameters params)
      throws IOException {
    Files.writeString(dir.resolve(HmatModel.INFO_FILE), Json.mapper().writeValueAsString(info));
    Files.write(dir.resolve(HmatModel.SID_FILE), vocab.table().toBytes());
    try (DataOutputStream out =
        new DataOutputStream(
            new BufferedOutputStream(Files.newOutputStream(dir.resolve(HmatModel.WEIGHTS_FILE))))) {
      params.write(out);
    }
  }

  static <T> T readInfo(Path dir, Class<T> type) throws IOException {
    com.fasterxml.jackson.databind.JsonNode tree =
        Json.mapper().readTree(Files.readString(dir.resolve(HmatModel.INFO_FILE)));
    upgrade(tree);
    return Json.mapper().treeToValue(tree, type);
  }

  /** Settings added after a model was saved get the value that reproduces it. */
  private static void upgrade(com.fasterxml.jackson.databind.JsonNode node) {
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o
        && o.has("candidatesPerUser")) {
      if (!o.has("candidateSkip")) {
        o.put("candidateSkip", false);
      }
      if (!o.has("itemIds")) {
        o.put("itemIds", false);
      }
      if (!o.has("contentHead")) {
        o.put("contentHead", false);
      }
      if (!o.has("historyItemIds")) {
        o.put("historyItemIds", false);
      }
      if (!o.has("historyPool")) {
        o.put("historyPool", false);
      }
      if (!o.has("emaDecay")) {
        o.put("emaDecay", 0.0);
      }
      if (!o.has("userFeedback")) {
        o.put("userFeedback", false);
      }
      if (!o.has("feedbackInHead")) {
        o.put("feedbackInHead", false);
      }
    }
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o
        && o.has("beamWidth")
        && o.has("batchSize")
        && !o.has("windowStride")) {
      o.put("windowStride", 0); // HMAT training config: the last window of each sequence only
    }
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o
        && o.has("beamWidth")
        && o.has("batchSize")
        && !o.has("distill")) {
      o.putObject("distill").put("weight", 0.0).put("temperature", 1.0); // trained without one
    }
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o
        && o.has("itemRotaryFraction")
        && !o.has("anchorContent")) {
      o.put("anchorContent", false);
    }
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o
        && o.has("itemRotaryFraction")
        && !o.has("historyItemIds")) {
      o.put("historyItemIds", false);
    }
    node.forEach(ModelFiles::upgrade);
  }

  static SidVocabulary readVocabulary(Path dir) throws IOException {
    Path sids = dir.resolve(HmatModel.SID_FILE);
    return new SidVocabulary(SemanticIdTable.fromBytes(Files.readAllBytes(sids), sids));
  }

  /** Reads the weights into {@code params}; closes {@code owner} when that fails. */
  static void readWeights(Path dir, Parameters params, AutoCloseable owner) throws IOException {
    try (DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(Files.newInputStream(dir.resolve(HmatModel.WEIGHTS_FILE))))) {
      params.read(in);
    } catch (IOException | RuntimeException e) {
      try {
        owner.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
