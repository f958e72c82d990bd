package dev.hisam.encode;

/**
 * An item whose input could not be encoded (a missing or corrupt image, ...); the item goes on
 * without that modality.
 *
 * @param itemId dense ItemId
 * @param source what was read (e.g. the image file name)
 * @param message what went wrong
 */
public record EncodeProblem(int itemId, String source, String message) {
  @Override
  public String toString() {
    return "item " + itemId + " (" + source + "): " + message;
  }
}
