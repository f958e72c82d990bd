package dev.hisam.encode.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes an image file by its content (javax.imageio sniffs the format, so a PNG named .jpg is
 * fine) and resizes it to a square RGB float image, channels-last, values in [0, 1] — what the
 * nsfwjs MobileNetV2 was trained on (nsfwjs divides by 255 and resizes bilinearly with aligned
 * corners; it does not use Keras' [-1, 1] MobileNetV2 preprocessing).
 */
public final class ImageDecoder {
  private ImageDecoder() {}

  /** Why an image could not be decoded. */
  public static final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DecodeException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Reads {@code file} and returns {@code [size, size, 3]} RGB in [0, 1], row-major. */
  public static float[] read(Path file, int size) throws DecodeException {
    if (!Files.isRegularFile(file)) {
      throw new DecodeException("file not found", null);
    }
    BufferedImage img;
    try (InputStream in = Files.newInputStream(file)) {
      img = ImageIO.read(in);
    } catch (IOException | RuntimeException e) {
      throw new DecodeException("cannot decode image: " + e.getMessage(), e);
    }
    if (img == null) {
      throw new DecodeException("not a readable image (unknown or unsupported format)", null);
    }
    if (img.getWidth() < 1 || img.getHeight() < 1) {
      throw new DecodeException("empty image", null);
    }
    int w = img.getWidth();
    int h = img.getHeight();
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    return resizeBilinear(argb, w, h, size);
  }

  /**
   * Bilinear resize with aligned corners (TF's {@code resizeBilinear(..., alignCorners=true)}):
   * output pixel {@code y} samples source row {@code y·(h-1)/(size-1)}. Returns {@code [size, size,
   * 3]} in [0, 1].
   */
  static float[] resizeBilinear(int[] argb, int w, int h, int size) {
    float[] out = new float[size * size * 3];
    double sy = size > 1 ? (double) (h - 1) / (size - 1) : 0;
    double sx = size > 1 ? (double) (w - 1) / (size - 1) : 0;
    for (int y = 0; y < size; y++) {
      double fy = y * sy;
      int y0 = (int) Math.floor(fy);
      int y1 = Math.min(y0 + 1, h - 1);
      double dy = fy - y0;
      for (int x = 0; x < size; x++) {
        double fx = x * sx;
        int x0 = (int) Math.floor(fx);
        int x1 = Math.min(x0 + 1, w - 1);
        double dx = fx - x0;
        int p00 = argb[y0 * w + x0];
        int p01 = argb[y0 * w + x1];
        int p10 = argb[y1 * w + x0];
        int p11 = argb[y1 * w + x1];
        int o = (y * size + x) * 3;
        for (int c = 0; c < 3; c++) {
          int shift = 16 - 8 * c; // R, G, B
          double top = ((p00 >> shift) & 0xff) * (1 - dx) + ((p01 >> shift) & 0xff) * dx;
          double bottom = ((p10 >> shift) & 0xff) * (1 - dx) + ((p11 >> shift) & 0xff) * dx;
          out[o + c] = (float) ((top * (1 - dy) + bottom * dy) / 255.0);
        }
      }
    }
    return out;
  }
}
