package dev.hisam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hisam.cli.tokenize.SasRecItemTable;
import dev.hisam.core.Json;
import dev.hisam.core.Seeds;
import dev.hisam.core.io.RunDirectory;
import dev.hisam.data.Dataset;
import dev.hisam.data.DatasetStore;
import dev.hisam.eval.NewItemSplit;
import dev.hisam.eval.ScoreSpread;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hisam ctr}, {@code score} and the CTR report on a tiny MovieLens-layout dataset: P2
 * metrics with P3 buckets for the item-ID transformer and the content logistic regression, the
 * new-item run, scoring from files with clear errors.
 */
@Tag("smoke")
class CtrCliTest {
  @TempDir static Path tmp;
  static Path run;

  static final String[] TINY = {
    "--set", "ctr.train.model.dim=16",
    "--set", "ctr.train.model.heads=2",
    "--set", "ctr.train.model.ffnDim=32",
    "--set", "ctr.train.model.maxItems=12",
    "--set", "ctr.train.usersPerBatch=8",
    "--set", "ctr.train.candidatesPerUser=4",
    "--set", "ctr.train.maxEpochs=2",
    "--set", "ctr.logreg.epochs=3"
  };

  static final List<String> TINY_SASREC =
      List.of(
          "--set", "sasrec.model.dim=16",
          "--set", "sasrec.model.ffnDim=32",
          "--set", "sasrec.model.maxLen=10",
          "--set", "sasrec.maxEpochs=2");

  /** Runs the CLI with {@code args}, then the tiny settings. */
  static CliResult withTiny(List<String> args) {
    List<String> a = new ArrayList<>(args);
    a.addAll(TINY_SASREC);
    a.addAll(List.of(TINY));
    return CliResult.run(a.toArray(String[]::new));
  }

  /** Runs {@code ctr --run <run> <args>} at the tiny size. */
  static CliResult ctr(String... args) {
    List<String> a = new ArrayList<>(List.of("ctr", "--run", run.toString()));
    a.addAll(List.of(args));
    a.addAll(List.of(TINY));
    return CliResult.run(a.toArray(String[]::new));
  }

  @BeforeAll
  static void prepareAndTrain() {
    Path data = TinyData.movielens(tmp.resolve("data"), 40, 30);
    run = tmp.resolve("run");
    CliResult p =
        CliResult.run(
            "prepare",
            "--run",
            run.toString(),
            "--set",
            "data.dataset=movielens",
            "--set",
            "data.root=" + data);
    assertEquals(0, p.exit(), p.err());
    CliResult c = ctr("--model", "item-id", "--model", "logreg");
    assertEquals(0, c.exit(), c.err());
    assertTrue(c.err().contains("item-id: history spread "), c.err());
    CliResult n = ctr("--model", "item-id", "--new-items");
    assertEquals(0, n.exit(), n.err());
  }

  @Test
  void metricsHaveP2AndP3ForEveryModel() throws Exception {
    for (String model : List.of("item-id", "logreg")) {
      Path dir = run.resolve("ctr").resolve(model);
      JsonNode m = Json.mapper().readTree(dir.resolve("metrics.json").toFile());
      JsonNode test = m.path("test");
      assertTrue(test.path("examples").asInt() > 0, m.toString());
      double auc = test.path("auc").asDouble(Double.NaN);
      assertTrue(auc >= 0 && auc <= 1, "AUC " + auc);
      assertEquals(4, m.path("buckets").size());
      int inBuckets = 0;
      for (JsonNode b : m.path("buckets")) {
        inBuckets += b.path("examples").asInt();
      }
      assertEquals(test.path("examples").asInt(), inBuckets, "buckets partition the test set");
      List<String> lines = Files.readAllLines(dir.resolve("scores.tsv"));
      assertEquals(test.path("examples").asInt() + 1, lines.size());
      // the score spreads are those of the written test scores
      int n = lines.size() - 1;
      float[] scores = new float[n];
      boolean[] labels = new boolean[n];
      int[] users = new int[n];
      int[] items = new int[n];
      java.util.Map<String, Integer> keys = new java.util.HashMap<>();
      for (int i = 0; i < n; i++) {
        String[] f = lines.get(i + 1).split("\t");
        users[i] = keys.computeIfAbsent("u" + f[0], k -> keys.size());
        items[i] = keys.computeIfAbsent("i" + f[1], k -> keys.size());
        labels[i] = f[2].equals("1");
        scores[i] = Float.parseFloat(f[3]);
      }
      ScoreSpread expected = ScoreSpread.of(scores, labels, users, items);
      JsonNode spread = m.path("spread");
      assertEquals(expected.historySpread(), spread.path("history").asDouble(), 1e-5, model);
      assertEquals(expected.userSpread(), spread.path("user").asDouble(), 1e-5, model);
      assertEquals(expected.userOffsetAuc(), spread.path("userOffsetAuc").asDouble(), 1e-9, model);
      assertTrue(spread.path("history").asDouble() > 0, model + " reads the history: " + spread);
    }
  }

  /** The ID baseline reads IDs only: no content head even though it is on by default. */
  @Test
  void itemIdBaselineHasNoContentHead() throws Exception {
    assertFalse(Files.exists(run.resolve("ctr/item-id/content.bin")));
    JsonNode info = Json.mapper().readTree(run.resolve("ctr/item-id/model.json").toFile());
    assertFalse(info.path("provenance").path("trainConfig").path("contentHead").asBoolean(true));
  }

  @Test
  void newItemRunSplitsHeldOutAndSeenItems() throws Exception {
    Path dir = run.resolve("ctr/item-id-new-items");
    JsonNode m = Json.mapper().readTree(dir.resolve("metrics.json").toFile());
    assertTrue(m.path("newItems").asBoolean());
    assertEquals(3, m.path("heldOutItems").asInt()); // 10% of 30
    int held = m.path("heldOut").path("examples").asInt();
    int seen = m.path("seen").path("examples").asInt();
    assertEquals(m.path("test").path("examples").asInt(), held + seen);
    JsonNode heldOut = Json.mapper().readTree(dir.resolve("held-out-items.json").toFile());
    assertEquals(3, heldOut.size());
    // held-out items have no training interactions: all their test examples fall in bucket 0
    assertTrue(m.path("buckets").get(0).path("examples").asInt() >= held);
  }

  @Test
  void scoreWritesProbabilitiesAndNamesBadInput() throws Exception {
    Path requests = tmp.resolve("requests.jsonl");
    Files.writeString(
        requests,
        "{\"user\": \"1\", \"history\": [\"1\", \"4\"], \"candidates\": [\"7\", \"2\"]}\n"
            + "\n"
            + "{\"history\": [], \"candidates\": [\"3\"]}\n");
    Path out = tmp.resolve("scores.jsonl");
    for (String model : List.of("item-id", "logreg")) {
      Files.deleteIfExists(out);
      CliResult r =
          CliResult.run(
              "score",
              "--run",
              run.toString(),
              "--model",
              model,
              "--requests",
              requests.toString(),
              "--out",
              out.toString());
      assertEquals(0, r.exit(), r.err());
      List<String> lines = Files.readAllLines(out);
      assertEquals(2, lines.size());
      JsonNode first = Json.mapper().readTree(lines.get(0));
      assertEquals("1", first.path("user").asText());
      assertEquals(2, first.path("scores").size());
      assertEquals("7", first.path("scores").get(0).path("item").asText());
      double p = first.path("scores").get(0).path("probability").asDouble();
      double z = first.path("scores").get(0).path("logit").asDouble();
      assertEquals(1 / (1 + Math.exp(-z)), p, 1e-9);
    }
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(
        bad,
        "{\"history\": [\"1\"], \"candidates\": [\"2\"]}\n"
            + "{\"history\": [\"1\"], \"candidates\": [\"2\", \"999\"]}\n");
    CliResult unknown = score(bad, out);
    assertEquals(2, unknown.exit(), unknown.err());
    assertTrue(unknown.err().contains("bad.jsonl:2"), unknown.err());
    assertTrue(unknown.err().contains("candidates[1]"), unknown.err());
    assertTrue(unknown.err().contains("999"), unknown.err());
    // the line number counts blank lines too
    Files.writeString(
        bad,
        "{\"history\": [\"1\"], \"candidates\": [\"2\"]}\n\n"
            + "{\"history\": [\"998\", \"1\"], \"candidates\": [\"2\"]}\n");
    CliResult unknownHistory = score(bad, out);
    assertEquals(2, unknownHistory.exit(), unknownHistory.err());
    assertTrue(unknownHistory.err().contains("bad.jsonl:3"), unknownHistory.err());
    assertTrue(unknownHistory.err().contains("history[0]"), unknownHistory.err());
    Files.writeString(
        bad, "{\"history\": [\"1\"], \"candidates\": [\"2\"]}\n{\"history\": [\"1\"\n");
    CliResult malformed = score(bad, out);
    assertEquals(2, malformed.exit(), malformed.err());
    assertTrue(malformed.err().contains("bad.jsonl:2"), malformed.err());
    Files.writeString(bad, "{\"history\": [\"1\"]}\n");
    CliResult missing = score(bad, out);
    assertEquals(2, missing.exit(), missing.err());
    assertTrue(missing.err().contains("candidates"), missing.err());
    Files.writeString(bad, "{\"histroy\": [\"1\"], \"candidates\": [\"2\"]}\n");
    CliResult typo = score(bad, out);
    assertEquals(2, typo.exit(), typo.err());
    assertTrue(typo.err().contains("histroy"), typo.err());
  }

  @Test
  void reportHasTheCtrTablesAndPlot() throws Exception {
    CliResult r = CliResult.run("report", "--run", run.toString());
    assertEquals(0, r.exit(), r.err());
    String md = Files.readString(run.resolve("report/report.md"));
    assertTrue(md.contains("P2 CTR ranking"), md);
    assertTrue(md.contains("| item-id |"), md);
    assertTrue(md.contains("| logreg |"), md);
    assertTrue(md.contains("new-item run"), md);
    assertTrue(md.contains("| history spread | user-offset AUC |"), md);
    assertTrue(Files.size(run.resolve("report/ctr-buckets.png")) > 1000);
  }

  /**
   * HMAT end to end on text-only SIDs published under a variant name (tokenize --as), with
   * next-item pre-training and the content head; the model is then scored from a file.
   */
  @Test
  void hmatOnAVariantTokenizerWithPretraining() throws Exception {
    CliResult t =
        CliResult.run(
            "tokenize",
            "--run",
            run.toString(),
            "--tokenizer",
            "rq-kmeans",
            "--as",
            "rqk-text",
            "--set",
            "modalities=text",
            "--set",
            "codebookSize=4");
    assertEquals(0, t.exit(), t.err());
    assertTrue(Files.isRegularFile(run.resolve("tokenizer/rqk-text/sids.bin")));
    CliResult c =
        ctr(
            "--model",
            "hmat",
            "--as",
            "hmat-p1",
            "--set",
            "sids=rqk-text",
            "--set",
            "ctr.pretrainEpochs=1",
            "--set",
            "ctr.train.contentHead=true");
    assertEquals(0, c.exit(), c.err());
    assertTrue(c.err().contains("next-item pre-training"), c.err());
    JsonNode m = Json.mapper().readTree(run.resolve("ctr/hmat-p1/metrics.json").toFile());
    assertEquals("hmat", m.path("kind").asText());
    assertTrue(Files.isRegularFile(run.resolve("ctr/hmat-p1/content.bin")));
    double auc = m.path("test").path("auc").asDouble(Double.NaN);
    assertTrue(auc >= 0 && auc <= 1, m.toString());
    Path requests = tmp.resolve("hmat-requests.jsonl");
    Files.writeString(requests, "{\"history\": [\"1\", \"4\"], \"candidates\": [\"7\"]}\n");
    Path out = tmp.resolve("hmat-scores.jsonl");
    CliResult s =
        CliResult.run(
            "score",
            "--run",
            run.toString(),
            "--model",
            "hmat-p1",
            "--requests",
            requests.toString(),
            "--out",
            out.toString());
    assertEquals(0, s.exit(), s.err());
    assertEquals(1, Files.readAllLines(out).size());
  }

  @Test
  void ctrPeriodSasRecSeesNoValidationOrTestInteractionAndNoHeldOutItem() throws Exception {
    CliResult t =
        withTiny(
            List.of(
                "train",
                "--run",
                run.toString(),
                "--model",
                "sasrec",
                "--as",
                "sasrec-ctr-new",
                "--ctr-period",
                "--new-items"));
    assertEquals(0, t.exit(), t.err());
    assertTrue(t.err().contains("CTR training period"), t.err());
    Path dir = run.resolve("model/sasrec-ctr-new");
    JsonNode on = Json.mapper().readTree(dir.resolve("trained-on.json").toFile());
    assertEquals("ctr-period", on.path("sequences").asText());
    assertTrue(on.path("newItems").asBoolean());

    // the counts by brute force: positives strictly before the first validation example of the
    // new-item run's P2 split, held-out items dropped, users with >= 3 left, last two not trained
    List<String> overrides = new ArrayList<>(List.of(TINY));
    overrides.removeIf(a -> a.equals("--set"));
    RunConfig config = Stages.resolve(RunDirectory.open(run), overrides);
    Dataset d = DatasetStore.read(RunDirectory.open(run).data());
    long before = CtrStage.trainingPeriod(d, config, true).start();
    NewItemSplit split =
        NewItemSplit.draw(
            d.catalog().size(), config.ctr().newItemFraction(), new Seeds(config.seed()));
    java.util.Set<Integer> heldOut = new java.util.HashSet<>();
    for (int i : split.heldOut()) {
      heldOut.add(i);
    }
    int[] expected = new int[d.catalog().size()];
    for (int u = 0; u < d.sequences().length; u++) {
      List<Integer> kept = new ArrayList<>();
      for (int j = 0; j < d.sequences()[u].length; j++) {
        int item = d.sequences()[u][j];
        if (d.sequenceTimes()[u][j] < before && !heldOut.contains(item)) {
          kept.add(item);
        }
      }
      for (int j = 0; kept.size() >= 3 && j < kept.size() - 2; j++) {
        expected[kept.get(j)]++;
      }
    }
    int[] counts = Json.mapper().readValue(dir.resolve("item-counts.json").toFile(), int[].class);
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, counts);
    // P2's test examples all come after the cut: the table has seen none of them
    dev.hisam.eval.CtrExamples test =
        dev.hisam.eval.CtrProtocol.of(d, config.ctr().train().model().maxItems()).test();
    assertTrue(test.size() > 0 && test.timestamp()[0] >= before);

    // the collaborative modality of a held-out (or otherwise unseen) item is missing
    float[][] table = SasRecItemTable.load(dir, d.catalog().size()).itemTable();
    int missing = 0;
    for (int i = 0; i < table.length; i++) {
      assertEquals(counts[i] == 0, table[i] == null, "item " + i);
      missing += table[i] == null ? 1 : 0;
    }
    assertTrue(missing >= heldOut.size(), missing + " missing");

    // CTR on SIDs with a collaborative modality: only a CTR-period table passes, and for the
    // new-item run only one without the held-out items
    for (List<String> variant :
        List.of(List.of("sasrec-p1"), List.of("sasrec-ctr", "--ctr-period"))) {
      List<String> a =
          new ArrayList<>(List.of("train", "--run", run.toString(), "--model", "sasrec", "--as"));
      a.addAll(variant);
      CliResult r = withTiny(a);
      assertEquals(0, r.exit(), r.err());
    }
    for (String source : List.of("sasrec-p1", "sasrec-ctr", "sasrec-ctr-new")) {
      CliResult tok =
          CliResult.run(
              "tokenize",
              "--run",
              run.toString(),
              "--tokenizer",
              "rq-kmeans",
              "--as",
              "rqk-" + source,
              "--set",
              "modalities=text,collaborative",
              "--set",
              "collaborative.model=" + source,
              "--set",
              "codebookSize=4");
      assertEquals(0, tok.exit(), tok.err());
    }
    for (String source : List.of("sasrec-p1", "sasrec-ctr", "sasrec-ctr-new")) {
      for (boolean newItems : new boolean[] {false, true}) {
        boolean allowed =
            !source.equals("sasrec-p1") && (!newItems || source.equals("sasrec-ctr-new"));
        if (allowed && !(newItems && source.equals("sasrec-ctr-new"))) {
          continue; // one passing run is enough here; it trains a model
        }
        List<String> a =
            new ArrayList<>(
                List.of(
                    "ctr",
                    "--run",
                    run.toString(),
                    "--model",
                    "hmat",
                    "--as",
                    "hmat-" + source + (newItems ? "-new" : ""),
                    "--set",
                    "sids=rqk-" + source));
        if (newItems) {
          a.add("--new-items");
        }
        CliResult c = withTiny(a);
        String what = source + (newItems ? " --new-items" : "");
        assertEquals(allowed ? 0 : 2, c.exit(), what + ": " + c.err());
        if (!allowed) {
          assertTrue(c.err().contains("--ctr-period"), c.err());
          assertTrue(
              c.err().contains(newItems && !source.equals("sasrec-p1") ? "held-out" : "CTR period"),
              c.err());
        }
      }
    }

    CliResult notSasRec =
        CliResult.run(
            "train", "--run", run.toString(), "--model", "hmat", "--as", "x", "--ctr-period");
    assertEquals(2, notSasRec.exit());
    assertTrue(notSasRec.err().contains("--ctr-period"), notSasRec.err());
    CliResult alone =
        CliResult.run(
            "train", "--run", run.toString(), "--model", "sasrec", "--as", "y", "--new-items");
    assertEquals(2, alone.exit());
    assertTrue(alone.err().contains("--new-items goes with --ctr-period"), alone.err());
    assertFalse(Files.exists(run.resolve("model/x")) || Files.exists(run.resolve("model/y")));
  }

  /**
   * {@code ctr.repeat} retrains the same model on the same data from another seed: the new-item run
   * keeps the run's held-out items, the weights (and so the scores) differ, and the repeat is
   * recorded; a negative repeat is refused before anything is written.
   */
  @Test
  void aRepeatTrainsFromAnotherSeedOnTheSameHeldOutItems() throws Exception {
    CliResult r =
        ctr("--model", "item-id", "--new-items", "--as", "item-id-r1", "--set", "ctr.repeat=1");
    assertEquals(0, r.exit(), r.err());
    Path first = run.resolve("ctr/item-id-new-items");
    Path repeat = run.resolve("ctr/item-id-r1");
    assertEquals(
        Json.mapper().readTree(first.resolve("held-out-items.json").toFile()),
        Json.mapper().readTree(repeat.resolve("held-out-items.json").toFile()));
    assertEquals(
        1, Json.mapper().readTree(repeat.resolve("metrics.json").toFile()).path("repeat").asInt());
    assertEquals(
        0, Json.mapper().readTree(first.resolve("metrics.json").toFile()).path("repeat").asInt());
    assertNotEquals(
        Files.readAllLines(first.resolve("scores.tsv")),
        Files.readAllLines(repeat.resolve("scores.tsv")),
        "another seed, other weights");

    CliResult bad =
        ctr("--model", "item-id", "--new-items", "--as", "item-id-bad", "--set", "ctr.repeat=-1");
    assertEquals(2, bad.exit(), bad.err());
    assertTrue(bad.err().contains("ctr.repeat must be >= 0"), bad.err());
    assertFalse(Files.exists(run.resolve("ctr/item-id-bad")));
  }

  @Test
  void aConfigFileAppliesOverTheRunsConfigAndSetWinsOverIt() throws Exception {
    Path cfg = tmp.resolve("ctr-config.json");
    Files.writeString(
        cfg,
        "{\n  \"ctr\": {\n    \"train\": { \"model\": { \"dropout\": 0.25, \"dim\": 24 } }\n  }\n}\n");
    CliResult r = ctr("--model", "item-id", "--as", "item-id-cfg", "--config", cfg.toString());
    assertEquals(0, r.exit(), r.err());
    JsonNode model = Json.mapper().readTree(run.resolve("ctr/item-id-cfg/model.json").toFile());
    assertEquals(0.25, model.path("config").path("dropout").asDouble(), "from the file");
    assertEquals(16, model.path("config").path("dim").asInt(), "--set wins over the file");

    Path unknown = tmp.resolve("ctr-unknown.json");
    Files.writeString(unknown, "{\n  \"ctr\": {\n    \"train\": { \"bogus\": 1 }\n  }\n}\n");
    CliResult bad =
        ctr("--model", "item-id", "--as", "item-id-bad-cfg", "--config", unknown.toString());
    assertEquals(2, bad.exit(), bad.err());
    assertTrue(bad.err().contains("ctr-unknown.json:3"), bad.err());
    assertTrue(bad.err().contains("'ctr.train.bogus'"), bad.err());

    Path seed = tmp.resolve("ctr-seed.json");
    Files.writeString(seed, "{ \"seed\": 7 }\n");
    CliResult reseeded =
        ctr("--model", "item-id", "--as", "item-id-bad-cfg", "--config", seed.toString());
    assertEquals(2, reseeded.exit(), reseeded.err());
    assertTrue(reseeded.err().contains("fixed once a run is prepared"), reseeded.err());
    assertFalse(Files.exists(run.resolve("ctr/item-id-bad-cfg")));
  }

  /**
   * A model trained with the user's feedback scores requests that carry the counts (other counts,
   * other logits) and names the field of a request without them or with impossible ones.
   */
  @Test
  void aFeedbackModelNeedsAndReadsTheCounts() throws Exception {
    CliResult r =
        ctr("--model", "item-id", "--as", "item-id-fb", "--set", "ctr.train.userFeedback=true");
    assertEquals(0, r.exit(), r.err());
    JsonNode info = Json.mapper().readTree(run.resolve("ctr/item-id-fb/model.json").toFile());
    assertTrue(info.path("provenance").path("trainConfig").path("userFeedback").asBoolean());
    Path requests = tmp.resolve("feedback.jsonl");
    Path out = tmp.resolve("feedback-scores.jsonl");
    assertCountsReachTheLogit("item-id-fb", requests, out);

    Files.writeString(requests, "{\"history\": [\"1\"], \"candidates\": [\"2\"]}\n");
    Files.deleteIfExists(out);
    CliResult missing = score(requests, out, "item-id-fb");
    assertEquals(2, missing.exit(), missing.err());
    assertTrue(missing.err().contains("feedback.jsonl:1"), missing.err());
    assertTrue(missing.err().contains("feedback"), missing.err());
    Files.writeString(
        requests,
        "{\"history\": [], \"candidates\": [\"2\"], \"feedback\": {\"positives\": 3,"
            + " \"ratings\": 2}}\n");
    CliResult impossible = score(requests, out, "item-id-fb");
    assertEquals(2, impossible.exit(), impossible.err());
    assertTrue(impossible.err().contains("feedback.positives"), impossible.err());
    Files.writeString(
        requests, "{\"history\": [], \"candidates\": [\"2\"], \"feedback\": {\"positives\": 1}}\n");
    CliResult partial = score(requests, out, "item-id-fb");
    assertEquals(2, partial.exit(), partial.err());
    assertTrue(partial.err().contains("feedback.ratings"), partial.err());
  }

  /** The content logistic regression reads the same counts when asked to, through the same path. */
  @Test
  void aFeedbackLogisticRegressionNeedsAndReadsTheCounts() throws Exception {
    CliResult r =
        ctr("--model", "logreg", "--as", "logreg-fb", "--set", "ctr.logreg.userFeedback=true");
    assertEquals(0, r.exit(), r.err());
    JsonNode saved = Json.mapper().readTree(run.resolve("ctr/logreg-fb/logreg.json").toFile());
    assertTrue(saved.path("userFeedback").asBoolean(), saved.toString());
    Path requests = tmp.resolve("logreg-feedback.jsonl");
    Path out = tmp.resolve("logreg-feedback-scores.jsonl");
    assertCountsReachTheLogit("logreg-fb", requests, out);

    Files.writeString(requests, "{\"history\": [\"1\"], \"candidates\": [\"2\"]}\n");
    CliResult missing = score(requests, out, "logreg-fb");
    assertEquals(2, missing.exit(), missing.err());
    assertTrue(missing.err().contains("logreg-feedback.jsonl:1"), missing.err());
    assertTrue(missing.err().contains("feedback"), missing.err());
    // the plain logreg of the same run still scores requests without counts
    CliResult plain = score(requests, out, "logreg");
    assertEquals(0, plain.exit(), plain.err());
  }

  /**
   * Scores the same history and candidate for a user who liked 9 of 10 earlier ratings and one who
   * liked 1 of 10 with {@code model}: the logits differ.
   */
  private void assertCountsReachTheLogit(String model, Path requests, Path out) throws Exception {
    Files.writeString(
        requests,
        "{\"history\": [\"1\"], \"candidates\": [\"2\"], \"feedback\": {\"positives\": 9,"
            + " \"ratings\": 10}}\n"
            + "{\"history\": [\"1\"], \"candidates\": [\"2\"], \"feedback\": {\"positives\": 1,"
            + " \"ratings\": 10}}\n");
    CliResult ok = score(requests, out, model);
    assertEquals(0, ok.exit(), ok.err());
    List<String> lines = Files.readAllLines(out);
    double liker =
        Json.mapper().readTree(lines.get(0)).path("scores").get(0).path("logit").asDouble();
    double picky =
        Json.mapper().readTree(lines.get(1)).path("scores").get(0).path("logit").asDouble();
    assertNotEquals(liker, picky, model + ": the counts reach the logit");
  }

  @Test
  void aCtrModelIsNeverOverwritten() {
    CliResult again = ctr("--model", "logreg");
    assertEquals(2, again.exit());
    assertTrue(again.err().contains("already exists"), again.err());
  }

  private CliResult score(Path requests, Path out) throws Exception {
    return score(requests, out, "item-id");
  }

  private CliResult score(Path requests, Path out, String model) throws Exception {
    Files.deleteIfExists(out);
    CliResult r =
        CliResult.run(
            "score",
            "--run",
            run.toString(),
            "--model",
            model,
            "--requests",
            requests.toString(),
            "--out",
            out.toString());
    if (r.exit() != 0) {
      assertFalse(Files.exists(out), "nothing is written on error");
    }
    return r;
  }
}
