package dev.hisam.hmat;

import dev.hisam.core.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything a training run needs to continue after its last finished epoch: the config it was made
 * with, counters, weights, AdamW moments and the best weights so far. Written atomically after
 * every epoch, so an interrupted run resumes from its last complete epoch.
 *
 * @param config the training config as JSON (a resume with another config is refused)
 * @param epoch epochs finished
 * @param globalStep optimizer steps taken (the learning-rate schedule's position)
 * @param bestValue best validation value so far (-Infinity when never validated)
 * @param bestEpoch epoch of {@code best}
 * @param sinceBest epochs since the best validation (early stopping)
 * @param weights every parameter tensor, in order
 * @param moments AdamW's first then second moments
 * @param best the best weights so far, or null
 */
record HmatCheckpoint(
    String config,
    int epoch,
    long globalStep,
    double bestValue,
    int bestEpoch,
    int sinceBest,
    float[][] weights,
    float[][] moments,
    float[][] best) {
  private static final long MAGIC = 0x484d4154434b5054L; // "HMATCKPT"
  private static final int VERSION = 1;

  void write(Path file) {
    AtomicFiles.writeFile(
        file,
        tmp -> {
          try (DataOutputStream out =
              new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            byte[] c = config.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(c.length);
            out.write(c);
            out.writeInt(epoch);
            out.writeLong(globalStep);
            out.writeDouble(bestValue);
            out.writeInt(bestEpoch);
            out.writeInt(sinceBest);
            writeArrays(out, weights);
            writeArrays(out, moments);
            out.writeBoolean(best != null);
            if (best != null) {
              writeArrays(out, best);
            }
          }
        });
  }

  static HmatCheckpoint read(Path file) {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readLong() != MAGIC || in.readInt() != VERSION) {
        throw new IOException("not an HMAT checkpoint of version " + VERSION);
      }
      byte[] c = new byte[in.readInt()];
      in.readFully(c);
      String config = new String(c, java.nio.charset.StandardCharsets.UTF_8);
      int epoch = in.readInt();
      long globalStep = in.readLong();
      double bestValue = in.readDouble();
      int bestEpoch = in.readInt();
      int sinceBest = in.readInt();
      float[][] weights = readArrays(in);
      float[][] moments = readArrays(in);
      float[][] best = in.readBoolean() ? readArrays(in) : null;
      return new HmatCheckpoint(
          config, epoch, globalStep, bestValue, bestEpoch, sinceBest, weights, moments, best);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + file, e);
    }
  }

  private static void writeArrays(DataOutputStream out, float[][] a) throws IOException {
    out.writeInt(a.length);
    for (float[] row : a) {
      out.writeInt(row.length);
      for (float v : row) {
        out.writeFloat(v);
      }
    }
  }

  private static float[][] readArrays(DataInputStream in) throws IOException {
    float[][] a = new float[in.readInt()][];
    for (int i = 0; i < a.length; i++) {
      a[i] = new float[in.readInt()];
      for (int j = 0; j < a[i].length; j++) {
        a[i][j] = in.readFloat();
      }
    }
    return a;
  }
}
