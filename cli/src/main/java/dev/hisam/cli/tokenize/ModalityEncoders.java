package dev.hisam.cli.tokenize;

import dev.hisam.core.io.RunDirectory;
import dev.hisam.data.Dataset;
import dev.hisam.encode.EncodeProblem;
import dev.hisam.encode.Encoder;
import dev.hisam.encode.ItemEmbeddings;
import dev.hisam.encode.Modality;
import dev.hisam.encode.Progress;
import dev.hisam.encode.attributes.AttributeEncoder;
import dev.hisam.encode.cache.EmbeddingCache;
import dev.hisam.encode.collaborative.CollaborativeEncoder;
import dev.hisam.encode.image.ImageEncoder;
import dev.hisam.encode.image.ImageEncoderConfig;
import dev.hisam.encode.imported.EmbeddingFiles;
import dev.hisam.encode.text.TextEncoder;
import dev.hisam.train.sasrec.SasRecModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;

/**
 * Obtains every requested modality's embeddings for a run: from the run's {@code embeddings/} cache
 * when the inputs (encoder, fingerprint, catalogue, input digest) are unchanged, else by running
 * the frozen encoder and storing the result there.
 */
final class ModalityEncoders {
  /** Unreadable inputs named one per line on stderr; the rest are counted (all in report.json). */
  static final int MAX_PROBLEM_LINES = 20;

  private final RunDirectory run;
  private final Dataset dataset;
  private final TokenizeConfig config;
  private final PrintWriter err;

  ModalityEncoders(RunDirectory run, Dataset dataset, TokenizeConfig config, PrintWriter err) {
    this.run = run;
    this.dataset = dataset;
    this.config = config;
    this.err = err;
  }

  /** The cache folder of a run. */
  static Path cacheDir(RunDirectory run) {
    return run.root().resolve("embeddings");
  }

  Path collaborativeDir() {
    return run.model(config.collaborative().model());
  }

  Path imageModelDir() {
    String dir = config.image().modelDir();
    return dir.isBlank() ? ImageEncoderConfig.defaultModelDir() : Path.of(dir);
  }

  /**
   * Fails (before anything is written) when a modality cannot be produced: no such input in the
   * dataset, no trained ID model, no image model, no imported file.
   */
  void check(List<Modality> modalities) {
    int n = dataset.catalog().size();
    for (Modality m : modalities) {
      switch (m) {
        case TEXT -> {
          if (count(dataset.content().text()) == 0) {
            throw new IllegalArgumentException(
                "modality text: dataset " + dataset.name() + " has no item text");
          }
        }
        case IMAGE -> {
          if (count(dataset.content().images()) == 0) {
            throw new IllegalArgumentException(
                "modality image: dataset " + dataset.name() + " has no item images");
          }
          Path[] images = dataset.content().images();
          Path example = null;
          boolean anyExists = false;
          for (Path p : images) {
            if (p != null) {
              example = example == null ? p : example;
              anyExists |= Files.isRegularFile(p);
            }
          }
          if (!anyExists) {
            throw new IllegalStateException(
                "modality image: none of the dataset's image files exists (e.g. "
                    + example.toAbsolutePath()
                    + "); a relative data.root in the run's config.json is resolved against the"
                    + " working directory: run tokenize from where prepare ran");
          }
          Path model = imageModelDir();
          if (!Files.isRegularFile(model.resolve("model.json"))) {
            throw new IllegalStateException(
                "modality image: no image model in "
                    + model
                    + "; install it with scripts/fetch-image-model.sh or set image.modelDir");
          }
        }
        case ATTRIBUTES -> {
          long bags = 0;
          for (int[] a : dataset.content().attributes()) {
            bags += a != null && a.length > 0 ? 1 : 0;
          }
          if (bags == 0) {
            throw new IllegalArgumentException(
                "modality attributes: dataset " + dataset.name() + " has no item attributes");
          }
        }
        case COLLABORATIVE -> {
          Path dir = collaborativeDir();
          if (!Files.isRegularFile(dir.resolve(SasRecModel.INFO_FILE))
              || !Files.isRegularFile(dir.resolve(SasRecModel.WEIGHTS_FILE))) {
            throw new IllegalStateException(
                "modality collaborative needs the SASRec item table in "
                    + dir
                    + ", which does not exist; train it first: hisam train --run "
                    + run.root()
                    + " --model SASREC");
          }
        }
        case IMPORTED -> {
          String file = config.imported().file();
          if (file.isBlank() || !Files.isRegularFile(Path.of(file))) {
            throw new IllegalArgumentException(
                "modality imported: set imported.file to an existing .csv or .npy file (got '"
                    + file
                    + "')");
          }
          if (file.endsWith(".npy") && config.imported().keys().isBlank()) {
            throw new IllegalArgumentException(
                "modality imported: a .npy file needs imported.keys (one ItemKey per line)");
          }
        }
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("the run's catalogue is empty");
    }
  }

  private static long count(Object[] values) {
    long c = 0;
    for (Object v : values) {
      if (v != null && !(v instanceof String s && s.isBlank())) {
        c++;
      }
    }
    return c;
  }

  /** Encodes (or loads) every modality, in order, reporting items that lack an input. */
  List<Encoded> encode(List<Modality> modalities) {
    List<Encoded> out = new ArrayList<>();
    EmbeddingCache cache = new EmbeddingCache(cacheDir(run));
    for (Modality m : modalities) {
      long t0 = System.nanoTime();
      EmbeddingCache.Lookup lookup;
      List<String> missing = new ArrayList<>();
      switch (m) {
        case TEXT -> {
          try (TextEncoder enc = new TextEncoder(config.text())) {
            lookup = lookup(cache, enc, "text");
          }
          String[] text = dataset.content().text();
          for (int i = 0; i < text.length; i++) {
            if (text[i] == null || text[i].isBlank()) {
              missing.add(dataset.catalog().key(i));
            }
          }
        }
        case IMAGE -> {
          ImageEncoderConfig ic =
              new ImageEncoderConfig(
                  imageModelDir(), config.image().output(), config.image().batchSize(), 224);
          try (ImageEncoder enc = new ImageEncoder(ic)) {
            lookup = lookup(cache, enc, "image");
          }
          Path[] images = dataset.content().images();
          for (int i = 0; i < images.length; i++) {
            if (images[i] == null) {
              missing.add(dataset.catalog().key(i));
            }
          }
        }
        case ATTRIBUTES -> {
          lookup = lookup(cache, new AttributeEncoder(config.attributes()), "attributes");
          int[][] bags = dataset.content().attributes();
          for (int i = 0; i < bags.length; i++) {
            if (bags[i] == null || bags[i].length == 0) {
              missing.add(dataset.catalog().key(i));
            }
          }
        }
        case COLLABORATIVE -> {
          SasRecItemTable table =
              SasRecItemTable.load(collaborativeDir(), dataset.catalog().size());
          lookup = lookup(cache, new CollaborativeEncoder(table), "collaborative");
        }
        case IMPORTED -> {
          Path file = Path.of(config.imported().file());
          ItemEmbeddings e =
              file.toString().endsWith(".npy")
                  ? EmbeddingFiles.readNpy(
                      file, Path.of(config.imported().keys()), dataset.catalog(), false, "imported")
                  : EmbeddingFiles.readCsv(file, dataset.catalog(), false, "imported");
          lookup = new EmbeddingCache.Lookup(e, false, null);
          for (int i = 0; i < e.numItems(); i++) {
            if (!e.present(i)) {
              missing.add(dataset.catalog().key(i));
            }
          }
        }
        default -> throw new IllegalStateException("unhandled modality " + m);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      ItemEmbeddings e = lookup.embeddings();
      String file = lookup.file() == null ? "" : run.root().relativize(lookup.file()).toString();
      Encoded enc = new Encoded(m, e, lookup.hit(), seconds, file, missing);
      out.add(enc);
      say(enc);
    }
    return out;
  }

  private EmbeddingCache.Lookup lookup(EmbeddingCache cache, Encoder encoder, String task) {
    ProgressBar[] bar = new ProgressBar[1];
    Progress progress =
        (done, total) -> {
          if (bar[0] == null) {
            bar[0] = dev.hisam.cli.Progress.bar("encode " + task, total, "items");
          }
          bar[0].stepTo(done);
        };
    try {
      return cache.getOrCompute(encoder, dataset, progress);
    } finally {
      if (bar[0] != null) {
        bar[0].close();
      }
    }
  }

  private void say(Encoded e) {
    ItemEmbeddings emb = e.embeddings();
    err.printf(
        "%s: %s %,d of %,d items (%d-d, %s) in %.1f s%s%n",
        e.name(),
        e.cached() ? "cached" : "encoded",
        emb.presentCount(),
        emb.numItems(),
        emb.dim(),
        emb.encoder(),
        e.seconds(),
        e.cacheFile().isEmpty() ? "" : " -> " + e.cacheFile());
    if (!e.missing().isEmpty()) {
      err.printf(
          "%s: %d item(s) have no %s input and go on without it: %s%n",
          e.name(), e.missing().size(), e.name(), names(e.missing()));
    }
    int shown = 0;
    for (EncodeProblem p : emb.problems()) {
      if (++shown > MAX_PROBLEM_LINES) {
        err.printf(
            "%s: ... and %d more unreadable input(s), all listed in report.json%n",
            e.name(), emb.problems().size() - MAX_PROBLEM_LINES);
        break;
      }
      err.printf(
          "%s: item %s: %s could not be read (%s); the item goes on without %s%n",
          e.name(), dataset.catalog().key(p.itemId()), p.source(), p.message(), e.name());
    }
  }

  static String names(List<String> keys) {
    int show = Math.min(20, keys.size());
    String s = String.join(", ", keys.subList(0, show));
    return keys.size() > show ? s + ", ... (" + (keys.size() - show) + " more)" : s;
  }
}
