package dev.hisam.cli.tokenize;

import dev.hisam.core.config.ConfigLoader;
import dev.hisam.data.DatasetKind;
import dev.hisam.encode.Modality;
import dev.hisam.encode.attributes.AttributeEncoderConfig;
import dev.hisam.encode.image.ImageOutput;
import dev.hisam.encode.text.TextEncoderConfig;
import dev.hisam.tokenizer.DstConfig;
import dev.hisam.tokenizer.RqKMeansConfig;
import dev.hisam.tokenizer.RqVaeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Configuration of {@code hisam tokenize}: defaults, then {@code --config FILE}, then {@code --set
 * key=value} (unknown keys fail). Saved resolved inside every {@code tokenizer/<kind>/}.
 *
 * @param modalities {@code "default"} (movielens: text,image; yelp: text,attributes; beauty:
 *     attributes,collaborative) or a comma-separated list of text, image, attributes,
 *     collaborative, imported
 * @param codebookSize K of every level of every tokenizer; 0 = automatic: 256, or for catalogues
 *     under 2,048 items the largest power of two <= items / 8 (at least 2), so that every code can
 *     hold eight items on average. The {@code codebookSize} inside {@code dst}, {@code rqKmeans},
 *     {@code rqVae} must stay at its default (this one sets it)
 * @param text the sentence encoder
 * @param image the poster encoder
 * @param attributes the attribute-bag encoder
 * @param collaborative where the collaborative item table comes from
 * @param imported precomputed vectors (modality {@code imported})
 * @param dst DST settings (DESIGN 2.1)
 * @param rqKmeans RQ-KMeans settings
 * @param rqVae RQ-VAE settings
 * @param miAblation also fit DST without the MI penalty and report MI and codes on vs off
 * @param trainThreads PyTorch intra-op threads while the tokenizers train (0 = leave as started);
 *     the small tokenizer steps run fastest on one thread on a loaded 2-core machine
 */
public record TokenizeConfig(
    String modalities,
    int codebookSize,
    TextEncoderConfig text,
    ImageSettings image,
    AttributeEncoderConfig attributes,
    CollaborativeSettings collaborative,
    ImportedSettings imported,
    DstConfig dst,
    RqKMeansConfig rqKmeans,
    RqVaeConfig rqVae,
    boolean miAblation,
    int trainThreads) {

  /** Default K, and the catalogue size from which it is used as is. */
  public static final int DEFAULT_K = 256;

  static final int ITEMS_PER_CODE = 8;

  public static final String K_RULE =
      "K = 256 per level, or for catalogues under 2,048 items the largest power of two <= items / 8"
          + " (at least 2), so every code can hold eight items on average; --set codebookSize=K"
          + " fixes it";

  public TokenizeConfig {
    if (text == null
        || image == null
        || attributes == null
        || collaborative == null
        || imported == null
        || dst == null
        || rqKmeans == null
        || rqVae == null) {
      throw new IllegalArgumentException("every config section is required");
    }
    if (codebookSize < 0 || codebookSize == 1) {
      throw new IllegalArgumentException("codebookSize must be 0 (automatic) or >= 2");
    }
    if (trainThreads < 0) {
      throw new IllegalArgumentException("trainThreads must be >= 0");
    }
    parseModalities(modalities); // validates
    if (dst.codebookSize() != DEFAULT_K
        || rqKmeans.codebookSize() != DEFAULT_K
        || rqVae.codebookSize() != DEFAULT_K) {
      throw new IllegalArgumentException(
          "set the codebook size with codebookSize=K (it applies to every tokenizer), not inside"
              + " dst, rqKmeans or rqVae");
    }
  }

  /** The image encoder's output layer, batch size and model folder ("" = the default folder). */
  public record ImageSettings(ImageOutput output, int batchSize, String modelDir) {
    public ImageSettings {
      if (output == null || batchSize < 1 || modelDir == null) {
        throw new IllegalArgumentException("image: output, batchSize >= 1 and modelDir required");
      }
    }
  }

  /** The ID model under {@code model/} whose item table is the collaborative modality. */
  public record CollaborativeSettings(String model) {
    public CollaborativeSettings {
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("collaborative.model must name a model folder");
      }
    }
  }

  /**
   * Precomputed embeddings: {@code file} is a CSV ({@code key,v1,v2,...}) or a {@code .npy} with
   * {@code keys} (one ItemKey per line).
   */
  public record ImportedSettings(String file, String keys) {
    public ImportedSettings {
      if (file == null || keys == null) {
        throw new IllegalArgumentException("imported.file and imported.keys must be strings");
      }
    }
  }

  public static TokenizeConfig defaults() {
    return new TokenizeConfig(
        "default",
        0,
        TextEncoderConfig.DEFAULT,
        new ImageSettings(ImageOutput.POOLED, 16, ""),
        AttributeEncoderConfig.DEFAULT,
        new CollaborativeSettings("sasrec"),
        new ImportedSettings("", ""),
        DstConfig.defaults(),
        RqKMeansConfig.defaults(),
        RqVaeConfig.defaults(),
        false,
        1);
  }

  /** Defaults, then {@code file} (may be null), then the {@code --set} overrides. */
  public static TokenizeConfig resolve(Path file, List<String> overrides) {
    return ConfigLoader.resolve(TokenizeConfig.class, defaults(), file, overrides);
  }

  /** The modalities to encode for {@code dataset}, in SID order. */
  public List<Modality> modalitiesFor(DatasetKind dataset) {
    List<Modality> parsed = parseModalities(modalities);
    if (!parsed.isEmpty()) {
      return parsed;
    }
    return switch (dataset) {
      case MOVIELENS -> List.of(Modality.TEXT, Modality.IMAGE);
      case YELP -> List.of(Modality.TEXT, Modality.ATTRIBUTES);
      case BEAUTY -> List.of(Modality.ATTRIBUTES, Modality.COLLABORATIVE);
    };
  }

  /** Empty for "default". */
  public static List<Modality> parseModalities(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("modalities: 'default' or a list such as text,image");
    }
    if (spec.strip().equalsIgnoreCase("default")) {
      return List.of();
    }
    List<Modality> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      String name = part.strip().toUpperCase(Locale.ROOT);
      Modality m;
      try {
        m = Modality.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "modalities: unknown modality '"
                + part.strip()
                + "'; known: text, image, attributes, collaborative, imported");
      }
      if (out.contains(m)) {
        throw new IllegalArgumentException("modalities: " + part.strip() + " given twice");
      }
      out.add(m);
    }
    return out;
  }

  /** K for a catalogue of {@code items} (see {@link #K_RULE}). */
  public int codebookSizeFor(int items) {
    if (codebookSize > 0) {
      return codebookSize;
    }
    return autoCodebookSize(items);
  }

  static int autoCodebookSize(int items) {
    if (items >= DEFAULT_K * ITEMS_PER_CODE) {
      return DEFAULT_K;
    }
    int target = Math.max(2, items / ITEMS_PER_CODE);
    return Math.max(2, Integer.highestOneBit(target));
  }

  DstConfig dstWith(int k) {
    DstConfig c = dst;
    return new DstConfig(
        c.sharedLevels(),
        c.specificLevels(),
        k,
        c.projectionDim(),
        c.hiddenDim(),
        c.temperature(),
        c.alignment(),
        c.alignmentWeight(),
        c.uniformityWeight(),
        c.reconstructionWeight(),
        c.beta(),
        c.miPenalty(),
        c.miWeight(),
        c.clubHidden(),
        c.clubLearningRate(),
        c.learningRate(),
        c.weightDecay(),
        c.batchSize(),
        c.epochs(),
        c.kmeansIterations(),
        c.restartEvery());
  }

  RqKMeansConfig rqKmeansWith(int k) {
    return new RqKMeansConfig(rqKmeans.levels(), k, rqKmeans.iterations(), rqKmeans.balanced());
  }

  RqVaeConfig rqVaeWith(int k) {
    RqVaeConfig c = rqVae;
    return new RqVaeConfig(
        c.levels(),
        k,
        c.hidden(),
        c.latentDim(),
        c.beta(),
        c.learningRate(),
        c.weightDecay(),
        c.batchSize(),
        c.epochs(),
        c.kmeansIterations(),
        c.restartEvery());
  }
}
