package dev.hisam.encode.text;

/**
 * Configuration of {@link TextEncoder}.
 *
 * @param template text fed to the model; {@code {text}} is replaced by the item's text and {@code
 *     {key}} by its ItemKey (default {@code "{text}"})
 * @param batchSize items per call to the model (progress is reported per batch)
 * @param threads worker threads of the ONNX encoder (each embeds one text at a time)
 */
public record TextEncoderConfig(String template, int batchSize, int threads) {
  public static final TextEncoderConfig DEFAULT = new TextEncoderConfig("{text}", 64, 2);

  public TextEncoderConfig {
    if (template == null || !template.contains("{text}")) {
      throw new IllegalArgumentException("template must contain {text}: " + template);
    }
    if (batchSize < 1 || threads < 1) {
      throw new IllegalArgumentException("batchSize and threads must be >= 1");
    }
  }

  /** The model input for one item. */
  public String render(String key, String text) {
    return template.replace("{key}", key).replace("{text}", text);
  }
}
