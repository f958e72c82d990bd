package dev.hisam.encode.attributes;

/**
 * Configuration of {@link AttributeEncoder}.
 *
 * @param dim output dimension
 * @param density probability that one projection entry is non-zero (Achlioptas/Li sparse random
 *     projection: entries are {@code ±1/sqrt(density)} with probability {@code density/2} each)
 * @param seed seed of the projection
 */
public record AttributeEncoderConfig(int dim, double density, long seed) {
  public static final AttributeEncoderConfig DEFAULT = new AttributeEncoderConfig(256, 1.0 / 3, 42);

  public AttributeEncoderConfig {
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be >= 1");
    }
    if (!(density > 0 && density <= 1)) {
      throw new IllegalArgumentException("density must be in (0, 1]");
    }
  }
}
