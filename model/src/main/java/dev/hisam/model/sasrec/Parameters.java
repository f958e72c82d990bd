package dev.hisam.model.sasrec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.hisam.core.nd.NdOps;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The trainable tensors of a network, in creation order, each with a stable name. Owns the native
 * memory of the tensors; also reads and writes them in a small versioned binary format.
 */
public final class Parameters implements AutoCloseable {
  /** Magic bytes opening every weights file: "HSPARAM" + NUL. */
  static final long MAGIC = 0x48535041_52414D00L;

  /** Version of the weights file layout. */
  public static final int FORMAT_VERSION = 1;

  /**
   * One named tensor.
   *
   * @param decay whether decoupled weight decay applies (linear weight matrices only)
   */
  public record Parameter(String name, NDArray array, boolean decay) {}

  private final NDManager manager;
  private final List<Parameter> list = new ArrayList<>();

  public Parameters(NDManager manager) {
    this.manager = manager;
  }

  public NDManager manager() {
    return manager;
  }

  /** A new tensor of normal(0, std) values drawn from {@code random} (row-major order). */
  public NDArray normal(
      String name, Shape shape, double std, SplittableRandom random, boolean decay) {
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return add(name, NdOps.owned(manager, values, shape), decay);
  }

  /** A new tensor filled with {@code value}. */
  public NDArray constant(String name, Shape shape, float value) {
    return add(name, manager.full(shape, value, DataType.FLOAT32), false);
  }

  /** Registers an existing tensor (owned by this manager) under a new, unique name. */
  public NDArray add(String name, NDArray array, boolean decay) {
    for (Parameter p : list) {
      if (p.name().equals(name)) {
        throw new IllegalArgumentException("duplicate parameter " + name);
      }
    }
    array.setName(name);
    list.add(new Parameter(name, array, decay));
    return array;
  }

  public List<Parameter> all() {
    return Collections.unmodifiableList(list);
  }

  /** The tensor called {@code name}. */
  public NDArray get(String name) {
    for (Parameter p : list) {
      if (p.name().equals(name)) {
        return p.array();
      }
    }
    throw new IllegalArgumentException("no parameter " + name);
  }

  /** Total number of scalars. */
  public long size() {
    long n = 0;
    for (Parameter p : list) {
      n += p.array().size();
    }
    return n;
  }

  /** Marks every tensor as trainable (gradients are recorded inside a gradient collector). */
  public void attachGradients() {
    for (Parameter p : list) {
      p.array().setRequiresGradient(true);
    }
  }

  /** A copy of every tensor's values, in order (e.g. to keep the best weights seen so far). */
  public float[][] snapshot() {
    float[][] out = new float[list.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i).array().toFloatArray();
    }
    return out;
  }

  /** Overwrites every tensor in place with values from {@link #snapshot()}. */
  public void restore(float[][] values) {
    if (values.length != list.size()) {
      throw new IllegalArgumentException(
          "snapshot has " + values.length + " tensors, expected " + list.size());
    }
    for (int i = 0; i < values.length; i++) {
      NDArray a = list.get(i).array();
      if (values[i].length != a.size()) {
        throw new IllegalArgumentException("snapshot size mismatch for " + list.get(i).name());
      }
      a.set(values[i]);
    }
  }

  /** Writes magic, format version, then per tensor: name, rank, dims, little-endian floats. */
  public void write(DataOutputStream out) throws IOException {
    out.writeLong(MAGIC);
    out.writeInt(FORMAT_VERSION);
    out.writeInt(list.size());
    for (Parameter p : list) {
      out.writeUTF(p.name());
      long[] dims = p.array().getShape().getShape();
      out.writeInt(dims.length);
      for (long d : dims) {
        out.writeLong(d);
      }
      float[] values = p.array().toFloatArray();
      ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().put(values);
      out.write(buf.array());
    }
  }

  /**
   * Reads a file written by {@link #write} into these (already created) tensors; names and shapes
   * must match exactly.
   */
  public void read(DataInputStream in) throws IOException {
    if (in.readLong() != MAGIC) {
      throw new IOException("not a Hi-SAM weights file (bad magic)");
    }
    int version = in.readInt();
    if (version != FORMAT_VERSION) {
      throw new IOException(
          "weights format version " + version + ", this build reads " + FORMAT_VERSION);
    }
    int count = in.readInt();
    if (count != list.size()) {
      throw new IOException("weights file has " + count + " tensors, expected " + list.size());
    }
    for (Parameter p : list) {
      String name = in.readUTF();
      if (!name.equals(p.name())) {
        throw new IOException("expected tensor " + p.name() + ", found " + name);
      }
      long[] dims = new long[in.readInt()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = in.readLong();
      }
      if (!new Shape(dims).equals(p.array().getShape())) {
        throw new IOException(
            name + ": shape " + new Shape(dims) + " in file, expected " + p.array().getShape());
      }
      byte[] bytes = new byte[Math.toIntExact(p.array().size() * 4)];
      in.readFully(bytes);
      float[] values = new float[bytes.length / 4];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      p.array().set(values);
    }
    if (in.read() != -1) {
      throw new IOException("trailing bytes after the last tensor");
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
