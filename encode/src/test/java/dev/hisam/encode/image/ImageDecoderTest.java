package dev.hisam.encode.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

  @Test
  void alignedCornerBilinearOnHandWorkedPixels() {
    // 2x2 image, red channel 0, 255 / 255, 0 (green = blue = 0) resized to 3x3 with aligned
    // corners: corners keep their values, the centre is the mean of all four = 127.5/255 = 0.5,
    // the top edge middle is (0 + 255)/2 / 255 = 0.5.
    int[] argb = {0xff000000, 0xffff0000, 0xffff0000, 0xff000000};
    float[] out = ImageDecoder.resizeBilinear(argb, 2, 2, 3);
    float[] red = new float[9];
    for (int i = 0; i < 9; i++) {
      red[i] = out[i * 3];
      assertEquals(0f, out[i * 3 + 1]);
    }
    assertArrayEquals(new float[] {0, 0.5f, 1, 0.5f, 0.5f, 0.5f, 1, 0.5f, 0}, red, 1e-6f);
  }

  @Test
  void decodesByContentNotByName(@TempDir Path dir) throws Exception {
    BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0x00ff00);
    Path png = dir.resolve("poster.jpg"); // a PNG under a .jpg name, as in movielens
    ImageIO.write(img, "png", png.toFile());
    float[] out = ImageDecoder.read(png, 8);
    assertEquals(8 * 8 * 3, out.length);
    assertEquals(1f, out[1]); // top-left pixel is pure green
    assertEquals(0f, out[0]);
  }

  @Test
  void corruptAndMissingFilesAreReported(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.jpg");
    Files.write(bad, new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
    ImageDecoder.DecodeException e =
        assertThrows(ImageDecoder.DecodeException.class, () -> ImageDecoder.read(bad, 8));
    assertTrue(e.getMessage().length() > 0);
    assertThrows(
        ImageDecoder.DecodeException.class, () -> ImageDecoder.read(dir.resolve("none.jpg"), 8));
  }
}
