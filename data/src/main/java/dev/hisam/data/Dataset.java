package dev.hisam.data;

import java.util.List;
import java.util.Map;

/**
 * One dataset, normalised.
 *
 * @param name e.g. "beauty"
 * @param catalog all items (ItemId = index)
 * @param userKeys source user ids; user index = position
 * @param sequences per user, chronological ItemIds (positive interactions; k-core filtered)
 * @param sequenceTimes per user, unix seconds of each sequence entry, or null when the source has
 *     only order
 * @param ratings explicit labelled interactions (movielens val/test periods), or null
 * @param content item text / attributes / images
 * @param inputHashes source file name (relative to the data root) to SHA-256
 */
public record Dataset(
    String name,
    Catalog catalog,
    List<String> userKeys,
    int[][] sequences,
    long[][] sequenceTimes,
    Ratings ratings,
    ItemContent content,
    Map<String, String> inputHashes) {}
