package dev.hisam.encode.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hisam.core.InputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasModelTest {
  private static final String MODEL =
      """
      {"modelTopology":{"model_config":{"class_name":"Model","config":{"layers":[
        {"name":"in","class_name":"InputLayer","config":{},"inbound_nodes":[]},
        {"name":"d","class_name":"Dense","config":{"units":2,"use_bias":true},
         "inbound_nodes":[[["in",0,0,{}]]]}]}}},
       "weightsManifest":[{"paths":["shard1","shard2"],"weights":[
        {"name":"d/kernel","shape":[2,2],"dtype":"float32",
         "quantization":{"min":-1.0,"scale":0.5,"dtype":"uint8"}},
        {"name":"d/bias","shape":[2],"dtype":"float32"}]}]}
      """;

  @Test
  void dequantizesUint8AsMinPlusScaleTimesCodeAndReadsFloat32(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("model.json"), MODEL);
    // kernel codes 0, 2, 4, 255 -> -1 + 0.5*q = -1, 0, 1, 126.5; split across the two shards
    Files.write(dir.resolve("shard1"), new byte[] {0, 2, 4});
    ByteBuffer rest = ByteBuffer.allocate(1 + 8).order(ByteOrder.LITTLE_ENDIAN);
    rest.put((byte) 255).putFloat(0.25f).putFloat(-3f);
    Files.write(dir.resolve("shard2"), rest.array());
    KerasModel model = KerasModel.load(dir);
    assertEquals(2, model.layers().size());
    assertEquals("in", model.layers().get(1).inputs().get(0));
    assertArrayEquals(
        new float[] {-1f, 0f, 1f, 126.5f}, model.weight("d", "kernel").orElseThrow().data());
    assertArrayEquals(new float[] {0.25f, -3f}, model.weight("d", "bias").orElseThrow().data());
  }

  @Test
  void shortShardIsAnInputError(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("model.json"), MODEL);
    Files.write(dir.resolve("shard1"), new byte[] {0, 2, 4});
    Files.write(dir.resolve("shard2"), new byte[] {1});
    InputException e = assertThrows(InputException.class, () -> KerasModel.load(dir));
    assertEquals("weightsManifest.d/bias", e.field());
  }

  @Test
  void missingModelNamesTheSetupScript(@TempDir Path dir) {
    InputException e = assertThrows(InputException.class, () -> KerasModel.load(dir));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("fetch-image-model.sh"));
  }
}
