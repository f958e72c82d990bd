package dev.hisam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hisam.cli.tokenize.SasRecItemTable;
import dev.hisam.cli.tokenize.Tokenize;
import dev.hisam.core.InputException;
import dev.hisam.core.Json;
import dev.hisam.core.Seeds;
import dev.hisam.core.config.ConfigLoader;
import dev.hisam.core.io.AtomicFiles;
import dev.hisam.core.io.LogJournal;
import dev.hisam.core.io.RunDirectory;
import dev.hisam.data.Dataset;
import dev.hisam.data.DatasetKind;
import dev.hisam.data.DatasetLoader;
import dev.hisam.data.DatasetStats;
import dev.hisam.data.DatasetStore;
import dev.hisam.eval.ColdStart;
import dev.hisam.eval.EvalConfig;
import dev.hisam.eval.FrequencyBucket;
import dev.hisam.eval.ItemScorer;
import dev.hisam.eval.NewItemSplit;
import dev.hisam.eval.NextItemProtocol;
import dev.hisam.eval.RankFile;
import dev.hisam.eval.RankingMetrics;
import dev.hisam.eval.baseline.Popularity;
import dev.hisam.hmat.HmatModel;
import dev.hisam.hmat.HmatTrainConfig;
import dev.hisam.hmat.HmatTrainer;
import dev.hisam.hmat.LevelLoss;
import dev.hisam.hmat.SidVocabulary;
import dev.hisam.tokenizer.SemanticIdTable;
import dev.hisam.train.sasrec.EpochSummary;
import dev.hisam.train.sasrec.SasRecBench;
import dev.hisam.train.sasrec.SasRecModel;
import dev.hisam.train.sasrec.SasRecTrainer;
import dev.hisam.train.sasrec.TrainingListener;
import dev.hisam.train.sasrec.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;

/** The stages of a run, shared by the single-stage commands and {@code pipeline}. */
final class Stages {
  private final PrintWriter err;

  Stages(PrintWriter err) {
    this.err = err;
  }

  /** Defaults, then the file, then overrides; the dataset option wins over all. */
  static RunConfig resolve(Path file, List<String> overrides, DatasetKind dataset) {
    List<String> all = new ArrayList<>(overrides);
    if (dataset != null) {
      all.add("data.dataset=" + dataset.cliName());
    }
    return ConfigLoader.resolve(RunConfig.class, RunConfig.defaults(), file, all);
  }

  /** The run's saved config with later overrides (data and seed are fixed once prepared). */
  static RunConfig resolve(RunDirectory run, List<String> overrides) {
    return resolve(run, null, overrides);
  }

  /**
   * The run's saved config, then {@code file} (a {@code --config}; null for none), then the
   * overrides. Data and seed are fixed once a run is prepared: a file or override that changes them
   * is refused.
   */
  static RunConfig resolve(RunDirectory run, Path file, List<String> overrides) {
    for (String o : overrides) {
      if (o.startsWith("data.") || o.startsWith("seed=")) {
        throw new IllegalArgumentException(
            "--set " + o + ": data and seed are fixed once a run is prepared; start a new run");
      }
    }
    if (file == null) {
      return ConfigLoader.resolve(RunConfig.class, RunConfig.defaults(), run.config(), overrides);
    }
    RunConfig saved =
        ConfigLoader.resolve(RunConfig.class, RunConfig.defaults(), run.config(), List.of());
    RunConfig resolved =
        ConfigLoader.resolveLayered(
            RunConfig.class, RunConfig.defaults(), List.of(run.config(), file), overrides);
    if (resolved.seed() != saved.seed() || !resolved.data().equals(saved.data())) {
      throw InputException.ofFile(
          file,
          "sets data or seed other than the run's ("
              + run.config()
              + "); they are fixed once a run is prepared: start a new run with it");
    }
    return resolved;
  }

  /**
   * Ingests the dataset and publishes the run directory (config, manifest, data) in one rename, so
   * bad input leaves nothing behind and an existing run is never touched.
   */
  RunDirectory prepare(Path root, RunConfig config) {
    refuseExistingRun(root);
    long t0 = System.nanoTime();
    err.println("reading " + config.data().dataset() + " from " + config.data().folder());
    Dataset dataset = DatasetLoader.load(config.data());
    double seconds = (System.nanoTime() - t0) / 1e9;
    deleteIfEmpty(root);
    AtomicFiles.writeNewDirectory(
        root,
        tmp -> {
          RunDirectory run = new RunDirectory(tmp);
          Files.writeString(run.config(), Json.mapper().writeValueAsString(config));
          DatasetStore.write(dataset, run.data(), config.data().rootPath());
          ObjectNode manifest = Json.mapper().createObjectNode();
          manifest.put("created", Instant.now().toString());
          manifest.put("seed", config.seed());
          manifest.put("dataset", dataset.name());
          manifest.set("environment", Json.mapper().valueToTree(Versions.environment()));
          manifest.set("inputHashes", Json.mapper().valueToTree(dataset.inputHashes()));
          Files.writeString(run.manifest(), Json.mapper().writeValueAsString(manifest));
          new LogJournal(run.log())
              .append(
                  "prepare",
                  Map.of(
                      "dataset", dataset.name(),
                      "users", dataset.userKeys().size(),
                      "items", dataset.catalog().size(),
                      "seconds", seconds));
        });
    err.printf(
        "prepared %s: %,d users, %,d items in %.1f s -> %s%n",
        dataset.name(), dataset.userKeys().size(), dataset.catalog().size(), seconds, root);
    return RunDirectory.open(root);
  }

  private static void refuseExistingRun(Path root) {
    if (Files.exists(root.resolve(RunDirectory.MANIFEST))) {
      throw new IllegalStateException(root + " already holds a run; choose a new --run directory");
    }
    if (Files.exists(root) && !isEmptyDir(root)) {
      throw new IllegalStateException(root + " is not empty; choose a new --run directory");
    }
  }

  private static boolean isEmptyDir(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteIfEmpty(Path root) {
    try {
      if (Files.isDirectory(root) && isEmptyDir(root)) {
        Files.delete(root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use " + root, e);
    }
  }

  /** Trains {@code kind} on the run's data and publishes {@code model/<kind>/}. */
  void train(RunDirectory run, RunConfig config, ModelKind kind) {
    train(run, config, kind, kind.dirName());
  }

  /**
   * Trains {@code kind} into {@code model/<name>/}: several variants of one kind (ablations) live
   * side by side in a run and are evaluated together.
   */
  void train(RunDirectory run, RunConfig config, ModelKind kind, String name) {
    train(run, config, kind, name, null);
  }

  /**
   * What a model trains on when it is not P1's training split: each user's positives before P2's
   * validation period (see {@link CtrStage#trainingPeriod}), without the new-item run's held-out
   * items when {@code newItems}. A SASRec trained so gives the CTR SIDs a collaborative item table
   * that has seen no validation or test interaction (and, for the new-item run, no held-out item).
   */
  record CtrPeriod(boolean newItems) {}

  /**
   * Trains {@code kind} into {@code model/<name>/} on P1's training split, or on the CTR training
   * period when {@code period} is not null (SASRec only).
   */
  void train(RunDirectory run, RunConfig config, ModelKind kind, String name, CtrPeriod period) {
    if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "model name '" + name + "' must be lower-case letters, digits, '.', '_' or '-'");
    }
    Path target = run.model(name);
    if (Files.exists(target)) {
      throw new IllegalStateException(
          target + " already exists; a run keeps its trained models (start a new run to retrain)");
    }
    if (period != null && kind != ModelKind.SASREC) {
      throw new IllegalArgumentException(
          "--ctr-period trains sasrec only (the item table of the CTR SIDs), not "
              + kind.dirName());
    }
    Dataset dataset = DatasetStore.read(run.data());
    int[][] sequences = dataset.sequences();
    if (period != null) {
      CtrStage.TrainingPeriod ctrPeriod =
          CtrStage.trainingPeriod(dataset, config, period.newItems());
      long before = ctrPeriod.start();
      NewItemSplit split = ctrPeriod.split();
      int[][] early = CtrStage.positivesBefore(dataset, before, split);
      // P1 on the early positives needs 3 per user (train, validation, test): shorter ones go
      sequences = java.util.Arrays.stream(early).filter(q -> q.length >= 3).toArray(int[][]::new);
      err.printf(
          "%s: CTR training period: positives before %s of %,d users%s%n",
          name,
          Instant.ofEpochSecond(before),
          sequences.length,
          split == null ? "" : ", " + split.heldOut().length + " held-out items removed");
    }
    NextItemProtocol p1 = new NextItemProtocol(sequences, dataset.catalog().size());
    LogJournal journal = new LogJournal(run.log());
    SasRecBench.resetPeakRss(); // training.json's peak is this model's, not an earlier stage's
    long t0 = System.nanoTime();
    switch (kind) {
      case POPULARITY -> {
        Popularity pop = Popularity.fit(p1.train(), p1.numItems());
        double seconds = (System.nanoTime() - t0) / 1e9;
        AtomicFiles.writeNewDirectory(
            target,
            tmp -> {
              int[] counts = new int[pop.numItems()];
              for (int i = 0; i < counts.length; i++) {
                counts[i] = pop.count(i);
              }
              Json.mapper().writeValue(tmp.resolve("counts.json").toFile(), counts);
              writeTraining(tmp, kind, name, 0, 0, seconds, 0);
            });
      }
      case SASREC -> trainSasRec(config, p1, target, journal, period);
      case HMAT -> trainHmat(run, config, p1, target, journal, false);
      case FLAT -> trainHmat(run, config, p1, target, journal, true);
    }
    err.printf("trained %s in %.1f s -> %s%n", name, (System.nanoTime() - t0) / 1e9, target);
  }

  /** Beside a SASRec's weights: what it was trained on (P1's split or the CTR period). */
  static final String TRAINED_ON = "trained-on.json";

  /** A SASRec directory's {@link #TRAINED_ON} record, or null when it has none (older runs). */
  static com.fasterxml.jackson.databind.JsonNode trainedOn(Path modelDir) {
    Path on = modelDir.resolve(TRAINED_ON);
    try {
      return Files.isRegularFile(on) ? Json.mapper().readTree(on.toFile()) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + on, e);
    }
  }

  private void trainSasRec(
      RunConfig config, NextItemProtocol p1, Path target, LogJournal journal, CtrPeriod period) {
    int cap = config.sasrec().model().maxLen();
    SasRecTrainer trainer = new SasRecTrainer(config.sasrec(), new Seeds(config.seed()));
    List<EpochSummary> epochs = new ArrayList<>();
    long t0 = System.nanoTime();
    int[][] train = p1.train();
    int[] counts = new int[p1.numItems()];
    for (int[] s : train) {
      for (int item : s) {
        counts[item]++;
      }
    }
    try (SasRecModel model =
        trainer.train(
            train,
            p1.numItems(),
            validator(config, p1, cap),
            listener(target.getFileName().toString(), journal, epochs))) {
      publish(
          target,
          ModelKind.SASREC,
          epochs,
          t0,
          tmp -> {
            model.writeInto(tmp);
            Json.mapper().writeValue(tmp.resolve(SasRecItemTable.ITEM_COUNTS).toFile(), counts);
            ObjectNode on = Json.mapper().createObjectNode();
            on.put("sequences", period == null ? "p1-train" : "ctr-period");
            on.put("newItems", period != null && period.newItems());
            on.put("users", p1.users());
            on.put("itemsSeen", (int) java.util.Arrays.stream(counts).filter(c -> c > 0).count());
            Json.mapper().writeValue(tmp.resolve(TRAINED_ON).toFile(), on);
          });
    }
  }

  /** HMAT, or the flat baseline (same settings, both switches off), on the run's SIDs. */
  private void trainHmat(
      RunDirectory run,
      RunConfig config,
      NextItemProtocol p1,
      Path target,
      LogJournal journal,
      boolean flat) {
    ModelKind kind = flat ? ModelKind.FLAT : ModelKind.HMAT;
    SemanticIdTable table = sids(run, config, kind.dirName(), p1.numItems());
    HmatTrainConfig tc =
        flat ? config.hmat().withModel(config.hmat().model().flat()) : config.hmat();
    int cap = tc.model().maxItems();
    HmatTrainer trainer = new HmatTrainer(tc, new Seeds(config.seed()));
    List<EpochSummary> epochs = new ArrayList<>();
    long t0 = System.nanoTime();
    err.printf(
        "%s: %d SID levels from %s, history %d items, beam %d%n",
        kind.dirName(), table.levels(), config.sids(), cap, tc.beamWidth());
    // written after every epoch; a train interrupted (killed, out of time) resumes from it
    Path checkpoint = target.resolveSibling(target.getFileName() + ".checkpoint");
    if (Files.isRegularFile(checkpoint)) {
      err.printf("resuming from %s (delete it to start over)%n", checkpoint);
    }
    try (SasRecModel teacher = tc.distill().on() ? teacher(run, kind) : null;
        HmatModel model =
            trainer.train(
                p1.train(),
                new SidVocabulary(table),
                validator(config, p1, cap),
                listener(target.getFileName().toString(), journal, epochs),
                checkpoint,
                teacher)) {
      publish(target, kind, epochs, t0, model::writeInto);
    }
    try {
      Files.deleteIfExists(checkpoint);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + checkpoint, e);
    }
  }

  /** The run's SASRec, trained on P1's training split: the teacher of {@code hmat.distill}. */
  private SasRecModel teacher(RunDirectory run, ModelKind kind) {
    Path dir = run.model(ModelKind.SASREC.dirName());
    String fix =
        "; train it first (`hisam train --run "
            + run.root()
            + " --model sasrec`) or set hmat.distill.weight=0";
    if (!Files.isRegularFile(dir.resolve(SasRecModel.INFO_FILE))) {
      throw new IllegalArgumentException(
          kind.dirName() + " distils from the run's SASRec, but " + dir + " holds none" + fix);
    }
    com.fasterxml.jackson.databind.JsonNode on = trainedOn(dir);
    if (on != null && !on.path("sequences").asText().equals("p1-train")) {
      throw new IllegalArgumentException(
          kind.dirName()
              + " distils from "
              + dir
              + ", which was not trained on P1's training split"
              + fix);
    }
    err.printf("%s: distilling from %s%n", kind.dirName(), dir);
    return SasRecModel.load(dir);
  }

  /** The run's semantic IDs ({@code tokenizer/<sids>/sids.bin}) that model {@code who} reads. */
  static SemanticIdTable sids(RunDirectory run, RunConfig config, String who, int numItems) {
    Path sidFile = Tokenize.dir(run.root(), config.sids()).resolve("sids.bin");
    if (!Files.isRegularFile(sidFile)) {
      throw new IllegalArgumentException(
          who
              + " reads semantic IDs from "
              + sidFile
              + ", which does not exist; run `hisam tokenize --run "
              + run.root()
              + " --tokenizer "
              + config.sids()
              + "` first (or set sids= to a tokenizer the run has)");
    }
    SemanticIdTable table = SemanticIdTable.load(sidFile);
    if (table.items() != numItems) {
      throw new IllegalArgumentException(
          sidFile + " has " + table.items() + " items, the run's catalogue " + numItems);
    }
    return table;
  }

  private static Validator validator(RunConfig config, NextItemProtocol p1, int cap) {
    NextItemProtocol.Split valid = p1.split(NextItemProtocol.Part.VALIDATION, cap);
    return scorer ->
        NextItemProtocol.evaluate(
                scorer, valid, p1.numItems(), config.eval().batchSize(), List.of(10))
            .metrics()
            .ndcg(10);
  }

  /** Progress bar per epoch, one log.jsonl line and one stderr line per epoch. */
  private TrainingListener listener(String name, LogJournal journal, List<EpochSummary> epochs) {
    return listener(name, journal, epochs, "N@10", "validNdcg10");
  }

  /**
   * As above, naming the validation metric (e.g. "AUC", "validAuc"); a null {@code field} means the
   * trainer's validation value is a placeholder (pre-training) and is not shown.
   */
  TrainingListener listener(
      String name, LogJournal journal, List<EpochSummary> epochs, String metric, String field) {
    ProgressBar[] bar = new ProgressBar[1];
    return new TrainingListener() {
      @Override
      public void onPrepare(String task, long done, long total, String unit) {
        if (bar[0] == null) {
          bar[0] = Progress.bar(name + " " + task, total, unit);
        }
        bar[0].stepTo(done);
        if (done >= total) {
          bar[0].close();
          bar[0] = null;
        }
      }

      @Override
      public void onStep(int epoch, int step, int stepsPerEpoch, double loss, long tokens) {
        if (bar[0] == null) {
          bar[0] = Progress.bar(name + " epoch " + epoch, stepsPerEpoch, "steps");
        }
        bar[0].stepTo(step);
        bar[0].setExtraMessage(String.format(" loss %.3f", loss));
      }

      @Override
      public void onEpoch(EpochSummary s) {
        if (bar[0] != null) {
          bar[0].close();
          bar[0] = null;
        }
        epochs.add(s);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("model", name);
        f.put("epoch", s.epoch());
        f.put("loss", s.meanLoss());
        boolean validated = field != null && !Double.isNaN(s.validation());
        if (validated) {
          f.put(field, s.validation());
        }
        f.put("best", s.best());
        f.put("seconds", s.seconds());
        f.put("validationSeconds", s.validationSeconds());
        f.put("tokensPerSecond", s.tokensPerSecond());
        journal.append("epoch", f);
        String valid =
            !validated
                ? "not validated"
                : String.format(
                    "valid %s %.4f%s (%.1f s)",
                    metric, s.validation(), s.best() ? " best" : "", s.validationSeconds());
        err.printf(
            "%s epoch %d: loss %.4f, %s, train %.1f s, %.0f tokens/s%n",
            name, s.epoch(), s.meanLoss(), valid, s.seconds(), s.tokensPerSecond());
      }
    };
  }

  /** Writes the model and its training.json into {@code target} in one rename. */
  private static void publish(
      Path target, ModelKind kind, List<EpochSummary> epochs, long t0, AtomicFiles.Writer writer) {
    double seconds = (System.nanoTime() - t0) / 1e9;
    double trainSeconds = epochs.stream().mapToDouble(EpochSummary::seconds).sum();
    long tokens = epochs.stream().mapToLong(EpochSummary::tokens).sum();
    int best =
        epochs.stream().filter(EpochSummary::best).mapToInt(EpochSummary::epoch).max().orElse(0);
    AtomicFiles.writeNewDirectory(
        target,
        tmp -> {
          writer.writeTo(tmp);
          writeTraining(
              tmp,
              kind,
              target.getFileName().toString(),
              epochs.size(),
              best,
              seconds,
              trainSeconds > 0 ? tokens / trainSeconds : 0);
        });
  }

  private static void writeTraining(
      Path dir,
      ModelKind kind,
      String name,
      int epochs,
      int bestEpoch,
      double seconds,
      double tokensPerSecond)
      throws IOException {
    ObjectNode t = Json.mapper().createObjectNode();
    t.put("model", name);
    t.put("kind", kind.dirName());
    t.put("epochs", epochs);
    t.put("bestEpoch", bestEpoch);
    t.put("trainSeconds", seconds);
    t.put("secondsPerEpoch", epochs > 0 ? seconds / epochs : 0);
    t.put("tokensPerSecond", tokensPerSecond);
    t.put("peakRssMiB", SasRecBench.peakRssMiB());
    Json.mapper().writeValue(dir.resolve("training.json").toFile(), t);
  }

  /** Loads a trained model as a scorer. */
  static ItemScorer load(Path dir, ModelKind kind) {
    return switch (kind) {
      case POPULARITY -> {
        try {
          int[] counts = Json.mapper().readValue(dir.resolve("counts.json").toFile(), int[].class);
          yield histories -> {
            float[][] out = new float[histories.length][counts.length];
            for (float[] row : out) {
              for (int i = 0; i < counts.length; i++) {
                row[i] = counts[i];
              }
            }
            return out;
          };
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + dir, e);
        }
      }
      case SASREC -> SasRecModel.load(dir);
      case HMAT, FLAT -> HmatModel.load(dir);
    };
  }

  /**
   * The run's trained models by directory name, in {@link ModelKind} order then by name; the kind
   * comes from {@code training.json} ("kind", or "model" for runs made before names existed).
   */
  static Map<String, ModelKind> trainedModels(RunDirectory run) {
    Path models = run.root().resolve("model");
    Map<String, ModelKind> out = new java.util.TreeMap<>();
    if (!Files.isDirectory(models)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(models)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        Path t = dir.resolve("training.json");
        if (!Files.isRegularFile(t)) {
          continue; // not a finished model (an interrupted write never gets its final name)
        }
        JsonNode training = Json.mapper().readTree(t.toFile());
        String kind = training.path("kind").asText(training.path("model").asText());
        out.put(
            dir.getFileName().toString(),
            ModelKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + models, e);
    }
    Map<String, ModelKind> ordered = new LinkedHashMap<>();
    out.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .forEach(e -> ordered.put(e.getKey(), e.getValue()));
    return ordered;
  }

  /**
   * The kind of the trained model {@code name} of {@code trained} (the run's {@link
   * #trainedModels}); an error naming the trained ones when there is no such model.
   */
  static ModelKind requireTrained(RunDirectory run, Map<String, ModelKind> trained, String name) {
    ModelKind kind = trained.get(name);
    if (kind == null) {
      throw new IllegalArgumentException(
          "--model "
              + name
              + ": no trained model of that name in "
              + run.root().resolve("model")
              + (trained.isEmpty()
                  ? "; run `hisam train` first"
                  : " (trained: " + String.join(", ", trained.keySet()) + ")"));
    }
    return kind;
  }

  /** Evaluates every trained model of the run on P1 and writes {@code eval/metrics.json}. */
  Path evaluate(RunDirectory run, RunConfig config) {
    return evaluate(run, config, List.of());
  }

  /**
   * Evaluates the named trained models (every one when {@code only} is empty) on P1 and writes
   * {@code eval/metrics.json}. With names, the entries an earlier evaluation wrote for the run's
   * other models are kept and those of the named models replaced, so one new variant is evaluated
   * without re-evaluating the rest.
   *
   * @throws IllegalArgumentException when a name is not a trained model of the run
   */
  Path evaluate(RunDirectory run, RunConfig config, List<String> only) {
    Map<String, ModelKind> trained = trainedModels(run);
    Map<String, ModelKind> selected = new LinkedHashMap<>(trained);
    if (!only.isEmpty()) {
      for (String name : only) {
        requireTrained(run, trained, name);
      }
      selected.keySet().retainAll(only);
    }
    for (int width : config.eval().beamWidths()) {
      requireBeamFillsTopK(width, config.eval(), "eval.beamWidths: a beam of " + width);
    }
    Dataset dataset = DatasetStore.read(run.data());
    NextItemProtocol p1 = new NextItemProtocol(dataset.sequences(), dataset.catalog().size());
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("dataset", dataset.name());
    root.put("protocol", "P1 next-item retrieval, full catalogue, leave-one-out (DESIGN.md 3)");
    root.set("datasetStats", stats(dataset));
    ArrayNode results = root.putArray("results");
    ArrayNode training = root.putArray("training");
    ArrayNode levelLosses = root.putArray("levelLoss");
    if (!only.isEmpty()) {
      keepOthers(run, dataset.name(), selected.keySet(), results, training, levelLosses);
    }
    Path ranksDir = run.eval().resolve("ranks");
    int[] frequency = ColdStart.frequencies(p1.train(), p1.numItems());
    // a part's targets do not depend on the model or the history cap
    Map<NextItemProtocol.Part, int[]> targets =
        new java.util.EnumMap<>(NextItemProtocol.Part.class);
    for (NextItemProtocol.Part part : NextItemProtocol.Part.values()) {
      targets.put(part, p1.split(part, 1).targets());
    }
    int evaluated = 0;
    for (Map.Entry<String, ModelKind> model : selected.entrySet()) {
      String name = model.getKey();
      ModelKind kind = model.getValue();
      Path dir = run.model(name);
      evaluated++;
      ItemScorer loaded = load(dir, kind);
      try {
        for (ScorerView view : views(name, loaded, config.eval())) {
          String rowName = view.name();
          ItemScorer scorer = view.scorer();
          Map<Integer, Integer> reads = new java.util.HashMap<>(); // items read -> first cap
          for (int cap : config.eval().historyCaps()) {
            Integer same = reads.putIfAbsent(Math.min(cap, scorer.historyCapacity()), cap);
            if (same != null) {
              err.printf(
                  "%-10s h%d skipped: the model reads at most %d items, as at h%d%n",
                  rowName, cap, scorer.historyCapacity(), same);
              continue;
            }
            for (NextItemProtocol.Part part : NextItemProtocol.Part.values()) {
              long t0 = System.nanoTime();
              NextItemProtocol.Result r =
                  p1.evaluate(scorer, part, cap, config.eval().batchSize(), config.eval().ks());
              double ms = (System.nanoTime() - t0) / 1e6 / p1.users();
              String split = part == NextItemProtocol.Part.TEST ? "test" : "validation";
              ObjectNode primary = row(rowName, split, cap, "primary", r.metrics(), ms);
              primary.set(
                  "buckets",
                  buckets(
                      ColdStart.ranking(
                          r.ranks(), targets.get(part), frequency, config.eval().ks())));
              ObjectNode excluded =
                  row(rowName, split, cap, "historyExcluded", r.metricsHistoryExcluded(), ms);
              for (ObjectNode n : List.of(primary, excluded)) {
                n.put("modelDir", name);
                if (view.beamWidth() > 0) {
                  n.put("beamWidth", view.beamWidth());
                }
                results.add(n);
              }
              String base = rowName + "-" + split + "-h" + cap;
              RankFile.write(ranksDir.resolve(base + ".txt"), r.ranks());
              RankFile.write(
                  ranksDir.resolve(base + "-history-excluded.txt"), r.ranksHistoryExcluded());
              err.printf(
                  "%-10s %-10s h%-3d R@10 %.4f N@10 %.4f (%.3f ms/user)%n",
                  rowName, split, cap, r.metrics().recall(10), r.metrics().ndcg(10), ms);
            }
          }
        }
        if (loaded instanceof HmatModel hm) {
          levelLosses.add(
              levelLoss(name, hm, p1, Math.min(config.eval().batchSize(), LEVEL_LOSS_BATCH)));
        }
      } finally {
        if (loaded instanceof AutoCloseable c) {
          try {
            c.close();
          } catch (Exception e) {
            throw new IllegalStateException("cannot release " + kind, e);
          }
        }
      }
      Path t = dir.resolve("training.json");
      if (Files.isRegularFile(t)) {
        try {
          training.add(Json.mapper().readTree(t.toFile()));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + t, e);
        }
      }
    }
    if (evaluated == 0) {
      throw new IllegalStateException(
          "no trained model in " + run.root() + "/model; run `hisam train` first");
    }
    if (dataset.name().equals(DatasetKind.BEAUTY.cliName())) {
      ArrayNode pub = root.putArray("published");
      for (Published p : Published.BEAUTY) {
        ObjectNode n = pub.addObject();
        n.put("model", p.model());
        n.put("R@5", p.r5());
        n.put("R@10", p.r10());
        n.put("N@5", p.n5());
        n.put("N@10", p.n10());
        n.put("source", p.source());
      }
    }
    AtomicFiles.writeFile(run.metrics(), tmp -> Json.mapper().writeValue(tmp.toFile(), root));
    new LogJournal(run.log()).append("evaluate", Map.of("models", evaluated));
    return run.metrics();
  }

  /** One way a trained model is evaluated: its result-row name, scorer, beam width (0: none). */
  record ScorerView(String name, ItemScorer scorer, int beamWidth) {}

  /**
   * The scorers one trained model is evaluated as: the model itself, or for a generative model with
   * {@code eval.beamWidths} set, one beam search per width ({@code <name>-beam<width>} for a width
   * other than the model's own).
   */
  static List<ScorerView> views(String name, ItemScorer model, EvalConfig eval) {
    if (!(model instanceof HmatModel hm)) {
      return List.of(new ScorerView(name, model, 0));
    }
    if (eval.beamWidths().isEmpty()) {
      requireBeamFillsTopK(hm.beamWidth(), eval, "the beam " + name + " was trained with");
      return List.of(new ScorerView(name, hm, hm.beamWidth()));
    }
    List<ScorerView> out = new ArrayList<>();
    for (int width : eval.beamWidths()) {
      out.add(
          width == hm.beamWidth()
              ? new ScorerView(name, hm, width)
              : new ScorerView(name + "-beam" + width, hm.atBeamWidth(width), width));
    }
    return out;
  }

  /**
   * A beam returns as many items as it is wide; a target outside it is a miss, which the dense
   * ranking counts correctly only when every cut-off K fits inside the beam (otherwise the tie rule
   * could rank a missed item with a small ItemId within the top K).
   */
  static void requireBeamFillsTopK(int width, EvalConfig eval, String what) {
    int maxK = eval.ks().stream().mapToInt(Integer::intValue).max().orElse(0);
    if (width < maxK) {
      throw new IllegalArgumentException(
          what
              + " returns only "
              + width
              + " items, fewer than the largest cut-off K = "
              + maxK
              + " of eval.ks; evaluate with --set eval.beamWidths=["
              + maxK
              + "] or wider");
    }
  }

  /**
   * Copies into the new metrics the rows an earlier {@code eval/metrics.json} of the same dataset
   * holds for models other than {@code replaced}.
   */
  private static void keepOthers(
      RunDirectory run,
      String dataset,
      java.util.Set<String> replaced,
      ArrayNode results,
      ArrayNode training,
      ArrayNode levelLosses) {
    Path file = run.metrics();
    if (!Files.isRegularFile(file)) {
      return;
    }
    JsonNode old;
    try {
      old = Json.mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the earlier evaluation " + file + " (delete it to start afresh)", e);
    }
    if (!dataset.equals(old.path("dataset").asText())) {
      return;
    }
    Map<String, ArrayNode> into =
        Map.of("results", results, "training", training, "levelLoss", levelLosses);
    for (Map.Entry<String, ArrayNode> part : into.entrySet()) {
      for (JsonNode row : old.path(part.getKey())) {
        // a beam-width row names its model in modelDir (hmat-beam50 comes from hmat)
        String model = row.path("modelDir").asText(row.path("model").asText());
        if (!replaced.contains(model)) {
          part.getValue().add(row);
        }
      }
    }
  }

  /**
   * Users per full forward of the per-level likelihood: its activations grow with the batch (1,024
   * Beauty users of the four-block model peaked at 12.8 GB), the beam search's do not.
   */
  private static final int LEVEL_LOSS_BATCH = 128;

  /**
   * Per-level NLL of the validation targets under a generative model (see {@link LevelLoss}), as a
   * metrics.json node; also printed.
   */
  private ObjectNode levelLoss(String name, HmatModel model, NextItemProtocol p1, int batchSize) {
    NextItemProtocol.Split split =
        p1.split(NextItemProtocol.Part.VALIDATION, model.config().maxItems());
    LevelLoss loss =
        LevelLoss.measure(model.network(), split.histories(), split.targets(), batchSize);
    double uniform = Math.log(p1.numItems());
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("model", name);
    n.put("split", "validation");
    n.put("targets", loss.targets());
    ArrayNode levels = n.putArray("levels");
    StringBuilder line = new StringBuilder();
    for (int l = 0; l < loss.levels().length; l++) {
      ObjectNode level = levels.addObject();
      level.put("level", loss.levels()[l]);
      level.put("nll", loss.raw()[l]);
      level.put("constrainedNll", loss.constrained()[l]);
      line.append(String.format(" %s %.2f", loss.levels()[l], loss.constrained()[l]));
    }
    n.put("nll", loss.rawTotal());
    n.put("constrainedNll", loss.constrainedTotal());
    n.put("uniformNll", uniform);
    err.printf(
        "%-10s validation NLL per level (constrained, nats):%s | total %.2f, uniform %.2f%n",
        name, line, loss.constrainedTotal(), uniform);
    return n;
  }

  private static ObjectNode row(
      String name, String split, int cap, String variant, RankingMetrics m, double msPerUser) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("model", name);
    n.put("split", split);
    n.put("historyCap", cap);
    n.put("variant", variant);
    n.put("users", m.users());
    ObjectNode mm = n.putObject("metrics");
    for (RankingMetrics.AtK a : m.atK()) {
      mm.put("R@" + a.k(), a.recall());
      mm.put("N@" + a.k(), a.ndcg());
    }
    n.put("msPerUser", msPerUser);
    return n;
  }

  /** P3: the metrics of the users whose target has each training frequency. */
  private static ArrayNode buckets(List<ColdStart.BucketRanking> buckets) {
    ArrayNode out = Json.mapper().createArrayNode();
    for (ColdStart.BucketRanking b : buckets) {
      ObjectNode n = out.addObject();
      n.put("bucket", label(b.bucket()));
      n.put("users", b.metrics().users());
      ObjectNode mm = n.putObject("metrics");
      for (RankingMetrics.AtK a : b.metrics().atK()) {
        mm.put("R@" + a.k(), a.recall());
        mm.put("N@" + a.k(), a.ndcg());
      }
    }
    return out;
  }

  /** "0", "1-4", "5-19", ">=20". */
  static String label(FrequencyBucket b) {
    if (b.min() == b.max()) {
      return Integer.toString(b.min());
    }
    return b.max() == Integer.MAX_VALUE ? ">=" + b.min() : b.min() + "-" + b.max();
  }

  private static JsonNode stats(Dataset d) {
    return Json.mapper().valueToTree(DatasetStats.of(d));
  }
}
