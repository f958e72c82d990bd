package dev.hisam.data;

import java.nio.file.Path;

/**
 * What items are, indexed by ItemId. Any entry may be missing: {@code text[i] == null}, {@code
 * attributes[i].length == 0}, {@code images[i] == null}.
 *
 * @param text one text per item (e.g. "title | genres"), or null
 * @param attributes categorical attribute ids per item (dataset-local numbering)
 * @param images path of the item's image file, or null
 */
public record ItemContent(String[] text, int[][] attributes, Path[] images) {}
