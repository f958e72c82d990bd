package dev.hisam.encode.imported;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hisam.core.InputException;
import dev.hisam.data.Catalog;
import dev.hisam.encode.ItemEmbeddings;
import dev.hisam.encode.Modality;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingFilesTest {
  private final Catalog catalog = new Catalog(List.of("a", "b", "c"));

  /** Writes a version-1 .npy exactly as numpy.save does (header padded to 64 bytes). */
  static byte[] npy(String descr, boolean fortran, int rows, int cols, float[] values) {
    String dict =
        "{'descr': '"
            + descr
            + "', 'fortran_order': "
            + (fortran ? "True" : "False")
            + ", 'shape': ("
            + rows
            + ", "
            + cols
            + "), }";
    int total = 10 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x93);
    out.writeBytes("NUMPY".getBytes(StandardCharsets.ISO_8859_1));
    out.write(1);
    out.write(0);
    out.write(header.length() & 0xff);
    out.write(header.length() >> 8);
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    out.writeBytes(b.array());
    return out.toByteArray();
  }

  @Test
  void readsNpyWithKeysInCatalogueOrder(@TempDir Path dir) throws Exception {
    Path npy = dir.resolve("e.npy");
    Files.write(npy, npy("<f4", false, 2, 3, new float[] {1, 2, 3, 4, 5, 6}));
    Path keys = dir.resolve("keys.txt");
    Files.writeString(keys, "c\na\n");
    ItemEmbeddings e = EmbeddingFiles.readNpy(npy, keys, catalog, false, "clip");
    assertEquals(Modality.IMPORTED, e.modality());
    assertEquals(3, e.dim());
    assertArrayEquals(new float[] {4, 5, 6}, e.vectors()[0]);
    assertNull(e.vectors()[1]);
    assertArrayEquals(new float[] {1, 2, 3}, e.vectors()[2]);
  }

  @Test
  void fortranOrderIsTransposedBack(@TempDir Path dir) throws Exception {
    // logical [[1, 2, 3], [4, 5, 6]] stored column-major: 1 4 2 5 3 6
    Path npy = dir.resolve("f.npy");
    Files.write(npy, npy("<f4", true, 2, 3, new float[] {1, 4, 2, 5, 3, 6}));
    EmbeddingFiles.Matrix m = EmbeddingFiles.readNpy(npy);
    assertArrayEquals(new float[] {4, 5, 6}, m.data()[1]);
  }

  @Test
  void npyFaultsNameTheField(@TempDir Path dir) throws Exception {
    Path npy = dir.resolve("bad.npy");
    Files.write(npy, npy("<i8", false, 1, 1, new float[] {0, 0}));
    assertEquals(
        "descr", assertThrows(InputException.class, () -> EmbeddingFiles.readNpy(npy)).field());
    Files.write(npy, npy("<f4", false, 2, 2, new float[] {1, 2, 3}));
    assertEquals(
        "shape", assertThrows(InputException.class, () -> EmbeddingFiles.readNpy(npy)).field());
    Path keys = dir.resolve("k.txt");
    Files.write(npy, npy("<f4", false, 2, 1, new float[] {1, 2}));
    Files.writeString(keys, "a\nzzz\n");
    InputException e =
        assertThrows(
            InputException.class, () -> EmbeddingFiles.readNpy(npy, keys, catalog, false, "x"));
    assertEquals(2, e.line());
    assertEquals("key", e.field());
    assertEquals(1, EmbeddingFiles.readNpy(npy, keys, catalog, true, "x").presentCount());
  }

  @Test
  void readsCsvAndReportsLineAndField(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("e.csv");
    Files.writeString(csv, "key,v1,v2\nb,0.5,-1\n\na,1e-3,2\n");
    ItemEmbeddings e = EmbeddingFiles.readCsv(csv, catalog, false, "user");
    assertArrayEquals(new float[] {0.001f, 2f}, e.vectors()[0]);
    assertArrayEquals(new float[] {0.5f, -1f}, e.vectors()[1]);
    assertNull(e.vectors()[2]);

    Files.writeString(csv, "a,1,2\nb,1,x\n");
    InputException bad =
        assertThrows(InputException.class, () -> EmbeddingFiles.readCsv(csv, catalog, false, "u"));
    assertEquals(2, bad.line());
    assertEquals("v2", bad.field());

    Files.writeString(csv, "a,1,2\nb,1\n");
    assertEquals(
        2,
        assertThrows(InputException.class, () -> EmbeddingFiles.readCsv(csv, catalog, false, "u"))
            .line());

    Files.writeString(csv, "a,1\na,2\n");
    InputException dup =
        assertThrows(InputException.class, () -> EmbeddingFiles.readCsv(csv, catalog, false, "u"));
    assertEquals("key", dup.field());

    Files.writeString(csv, "a,NaN\n");
    assertEquals(
        "v1",
        assertThrows(InputException.class, () -> EmbeddingFiles.readCsv(csv, catalog, false, "u"))
            .field());
  }
}
