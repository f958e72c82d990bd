package dev.hisam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hisam.cli.tokenize.Tokenize;
import dev.hisam.cli.tokenize.TokenizeConfig;
import dev.hisam.core.Json;
import dev.hisam.core.Seeds;
import dev.hisam.core.io.AtomicFiles;
import dev.hisam.core.io.LogJournal;
import dev.hisam.core.io.RunDirectory;
import dev.hisam.data.Dataset;
import dev.hisam.data.DatasetKind;
import dev.hisam.data.DatasetStore;
import dev.hisam.encode.Modality;
import dev.hisam.eval.ClassificationMetrics;
import dev.hisam.eval.ClassificationMetrics.CtrMetrics;
import dev.hisam.eval.ColdStart;
import dev.hisam.eval.CtrExamples;
import dev.hisam.eval.CtrProtocol;
import dev.hisam.eval.NewItemSplit;
import dev.hisam.eval.ScoreSpread;
import dev.hisam.eval.baseline.ContentLogisticRegression;
import dev.hisam.hmat.CtrModel;
import dev.hisam.hmat.CtrTrainConfig;
import dev.hisam.hmat.CtrTrainer;
import dev.hisam.hmat.HmatModel;
import dev.hisam.hmat.HmatTrainConfig;
import dev.hisam.hmat.HmatTrainer;
import dev.hisam.hmat.SidVocabulary;
import dev.hisam.tokenizer.SemanticIdTable;
import dev.hisam.train.sasrec.EpochSummary;
import dev.hisam.train.sasrec.SasRecBench;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * P2 CTR ranking (and P3's buckets and new-item run) of one model: builds the protocol's split,
 * trains on all but the last {@code validationFraction} of the training examples, selects on those,
 * scores the test examples and publishes {@code ctr/<name>/} (model, metrics.json, scores.tsv,
 * training.json) in one rename.
 */
final class CtrStage {
  /** History spread below this share of all logits' spread: the model ignores the history. */
  static final double HISTORY_BLIND = 0.01;

  /** Folder under the run holding one folder per CTR model. */
  static final String DIR = "ctr";

  static final String METRICS = "metrics.json";

  /** The content modalities a logreg model reads, beside its weights. */
  static final String MODALITIES = "modalities.json";

  private final PrintWriter err;

  CtrStage(PrintWriter err) {
    this.err = err;
  }

  static Path dir(RunDirectory run) {
    return run.root().resolve(DIR);
  }

  /** What a trained model leaves to publish. */
  private record Trained(
      float[] testScores,
      double validationAuc,
      int epochs,
      int bestEpoch,
      double tokensPerSecond,
      AtomicFiles.Writer writer) {}

  void run(RunDirectory run, RunConfig config, CtrKind kind, String name, boolean newItems) {
    if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "model name '" + name + "' must be lower-case letters, digits, '.', '_' or '-'");
    }
    Path target = dir(run).resolve(name);
    if (Files.exists(target)) {
      throw new IllegalStateException(
          target + " already exists; a run keeps its trained models (use --as for a variant)");
    }
    Dataset dataset = DatasetStore.read(run.data(), config.data().rootPath());
    Seeds runSeeds = new Seeds(config.seed());
    CtrConfig cc = config.ctr();
    Seeds seeds = cc.trainingSeeds(runSeeds);
    int cap = cc.train().model().maxItems();
    CtrProtocol p2 = CtrProtocol.of(dataset, cap);
    CtrExamples train = p2.train();
    CtrExamples test = p2.test();
    if (test.size() == 0 || train.size() < 10) {
      throw new IllegalArgumentException(
          "P2 needs labelled examples: " + train.size() + " train, " + test.size() + " test");
    }
    int numItems = dataset.catalog().size();
    NewItemSplit split = newItemSplit(dataset, cc, runSeeds, newItems);
    if (split != null) {
      train = split.filterTraining(train);
      err.printf(
          "new-item run: %,d of %,d items held out of all training data%n",
          split.heldOut().length, numItems);
    }
    int cut = validationCut(train, cc);
    CtrExamples fit = train.slice(0, cut);
    CtrExamples valid = train.slice(cut, train.size());
    int[] frequency = frequencies(dataset, train, test.timestamp()[0], split);
    err.printf(
        "%s: P2 %,d train (%,d fit + %,d validation), %,d test examples, history cap %d%n",
        name, train.size(), fit.size(), valid.size(), test.size(), cap);
    LogJournal journal = new LogJournal(run.log());
    List<EpochSummary> epochs = new ArrayList<>();
    SasRecBench.resetPeakRss(); // metrics.json's peak is this model's
    long t0 = System.nanoTime();
    Trained trained =
        switch (kind) {
          case LOGREG -> logreg(run, dataset, cc, fit, valid, test, seeds);
          case HMAT, FLAT, ITEM_ID -> {
            CtrTrainConfig tc = cc.train();
            SidVocabulary vocab;
            if (kind == CtrKind.ITEM_ID) {
              // the ID baseline reads IDs only: no content head (it is what new items lack)
              tc = tc.withModel(tc.model().flat()).withoutContentHead();
              vocab = new SidVocabulary(itemIds(numItems));
            } else {
              if (kind == CtrKind.FLAT) {
                tc = tc.withModel(tc.model().flat());
              }
              requireNoLeak(run, config.sids(), dataset, newItems);
              vocab = new SidVocabulary(Stages.sids(run, config, kind.cliName(), numItems));
            }
            HmatModel pretrained =
                cc.pretrainEpochs() > 0 && kind != CtrKind.ITEM_ID
                    ? pretrain(
                        config,
                        tc,
                        dataset,
                        valid.timestamp()[0],
                        split,
                        vocab,
                        seeds,
                        name,
                        journal)
                    : null;
            try {
              float[][] content =
                  tc.contentHead()
                      ? Tokenize.contentVectors(
                          run, dataset, contentModalities(dataset, cc.logregModalities()), err)
                      : null;
              yield transformer(
                  tc, seeds, fit, valid, test, vocab, journal, name, epochs, pretrained, content);
            } finally {
              if (pretrained != null) {
                pretrained.close();
              }
            }
          }
        };
    double seconds = (System.nanoTime() - t0) / 1e9;
    ObjectNode metrics = metrics(name, kind, newItems, cap, trained, test, frequency, split);
    metrics.put("repeat", cc.repeat());
    metrics.put("seconds", seconds);
    metrics.put("peakRssMiB", SasRecBench.peakRssMiB());
    AtomicFiles.writeNewDirectory(
        target,
        tmp -> {
          trained.writer().writeTo(tmp);
          Json.mapper().writeValue(tmp.resolve(METRICS).toFile(), metrics);
          writeScores(tmp.resolve("scores.tsv"), dataset, test, trained.testScores());
          if (split != null) {
            Json.mapper().writeValue(tmp.resolve("held-out-items.json").toFile(), split.heldOut());
          }
        });
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("model", name);
    line.put("auc", metrics.get("test").get("auc").asDouble());
    line.put("gauc", metrics.get("test").get("gauc").asDouble());
    line.put("seconds", seconds);
    journal.append("ctr", line);
    err.printf(
        "%s: test AUC %.4f, GAUC %.4f (validation AUC %.4f) in %.1f s -> %s%n",
        name,
        metrics.get("test").get("auc").asDouble(),
        metrics.get("test").get("gauc").asDouble(),
        trained.validationAuc(),
        seconds,
        target);
    JsonNode spread = metrics.get("spread");
    double history = spread.get("history").asDouble();
    double total = spread.get("total").asDouble();
    err.printf(
        Locale.ROOT,
        "%s: history spread %.4f (sd of an item's logit across users; all logits %.4f),"
            + " user-offset AUC %.4f%n",
        name,
        history,
        total,
        spread.get("userOffsetAuc").asDouble());
    if (history < HISTORY_BLIND * total) {
      err.printf(
          "warning: %s scores an item almost the same for every user: it hardly reads the"
              + " history%s%n",
          name,
          kind == CtrKind.HMAT && !cc.train().model().contentAnchors()
              ? " (content anchors often fix this: --set ctr.train.model.anchorContent=true)"
              : "");
    }
  }

  private Trained transformer(
      CtrTrainConfig tc,
      Seeds seeds,
      CtrExamples fit,
      CtrExamples valid,
      CtrExamples test,
      SidVocabulary vocab,
      LogJournal journal,
      String name,
      List<EpochSummary> epochs,
      HmatModel pretrained,
      float[][] content) {
    err.printf(
        "%s: %d tokens per item, d%d, %d blocks, %s%n",
        name,
        vocab.levels() + (tc.model().anchors() ? 1 : 0),
        tc.model().dim(),
        tc.model().blocks(),
        tc.model().anchors() ? "memory anchors" : "dense causal attention");
    CtrModel model =
        new CtrTrainer(tc, seeds)
            .train(
                fit,
                vocab,
                valid,
                new Stages(err).listener(name, journal, epochs, "AUC", "validAuc"),
                pretrained,
                content);
    float[] scores;
    try {
      scores = model.score(test);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    double trainSeconds = epochs.stream().mapToDouble(EpochSummary::seconds).sum();
    long tokens = epochs.stream().mapToLong(EpochSummary::tokens).sum();
    return new Trained(
        scores,
        model.provenance().bestValidation(),
        epochs.size(),
        model.provenance().bestEpoch(),
        trainSeconds > 0 ? tokens / trainSeconds : 0,
        dir -> {
          try (model) {
            model.writeInto(dir);
          }
        });
  }

  /**
   * Next-item pre-training of the CTR transformer: teacher forcing over every user's positives
   * earlier than {@code before} (no validation or test interaction), without held-out items.
   */
  private HmatModel pretrain(
      RunConfig config,
      CtrTrainConfig tc,
      Dataset d,
      long before,
      NewItemSplit split,
      SidVocabulary vocab,
      Seeds seeds,
      String name,
      LogJournal journal) {
    int[][] early = positivesBefore(d, before, split);
    int epochs = config.ctr().pretrainEpochs();
    HmatTrainConfig pc =
        config
            .hmat()
            .withModel(tc.model().withMaxItems(Math.min(50, tc.model().maxItems())))
            .withMaxEpochs(epochs)
            // validated once, at the end: the last weights are kept
            .withValidation(config.hmat().patience(), epochs);
    err.printf(
        "%s: next-item pre-training, %d epochs on positives before the validation%n", name, epochs);
    List<EpochSummary> pre = new ArrayList<>();
    return new HmatTrainer(pc, seeds)
        .train(
            early,
            vocab,
            scorer -> 0.0,
            new Stages(err).listener(name + "-p1", journal, pre, "-", null));
  }

  /**
   * Refuses SIDs whose collaborative modality comes from an item table that has seen P2's
   * validation or test interactions (a SASRec on P1's split), or, in a new-item run, the held-out
   * items: the CTR metrics would measure the leak. A table from {@code train --ctr-period} (with
   * {@code --new-items} for the new-item run) passes.
   */
  static void requireNoLeak(RunDirectory run, String sids, Dataset d, boolean newItems) {
    Path file = Tokenize.dir(run.root(), sids).resolve("config.json");
    if (!Files.isRegularFile(file)) {
      return; // Stages.sids names the missing tokenizer
    }
    JsonNode tc;
    try {
      tc = Json.mapper().readTree(file.toFile()); // the resolved config plus what the run found
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
    List<Modality> modalities =
        TokenizeConfig.parseModalities(tc.path("modalities").asText("default"));
    if (modalities.isEmpty()) {
      modalities = TokenizeConfig.defaults().modalitiesFor(DatasetKind.parse(d.name()));
    }
    if (!modalities.contains(Modality.COLLABORATIVE)) {
      return;
    }
    Path table =
        run.model(
            tc.path("collaborative")
                .path("model")
                .asText(TokenizeConfig.defaults().collaborative().model()));
    String fix =
        "; train one with `hisam train --run "
            + run.root()
            + " --model sasrec --as NAME --ctr-period"
            + (newItems ? " --new-items" : "")
            + "` and tokenize with --set collaborative.model=NAME";
    JsonNode info = Stages.trainedOn(table);
    if (info == null || !info.path("sequences").asText().equals("ctr-period")) {
      throw new IllegalArgumentException(
          "SIDs "
              + sids
              + " carry a collaborative modality from "
              + table
              + ", which was not trained on the CTR period only: it has seen P2's validation"
              + " and test interactions"
              + fix);
    }
    if (newItems && !info.path("newItems").asBoolean()) {
      throw new IllegalArgumentException(
          "SIDs "
              + sids
              + " carry a collaborative modality from "
              + table
              + ", which has seen the new-item run's held-out items"
              + fix);
    }
  }

  /** The new-item run's held-out items (drawn from the root seed), or null for a plain run. */
  static NewItemSplit newItemSplit(Dataset d, CtrConfig cc, Seeds seeds, boolean newItems) {
    return newItems ? NewItemSplit.draw(d.catalog().size(), cc.newItemFraction(), seeds) : null;
  }

  /** Index of the first validation example: the last {@code validationFraction} validate. */
  static int validationCut(CtrExamples train, CtrConfig cc) {
    return (int) Math.round(train.size() * (1 - cc.validationFraction()));
  }

  /**
   * The CTR training period: everything before {@code start} (when P2's validation period starts
   * for {@code ctr} with this configuration) is fair game for training anything the CTR models read
   * (pre-training, the collaborative item table of the SIDs), nothing after it; {@code split} holds
   * the new-item run's held-out items, or is null for a plain run.
   */
  record TrainingPeriod(long start, NewItemSplit split) {}

  /** The CTR training period of {@code d} under {@code config} (see {@link TrainingPeriod}). */
  static TrainingPeriod trainingPeriod(Dataset d, RunConfig config, boolean newItems) {
    CtrConfig cc = config.ctr();
    CtrExamples train = CtrProtocol.of(d, cc.train().model().maxItems()).train();
    NewItemSplit split = newItemSplit(d, cc, new Seeds(config.seed()), newItems);
    if (split != null) {
      train = split.filterTraining(train);
    }
    int cut = validationCut(train, cc);
    if (train.size() < 10 || cut >= train.size()) {
      throw new IllegalArgumentException(
          "P2 needs labelled examples (dataset " + d.name() + " has ratings?): " + train.size());
    }
    return new TrainingPeriod(train.timestamp()[cut], split);
  }

  /**
   * Every user's positives earlier than {@code before}, in order, without the held-out items of
   * {@code split} (when not null).
   */
  static int[][] positivesBefore(Dataset d, long before, NewItemSplit split) {
    int[][] seqs = d.sequences();
    long[][] times = d.sequenceTimes();
    int[][] early = new int[seqs.length][];
    for (int u = 0; u < seqs.length; u++) {
      int end = CtrProtocol.historyEnd(times[u], before);
      early[u] = java.util.Arrays.copyOf(seqs[u], end);
    }
    return split == null ? early : split.filterSequences(early);
  }

  private Trained logreg(
      RunDirectory run,
      Dataset dataset,
      CtrConfig cc,
      CtrExamples fit,
      CtrExamples valid,
      CtrExamples test,
      Seeds seeds) {
    List<Modality> modalities = contentModalities(dataset, cc.logregModalities());
    err.println("logreg: content embeddings " + modalities);
    float[][] vectors = Tokenize.contentVectors(run, dataset, modalities, err);
    ContentLogisticRegression lr =
        ContentLogisticRegression.train(vectors, fit, cc.logreg(), seeds);
    double validAuc =
        valid.size() > 0 ? ClassificationMetrics.auc(lr.score(valid), valid.label()) : Double.NaN;
    return new Trained(
        lr.score(test),
        validAuc,
        cc.logreg().epochs(),
        cc.logreg().epochs(),
        0,
        dir -> {
          lr.save(dir.resolve("logreg.json"));
          Json.mapper()
              .writeValue(
                  dir.resolve(MODALITIES).toFile(), modalities.stream().map(Enum::name).toList());
        });
  }

  /**
   * The modalities named by {@code spec} ("default", or a list such as "text,image"): content only,
   * never collaborative (a content model must be able to score items nobody interacted with).
   */
  static List<Modality> contentModalities(Dataset d, String spec) {
    if (spec.equals("default")) {
      return contentModalities(d);
    }
    List<Modality> out;
    try {
      out = TokenizeConfig.parseModalities(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().replaceFirst("^modalities", "ctr.logregModalities"), e);
    }
    for (Modality m : out) {
      if (m != Modality.TEXT && m != Modality.IMAGE && m != Modality.ATTRIBUTES) {
        throw new IllegalArgumentException(
            "ctr.logregModalities: "
                + m.name().toLowerCase(java.util.Locale.ROOT)
                + " is not content (text, image, attributes)");
      }
    }
    return out;
  }

  /** Text and image where the dataset has them, else attributes: content only, never IDs. */
  static List<Modality> contentModalities(Dataset d) {
    List<Modality> out = new ArrayList<>();
    if (present(d.content().text())) {
      out.add(Modality.TEXT);
    }
    if (present(d.content().images())) {
      out.add(Modality.IMAGE);
    }
    if (out.isEmpty() && present(d.content().attributes())) {
      out.add(Modality.ATTRIBUTES);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "dataset '" + d.name() + "' has no item content (text, image or attributes)");
    }
    return out;
  }

  private static boolean present(Object[] values) {
    if (values == null) {
      return false;
    }
    for (Object v : values) {
      if (v != null) {
        return true;
      }
    }
    return false;
  }

  /** One level of ItemIds: the ID-based model reads item i as token "item i". */
  static SemanticIdTable itemIds(int numItems) {
    int[][] codes = new int[numItems][];
    for (int i = 0; i < numItems; i++) {
      codes[i] = new int[] {i};
    }
    return SemanticIdTable.of(List.of("item"), new int[] {numItems}, codes);
  }

  /**
   * Training interactions per item: the positives earlier than the test split (histories and
   * positive training labels) plus the negative training labels; held-out items of a new-item run
   * have none.
   */
  static int[] frequencies(Dataset d, CtrExamples train, long testStart, NewItemSplit split) {
    int n = d.catalog().size();
    int[] f = new int[n];
    int[][] seqs = d.sequences();
    long[][] times = d.sequenceTimes();
    for (int u = 0; u < seqs.length; u++) {
      for (int j = 0; j < seqs[u].length && times[u][j] < testStart; j++) {
        f[seqs[u][j]]++;
      }
    }
    for (int i = 0; i < train.size(); i++) {
      if (!train.label()[i]) {
        f[train.item()[i]]++;
      }
    }
    if (split != null) {
      for (int item : split.heldOut()) {
        f[item] = 0;
      }
    }
    return f;
  }

  private static ObjectNode metrics(
      String name,
      CtrKind kind,
      boolean newItems,
      int cap,
      Trained t,
      CtrExamples test,
      int[] frequency,
      NewItemSplit split) {
    ObjectNode m = Json.mapper().createObjectNode();
    m.put("protocol", "P2");
    m.put("model", name);
    m.put("kind", kind.cliName());
    m.put("newItems", newItems);
    m.put("historyCap", cap);
    m.put("validationAuc", t.validationAuc());
    m.put("epochs", t.epochs());
    m.put("bestEpoch", t.bestEpoch());
    m.put("tokensPerSecond", t.tokensPerSecond());
    float[] s = t.testScores();
    m.set("test", node(ClassificationMetrics.of(s, test.label(), test.user())));
    ScoreSpread spread = ScoreSpread.of(s, test.label(), test.user(), test.item());
    ObjectNode sp = m.putObject("spread");
    sp.put("history", spread.historySpread());
    sp.put("items", spread.spreadItems());
    sp.put("user", spread.userSpread());
    sp.put("total", spread.totalSpread());
    sp.put("userOffsetAuc", spread.userOffsetAuc());
    ArrayNode buckets = m.putArray("buckets");
    for (ColdStart.BucketCtr b :
        ColdStart.ctr(s, test.label(), test.user(), test.item(), frequency)) {
      ObjectNode row = node(b.metrics());
      row.put("bucket", Stages.label(b.bucket()));
      buckets.add(row);
    }
    if (split != null) {
      m.put("heldOutItems", split.heldOut().length);
      m.set("heldOut", node(subset(s, test, true, split)));
      m.set("seen", node(subset(s, test, false, split)));
    }
    return m;
  }

  private static CtrMetrics subset(float[] s, CtrExamples test, boolean held, NewItemSplit split) {
    int n = 0;
    for (int item : test.item()) {
      n += split.isHeldOut(item) == held ? 1 : 0;
    }
    float[] sc = new float[n];
    boolean[] l = new boolean[n];
    int[] u = new int[n];
    int k = 0;
    for (int i = 0; i < test.size(); i++) {
      if (split.isHeldOut(test.item()[i]) == held) {
        sc[k] = s[i];
        l[k] = test.label()[i];
        u[k] = test.user()[i];
        k++;
      }
    }
    return ClassificationMetrics.of(sc, l, u);
  }

  private static ObjectNode node(CtrMetrics c) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("examples", c.examples());
    o.put("positives", c.positives());
    o.put("auc", c.auc());
    o.put("gauc", c.gauc());
    o.put("gaucUsers", c.gaucUsers());
    return o;
  }

  private static void writeScores(Path file, Dataset d, CtrExamples test, float[] scores)
      throws java.io.IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("user\titem\tlabel\tlogit\n");
      for (int i = 0; i < test.size(); i++) {
        w.write(
            d.userKeys().get(test.user()[i])
                + "\t"
                + d.catalog().key(test.item()[i])
                + "\t"
                + (test.label()[i] ? 1 : 0)
                + "\t"
                + scores[i]
                + "\n");
      }
    }
  }
}
