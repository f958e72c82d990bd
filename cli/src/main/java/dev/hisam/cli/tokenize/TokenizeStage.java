package dev.hisam.cli.tokenize;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hisam.core.InputException;
import dev.hisam.core.Json;
import dev.hisam.core.Seeds;
import dev.hisam.core.io.AtomicFiles;
import dev.hisam.core.io.LogJournal;
import dev.hisam.core.io.RunDirectory;
import dev.hisam.data.Catalog;
import dev.hisam.data.Dataset;
import dev.hisam.data.DatasetKind;
import dev.hisam.data.DatasetStore;
import dev.hisam.encode.EncodeProblem;
import dev.hisam.encode.Modality;
import dev.hisam.tokenizer.Codebooks;
import dev.hisam.tokenizer.Dst;
import dev.hisam.tokenizer.MiPenalty;
import dev.hisam.tokenizer.ModalityInput;
import dev.hisam.tokenizer.RqKMeans;
import dev.hisam.tokenizer.RqVae;
import dev.hisam.tokenizer.SemanticIdTable;
import dev.hisam.tokenizer.Tokenizer;
import dev.hisam.tokenizer.TokenizerInput;
import dev.hisam.tokenizer.TokenizerKind;
import dev.hisam.tokenizer.TokenizerReport;
import dev.hisam.tokenizer.TrainedTokenizer;
import dev.hisam.train.sasrec.SasRecBench;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code hisam tokenize}: reads a prepared run, obtains the modalities' embeddings (cached under
 * {@code embeddings/}), fits the requested tokenizers and publishes each as {@code
 * tokenizer/<kind>/} (tokenizer.json, codebooks.bin, weights.bin, sids.bin, sids.tsv, config.json,
 * report.json, report.md, PNG plots), plus {@code tokenizer/comparison.md} for all three.
 */
final class TokenizeStage {
  static final String DIR = "tokenizer";
  static final String SIDS = "sids.bin";
  static final String SIDS_TSV = "sids.tsv";
  static final String CONFIG = "config.json";
  static final String REPORT_JSON = "report.json";
  static final String REPORT_MD = "report.md";
  static final String COMPARISON = "comparison.md";
  static final String FORMAT = "hisam-tokenize/1";

  /** Acceptance bars of the tokenizer issue. */
  static final double MIN_UTILISATION = 0.90;

  static final double MIN_UNIQUE = 0.95;

  private final PrintWriter err;

  TokenizeStage(PrintWriter err) {
    this.err = err;
  }

  /** What one fit produced, ready to be written. */
  record Fitted(
      TokenizerKind kind, TrainedTokenizer trained, SemanticIdTable table, ObjectNode report) {}

  /** Runs the command; returns the published directories. */
  List<Path> run(Path root, TokenizeConfig config, TokenizerChoice choice) {
    return run(root, config, choice, null);
  }

  /**
   * As above; {@code as} (one tokenizer only) publishes under {@code tokenizer/<as>/} instead of
   * the kind's folder, so variants (e.g. a text-only DST) live beside the default one.
   */
  List<Path> run(Path root, TokenizeConfig config, TokenizerChoice choice, String as) {
    if (as != null) {
      if (choice.kinds.size() != 1) {
        throw new IllegalArgumentException("--as names one tokenizer, not all");
      }
      if (!as.matches("[a-z0-9][a-z0-9._-]*")) {
        throw new IllegalArgumentException(
            "tokenizer name '" + as + "' must be lower-case letters, digits, '.', '_' or '-'");
      }
    }
    SasRecBench.resetPeakRss(); // the report's peak is this stage's, not a model trained before
    long start = System.nanoTime();
    RunDirectory run = RunDirectory.open(root);
    Path base = root.resolve(DIR);
    List<Path> targets = new ArrayList<>();
    for (TokenizerKind k : choice.kinds) {
      Path t = base.resolve(as != null ? as : TokenizerChoice.dirName(k));
      if (Files.exists(t)) {
        throw new IllegalStateException(
            t + " already exists; a run keeps its tokenizers (start a new run to refit)");
      }
      targets.add(t);
    }
    boolean comparison = choice == TokenizerChoice.ALL;
    if (comparison && Files.exists(base.resolve(COMPARISON))) {
      throw new IllegalStateException(base.resolve(COMPARISON) + " already exists");
    }
    JsonNode runConfig = readRunConfig(run);
    long seed = runConfig.path("seed").asLong();
    String dataRoot = runConfig.path("data").path("root").asText("");
    Dataset dataset = DatasetStore.read(run.data(), dataRoot.isEmpty() ? null : Path.of(dataRoot));
    DatasetKind kind = DatasetKind.parse(dataset.name());
    List<Modality> modalities = config.modalitiesFor(kind);
    ModalityEncoders encoders = new ModalityEncoders(run, dataset, config, err);
    encoders.check(modalities);

    int n = dataset.catalog().size();
    int k = config.codebookSizeFor(n);
    err.printf(
        "tokenize %s: %,d items, modalities %s, K = %d%s%n",
        dataset.name(),
        n,
        modalities.stream().map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).toList(),
        k,
        config.codebookSize() > 0
            ? " (codebookSize)"
            : " (automatic: " + TokenizeConfig.K_RULE + ")");
    List<Encoded> encoded = encoders.encode(modalities);
    TokenizerInput input = input(encoded, dataset.catalog());
    Categories categories = Categories.of(dataset, kind);

    // the tokenizers' small steps run on config.trainThreads() PyTorch threads; whatever runs
    // next in this process (the pipeline's HMAT training) gets the count it started with back
    int threadsBefore = -1;
    if (config.trainThreads() > 0) {
      Engine.getEngine("PyTorch"); // loads the native library before its setter is called
      threadsBefore = JniUtils.getNumThreads();
      JniUtils.setNumThreads(config.trainThreads());
    }
    try {
      for (int i = 0; i < choice.kinds.size(); i++) {
        TokenizerKind tk = choice.kinds.get(i);
        Fitted f = fit(tk, config, k, input, seed, encoded, dataset, categories);
        write(targets.get(i), f, config, k, dataset.catalog(), categories);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("tokenizer", TokenizerChoice.dirName(tk));
        log.put("items", n);
        log.put("codebookSize", k);
        log.put("minUtilisation", f.report().path("summary").path("minUtilisation").asDouble());
        log.put("minPerplexity", f.report().path("summary").path("minPerplexity").asDouble());
        log.put("uniqueFraction", f.report().path("summary").path("uniqueFraction").asDouble());
        log.put("fitSeconds", f.report().path("timing").path("fitSeconds").asDouble());
        new LogJournal(run.log()).append("tokenize", log);
        err.printf("wrote %s%n", targets.get(i));
      }
    } finally {
      if (threadsBefore > 0) {
        JniUtils.setNumThreads(threadsBefore);
      }
    }
    // the comparison, once all three exist (in one call with --tokenizer all, or over several)
    List<JsonNode> all = new ArrayList<>();
    for (TokenizerKind tk : TokenizerChoice.ALL.kinds) {
      Path f = base.resolve(TokenizerChoice.dirName(tk)).resolve(REPORT_JSON);
      if (Files.isRegularFile(f)) {
        try {
          all.add(Json.mapper().readTree(f.toFile()));
        } catch (IOException e) {
          throw InputException.ofFile(f, "cannot read: " + e.getMessage());
        }
      }
    }
    Path file = base.resolve(COMPARISON);
    if (all.size() == TokenizerChoice.ALL.kinds.size() && !Files.exists(file)) {
      AtomicFiles.writeString(file, TokenizerMarkdown.comparison(all));
      err.printf("wrote %s%n", file);
    }
    err.printf("tokenize done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    return targets;
  }

  private static JsonNode readRunConfig(RunDirectory run) {
    try {
      return Json.mapper().readTree(run.config().toFile());
    } catch (IOException e) {
      throw InputException.ofFile(run.config(), "cannot read the run config: " + e.getMessage());
    }
  }

  /** The tokenizer input: one ModalityInput per modality; every item needs at least one. */
  static TokenizerInput input(List<Encoded> encoded, Catalog catalog) {
    List<ModalityInput> mods = new ArrayList<>();
    for (Encoded e : encoded) {
      mods.add(new ModalityInput(e.name(), e.embeddings().vectors()));
    }
    List<String> none = new ArrayList<>();
    for (int i = 0; i < catalog.size(); i++) {
      boolean any = false;
      for (ModalityInput m : mods) {
        any |= m.present(i);
      }
      if (!any) {
        none.add(catalog.key(i));
      }
    }
    if (!none.isEmpty()) {
      throw new IllegalArgumentException(
          none.size()
              + " item(s) have none of the modalities "
              + encoded.stream().map(Encoded::name).toList()
              + " (add a modality with --set modalities=...): "
              + ModalityEncoders.names(none));
    }
    return new TokenizerInput(mods);
  }

  /**
   * Fraction of items whose inputs (every modality's vector, or its absence) no other item has: the
   * ceiling of the unique-SID fraction, since identical inputs get identical codes.
   */
  static double inputUniqueFraction(TokenizerInput input) {
    Map<List<java.nio.FloatBuffer>, Integer> count = new java.util.HashMap<>();
    List<List<java.nio.FloatBuffer>> keys = new ArrayList<>();
    java.nio.FloatBuffer absent = java.nio.FloatBuffer.allocate(0);
    for (int i = 0; i < input.items(); i++) {
      List<java.nio.FloatBuffer> key = new ArrayList<>(); // FloatBuffer compares by content
      for (ModalityInput m : input.modalities()) {
        float[] v = m.vectors()[i];
        key.add(v == null ? absent : java.nio.FloatBuffer.wrap(v));
      }
      keys.add(key);
      count.merge(key, 1, Integer::sum);
    }
    long unique = keys.stream().filter(k -> count.get(k) == 1).count();
    return input.items() == 0 ? 1 : unique / (double) input.items();
  }

  static Tokenizer tokenizer(TokenizerKind kind, TokenizeConfig c, int k) {
    return switch (kind) {
      case DST -> new Dst(c.dstWith(k));
      case RQ_KMEANS -> new RqKMeans(c.rqKmeansWith(k));
      case RQ_VAE -> new RqVae(c.rqVaeWith(k));
    };
  }

  static int epochs(TokenizerKind kind, TokenizeConfig c) {
    return switch (kind) {
      case DST -> c.dst().epochs();
      case RQ_KMEANS -> 0;
      case RQ_VAE -> c.rqVae().epochs();
    };
  }

  private Fitted fit(
      TokenizerKind kind,
      TokenizeConfig config,
      int k,
      TokenizerInput input,
      long seed,
      List<Encoded> encoded,
      Dataset dataset,
      Categories categories) {
    String name = TokenizerChoice.dirName(kind);
    long t0 = System.nanoTime();
    TrainedTokenizer trained;
    double[] loss;
    try (FitProgress progress = new FitProgress(name)) {
      trained = tokenizer(kind, config, k).fit(input, new Seeds(seed), progress);
      loss = progress.perEpoch(epochs(kind, config));
    }
    double fitSeconds = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    SemanticIdTable table = trained.assign(input);
    double assignSeconds = (System.nanoTime() - t1) / 1e9;
    TokenizerReport r = trained.report();
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("format", FORMAT);
    json.put("dataset", dataset.name());
    json.put("tokenizer", name);
    json.put("items", input.items());
    json.put("seed", seed);
    json.put("codebookSize", k);
    json.put(
        "codebookSizeRule",
        config.codebookSize() > 0 ? "set by codebookSize" : TokenizeConfig.K_RULE);
    json.set("levelNames", Json.mapper().valueToTree(table.levelNames()));
    ArrayNode mods = json.putArray("modalities");
    ObjectNode encodeSeconds = Json.mapper().createObjectNode();
    double encodeTotal = 0;
    for (Encoded e : encoded) {
      ObjectNode m = mods.addObject();
      m.put("name", e.name());
      m.put("encoder", e.embeddings().encoder());
      m.put("version", e.embeddings().version());
      m.put("dim", e.embeddings().dim());
      m.put("itemsPresent", e.embeddings().presentCount());
      m.put("cached", e.cached());
      m.put("seconds", e.seconds());
      m.put("cacheFile", e.cacheFile());
      m.put("missingItems", e.missing().size());
      m.set("missing", Json.mapper().valueToTree(e.missing()));
      ArrayNode probs = m.putArray("problems");
      for (EncodeProblem p : e.embeddings().problems()) {
        ObjectNode pn = probs.addObject();
        pn.put("item", dataset.catalog().key(p.itemId()));
        pn.put("source", p.source());
        pn.put("message", p.message());
      }
      encodeSeconds.put(e.name(), e.seconds());
      encodeTotal += e.seconds();
    }
    ObjectNode summary = json.putObject("summary");
    double minUtil = Double.POSITIVE_INFINITY;
    double minPerp = Double.POSITIVE_INFINITY;
    for (TokenizerReport.Level l : r.levels()) {
      minUtil = Math.min(minUtil, l.utilisation());
      minPerp = Math.min(minPerp, l.perplexity());
    }
    summary.put("levels", r.levels().size());
    summary.put("minUtilisation", minUtil);
    summary.put("minPerplexity", minPerp);
    summary.put("uniqueFraction", r.uniqueFraction());
    summary.put("distinctFraction", r.distinctFraction());
    summary.put("collisionRate", r.collisionRate());
    summary.put("collisionSize", r.collisionSize());
    summary.put("inputUniqueFraction", inputUniqueFraction(input));
    ObjectNode acc = json.putObject("acceptance");
    acc.put("utilisationAtLeast", MIN_UTILISATION);
    acc.put("perplexityAtLeast", k / 4.0);
    acc.put("uniqueAtLeast", MIN_UNIQUE);
    acc.put("utilisationOk", minUtil >= MIN_UTILISATION);
    acc.put("perplexityOk", minPerp >= k / 4.0);
    acc.put("uniqueOk", r.uniqueFraction() >= MIN_UNIQUE);
    json.set("report", Json.mapper().valueToTree(r));
    ObjectNode timing = json.putObject("timing");
    timing.set("encodeSeconds", encodeSeconds);
    timing.put("encodeTotalSeconds", encodeTotal);
    timing.put("fitSeconds", fitSeconds);
    timing.put("assignSeconds", assignSeconds);
    timing.put("tokenizerReportedFitSeconds", r.fitSeconds());
    ObjectNode mem = json.putObject("memory");
    mem.put("peakRssMiB", SasRecBench.peakRssMiB());
    mem.put(
        "note",
        "peak resident set since this tokenize command began (encoders and earlier tokenizers"
            + " of the same command included)");
    Runtime rt = Runtime.getRuntime();
    mem.put("heapUsedMiB", (rt.totalMemory() - rt.freeMemory()) >> 20);
    json.set("lossPerEpoch", Json.mapper().valueToTree(loss));
    if (config.miAblation()
        && kind == TokenizerKind.DST
        && config.dst().miPenalty() != MiPenalty.NONE) {
      json.set("miAblation", miAblation(config, k, input, seed, r));
    }
    ObjectNode proj = json.putObject("projection");
    proj.put("category", categories.description());
    proj.set("levels", Json.mapper().valueToTree(sharedLevels(kind, table)));
    return new Fitted(kind, trained, table, json);
  }

  /** DST fitted again without the MI penalty: MI estimates and code statistics, on vs off. */
  private ObjectNode miAblation(
      TokenizeConfig config, int k, TokenizerInput input, long seed, TokenizerReport on) {
    long t0 = System.nanoTime();
    TrainedTokenizer off;
    try (FitProgress progress = new FitProgress("dst (MI off)")) {
      off =
          new Dst(config.dstWith(k).withMiPenalty(MiPenalty.NONE))
              .fit(input, new Seeds(seed), progress);
    }
    ObjectNode a = Json.mapper().createObjectNode();
    a.put("penaltyOn", config.dst().miPenalty().name());
    a.put("penaltyOff", MiPenalty.NONE.name());
    a.put("fitSecondsOff", (System.nanoTime() - t0) / 1e9);
    ArrayNode rows = a.putArray("modalities");
    for (int m = 0; m < on.modalities().size(); m++) {
      TokenizerReport.Modality mOn = on.modalities().get(m);
      TokenizerReport.Modality mOff = off.report().modalities().get(m);
      ObjectNode row = rows.addObject();
      row.put("name", mOn.name());
      putNullable(row, "miOn", mOn.miEstimate());
      putNullable(row, "miOff", mOff.miEstimate());
      putNullable(row, "correlationOn", mOn.sharedSpecificCorrelation());
      putNullable(row, "correlationOff", mOff.sharedSpecificCorrelation());
      row.put("reconstructionOn", mOn.reconstructionError());
      row.put("reconstructionOff", mOff.reconstructionError());
    }
    a.put("uniqueFractionOn", on.uniqueFraction());
    a.put("uniqueFractionOff", off.report().uniqueFraction());
    return a;
  }

  private static void putNullable(ObjectNode n, String key, Double v) {
    if (v == null) {
      n.putNull(key);
    } else {
      n.put(key, v);
    }
  }

  /** The levels whose codes are the "shared" part drawn in the projection. */
  static List<Integer> sharedLevels(TokenizerKind kind, SemanticIdTable table) {
    List<Integer> out = new ArrayList<>();
    for (int l = 0; l < table.levels(); l++) {
      if (table.levelNames().get(l).startsWith("shared.")) {
        out.add(l);
      }
    }
    if (out.isEmpty()) { // the baselines: their first two (coarse) levels
      for (int l = 0; l < Math.min(2, table.levels()); l++) {
        out.add(l);
      }
    }
    return out;
  }

  /** Sum of the codewords of {@code levels}: [N, D]. */
  static float[][] quantized(SemanticIdTable table, Codebooks books, List<Integer> levels) {
    int d = books.dim(levels.get(0));
    float[][] out = new float[table.items()][d];
    for (int l : levels) {
      float[][] book = books.level(l);
      for (int i = 0; i < table.items(); i++) {
        float[] c = book[table.code(i, l)];
        for (int j = 0; j < d; j++) {
          out[i][j] += c[j];
        }
      }
    }
    return out;
  }

  private void write(
      Path target, Fitted f, TokenizeConfig config, int k, Catalog catalog, Categories categories) {
    AtomicFiles.writeNewDirectory(
        target,
        tmp -> {
          Path model = tmp.resolve(".model");
          f.trained().save(model);
          try (Stream<Path> files = Files.list(model)) {
            for (Path p : files.toList()) {
              Files.move(p, tmp.resolve(p.getFileName().toString()));
            }
          }
          Files.delete(model);
          Files.write(tmp.resolve(SIDS), f.table().toBytes());
          Files.writeString(tmp.resolve(SIDS_TSV), tsv(f.table(), catalog), StandardCharsets.UTF_8);
          ObjectNode cfg = Json.mapper().valueToTree(config);
          cfg.put("effectiveCodebookSize", k);
          Files.writeString(tmp.resolve(CONFIG), Json.mapper().writeValueAsString(cfg));
          ObjectNode report = f.report();
          ObjectNode plots = report.putObject("plots");
          plots.set(
              "codeUsage", Json.mapper().valueToTree(TokenizerPlots.codeUsage(f.table(), k, tmp)));
          double[] loss = Json.mapper().treeToValue(report.get("lossPerEpoch"), double[].class);
          if (loss.length > 0) {
            TokenizerPlots.loss(
                loss,
                "Training loss of " + f.report().path("tokenizer").asText() + " (mean per epoch)",
                tmp.resolve("loss.png"));
            plots.put("loss", "loss.png");
          }
          List<Integer> levels = sharedLevels(f.kind(), f.table());
          double[][] points =
              Projection.pca2(quantized(f.table(), f.trained().codebooks(), levels), 30);
          List<String> names = levels.stream().map(l -> f.table().levelNames().get(l)).toList();
          int drawn =
              TokenizerPlots.scatter(
                  points,
                  categories.labels(),
                  "PCA of " + String.join(" + ", names) + " codewords, coloured by category",
                  tmp.resolve("projection.png"));
          plots.put("projection", "projection.png");
          ((ObjectNode) report.get("projection")).put("itemsDrawn", drawn);
          Files.writeString(tmp.resolve(REPORT_JSON), Json.mapper().writeValueAsString(report));
          Files.writeString(
              tmp.resolve(REPORT_MD), TokenizerMarkdown.report(report), StandardCharsets.UTF_8);
        });
  }

  /** One line per item: key, level codes, collision code (tab-separated, with a header). */
  static String tsv(SemanticIdTable table, Catalog catalog) {
    StringBuilder sb = new StringBuilder("item_key");
    for (String n : table.levelNames()) {
      sb.append('\t').append(n);
    }
    sb.append("\tcollision\n");
    for (int i = 0; i < table.items(); i++) {
      sb.append(catalog.key(i));
      for (int l = 0; l < table.levels(); l++) {
        sb.append('\t').append(table.code(i, l));
      }
      sb.append('\t').append(table.collisionCode(i)).append('\n');
    }
    return sb.toString();
  }
}
