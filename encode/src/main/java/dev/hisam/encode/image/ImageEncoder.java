package dev.hisam.encode.image;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.hisam.core.Hashing;
import dev.hisam.data.Dataset;
import dev.hisam.encode.EncodeProblem;
import dev.hisam.encode.Encoder;
import dev.hisam.encode.InputDigest;
import dev.hisam.encode.ItemEmbeddings;
import dev.hisam.encode.Modality;
import dev.hisam.encode.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Image embeddings from the nsfwjs MobileNetV2 (Keras, uint8-quantized weights) run by {@link
 * KerasInterpreter} on PyTorch through DJL: decode by content, bilinear resize to 224×224, scale to
 * [0, 1], forward up to the requested layers, global-average pool. A missing or undecodable image
 * becomes an {@link EncodeProblem} naming the file and the item goes on without the modality.
 * Vectors are not normalised (pooled ReLU/BN features; downstream projections normalise). Holds
 * native memory: close it when done.
 */
public final class ImageEncoder implements Encoder, AutoCloseable {
  public static final String NAME = "nsfwjs-4.4.0-mobilenet_v2";

  private final ImageEncoderConfig config;
  private final KerasModel model;
  private final NDManager manager;
  private final KerasInterpreter interpreter;

  /** Loads the model from {@code config.modelDir()} (fails with InputException if absent). */
  public ImageEncoder(ImageEncoderConfig config) {
    this.config = config;
    this.model = KerasModel.load(config.modelDir());
    this.manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
    this.interpreter = new KerasInterpreter(model, manager);
  }

  /** Encoded rows for a list of files; a row is null where the file failed. */
  public record FileFeatures(Map<ImageOutput, float[][]> features, List<EncodeProblem> problems) {}

  @Override
  public Modality modality() {
    return Modality.IMAGE;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String fingerprint() {
    return fingerprint(config.output());
  }

  private String fingerprint(ImageOutput output) {
    return "weights="
        + model.digest()
        + ";output="
        + output.layer()
        + ";gap;size="
        + config.size()
        + ";bilinear-aligned;scale=1/255";
  }

  /** SHA-256 over every item's image bytes (or its absence), in ItemId order. */
  @Override
  public String inputDigest(Dataset dataset) {
    Path[] images = dataset.content().images();
    InputDigest d = new InputDigest().add(images.length);
    for (Path p : images) {
      d.add(p == null || !Files.isRegularFile(p) ? null : Hashing.sha256(p));
    }
    return d.hex();
  }

  @Override
  public ItemEmbeddings encode(Dataset dataset, Progress progress) {
    return encodeOutputs(dataset, Set.of(config.output()), progress).get(config.output());
  }

  /** Encodes every item once and returns the requested outputs (both cost one forward pass). */
  public Map<ImageOutput, ItemEmbeddings> encodeOutputs(
      Dataset dataset, Set<ImageOutput> outputs, Progress progress) {
    Path[] images = dataset.content().images();
    List<Integer> ids = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < images.length; i++) {
      if (images[i] != null) {
        ids.add(i);
        files.add(images[i]);
      }
    }
    FileFeatures ff = encodeFiles(files, outputs, progress);
    List<EncodeProblem> problems = new ArrayList<>();
    for (EncodeProblem p : ff.problems()) {
      problems.add(new EncodeProblem(ids.get(p.itemId()), p.source(), p.message()));
    }
    Map<ImageOutput, ItemEmbeddings> result = new EnumMap<>(ImageOutput.class);
    for (ImageOutput o : outputs) {
      float[][] rows = ff.features().get(o);
      float[][] vectors = new float[images.length][];
      for (int j = 0; j < ids.size(); j++) {
        vectors[ids.get(j)] = rows[j];
      }
      result.put(
          o, new ItemEmbeddings(Modality.IMAGE, o.dim(), vectors, NAME, fingerprint(o), problems));
    }
    return result;
  }

  /**
   * Encodes files in batches; {@code features.get(o)[j]} belongs to {@code files.get(j)}, null when
   * it failed (then a problem with {@code itemId = j} names the file).
   */
  public FileFeatures encodeFiles(List<Path> files, Set<ImageOutput> outputs, Progress progress) {
    List<ImageOutput> order = new ArrayList<>(outputs);
    Map<ImageOutput, float[][]> features = new EnumMap<>(ImageOutput.class);
    for (ImageOutput o : order) {
      features.put(o, new float[files.size()][]);
    }
    List<EncodeProblem> problems = new ArrayList<>();
    int size = config.size();
    int pixels = size * size * 3;
    for (int start = 0; start < files.size(); start += config.batchSize()) {
      int end = Math.min(files.size(), start + config.batchSize());
      List<Integer> ok = new ArrayList<>();
      float[] batch = new float[(end - start) * pixels];
      for (int j = start; j < end; j++) {
        try {
          float[] img = ImageDecoder.read(files.get(j), size);
          System.arraycopy(img, 0, batch, ok.size() * pixels, pixels);
          ok.add(j);
        } catch (ImageDecoder.DecodeException e) {
          problems.add(
              new EncodeProblem(j, String.valueOf(files.get(j).getFileName()), e.getMessage()));
        }
      }
      if (!ok.isEmpty()) {
        float[] data =
            ok.size() * pixels == batch.length ? batch : Arrays.copyOf(batch, ok.size() * pixels);
        Map<ImageOutput, float[][]> rows = features(data, ok.size(), order);
        for (ImageOutput o : order) {
          for (int b = 0; b < ok.size(); b++) {
            features.get(o)[ok.get(b)] = rows.get(o)[b];
          }
        }
      }
      progress.update(end, files.size());
    }
    return new FileFeatures(features, problems);
  }

  /**
   * Pooled features of preprocessed images: {@code pixels} is {@code [n, size, size, 3]} in [0, 1]
   * (channels-last, as {@link ImageDecoder#read} returns); the result maps each output to {@code
   * [n][dim]}.
   */
  public Map<ImageOutput, float[][]> features(
      float[] pixels, int n, java.util.Collection<ImageOutput> outputs) {
    List<ImageOutput> order = new ArrayList<>(outputs);
    int size = config.size();
    Map<ImageOutput, float[][]> result = new EnumMap<>(ImageOutput.class);
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.create(pixels, new Shape(n, size, size, 3)); // [B, H, W, 3]
      NDList outs = interpreter.forward(x, order.stream().map(ImageOutput::layer).toList());
      for (int k = 0; k < order.size(); k++) {
        NDArray pooled = KerasInterpreter.globalAverage(outs.get(k)); // [B, C]
        int dim = order.get(k).dim();
        float[] flat = pooled.toFloatArray();
        if (flat.length != n * dim) {
          throw new IllegalStateException(
              order.get(k).layer() + " has " + flat.length / n + " channels, expected " + dim);
        }
        float[][] rows = new float[n][];
        for (int b = 0; b < n; b++) {
          rows[b] = Arrays.copyOfRange(flat, b * dim, (b + 1) * dim);
        }
        result.put(order.get(k), rows);
      }
    }
    return result;
  }

  @Override
  public void close() {
    interpreter.close();
    manager.close();
  }
}
