package dev.hisam.train;

/**
 * Test support shared by the modules that save models (SASRec here, HMAT and CTR in hmat, through
 * this module's test jar): the saved-format guard that every key added to a model.json since its
 * first format may be missing from an older file.
 */
public final class SavedFormats {
  private SavedFormats() {}

  /**
   * The model.json trees of earlier formats: for each key of {@code tree} not in the first format
   * (training config keys outside {@code firstTrain}, network config keys outside {@code
   * firstModel}), the tree without that key ({@code "train:<key>"} or {@code "model:<key>"}; a
   * network key is dropped from every network config).
   */
  public static java.util.Map<String, com.fasterxml.jackson.databind.node.ObjectNode> olderFormats(
      com.fasterxml.jackson.databind.node.ObjectNode tree,
      java.util.Set<String> firstTrain,
      java.util.Set<String> firstModel) {
    java.util.Map<String, com.fasterxml.jackson.databind.node.ObjectNode> older =
        new java.util.LinkedHashMap<>();
    tree.at("/provenance/trainConfig")
        .fieldNames()
        .forEachRemaining(
            k -> {
              if (!firstTrain.contains(k)) {
                var old = tree.deepCopy();
                ((com.fasterxml.jackson.databind.node.ObjectNode) old.at("/provenance/trainConfig"))
                    .remove(k);
                older.put("train:" + k, old);
              }
            });
    tree.get("config")
        .fieldNames()
        .forEachRemaining(
            k -> {
              if (!firstModel.contains(k)) {
                var old = tree.deepCopy();
                ((com.fasterxml.jackson.databind.node.ObjectNode) old.get("config")).remove(k);
                ((com.fasterxml.jackson.databind.node.ObjectNode)
                        old.at("/provenance/trainConfig/model"))
                    .remove(k);
                older.put("model:" + k, old);
              }
            });
    return older;
  }
}
