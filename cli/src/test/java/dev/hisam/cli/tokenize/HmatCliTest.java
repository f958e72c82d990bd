package dev.hisam.cli.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hisam.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HMAT and the flat baseline through the CLI: train on the run's DST SIDs, evaluate by beam search
 * beside SASRec, and a clear error when the run has no SIDs yet.
 */
@Tag("smoke")
class HmatCliTest {
  @TempDir Path tmp;

  static final List<String> TINY_HMAT =
      List.of(
          "--set", "hmat.model.dim=16",
          "--set", "hmat.model.heads=2",
          "--set", "hmat.model.ffnDim=32",
          "--set", "hmat.model.maxItems=8",
          "--set", "hmat.batchSize=16",
          "--set", "hmat.maxEpochs=2",
          "--set", "hmat.beamWidth=10");

  private static String[] train(Path run, String... models) {
    List<String> a = new java.util.ArrayList<>(List.of("train", "--run", run.toString()));
    for (String m : models) {
      a.add("--model");
      a.add(m);
    }
    a.addAll(TINY_HMAT);
    return a.toArray(String[]::new);
  }

  /** {@code hisam evaluate --run RUN --model hmat-1d-rope --set S...}. */
  private static Cli evaluateAblation(Path run, String... sets) {
    List<String> a =
        new java.util.ArrayList<>(
            List.of("evaluate", "--run", run.toString(), "--model", "hmat-1d-rope"));
    for (String set : sets) {
      a.add("--set");
      a.add(set);
    }
    return Cli.run(a.toArray(String[]::new));
  }

  @Test
  void trainsHmatAndFlatOnTheRunsSidsAndEvaluatesThemBesideSasRec() throws Exception {
    Path data = TinyBeauty.write(tmp.resolve("data"));
    Path run = tmp.resolve("run");
    TinyBeauty.prepare(data, run);
    TinyBeauty.trainSasRec(run);

    // no SIDs yet: a clear error naming the command to run, nothing written
    Cli missing = Cli.run(train(run, "hmat"));
    assertEquals(2, missing.exit(), missing.err());
    assertTrue(missing.err().contains("hisam tokenize --run"), missing.err());
    assertFalse(Files.exists(run.resolve("model/hmat")));

    Cli tok = Cli.run(TinyBeauty.tokenize(run, "dst"));
    assertEquals(0, tok.exit(), tok.err());
    Cli t = Cli.run(train(run, "flat", "hmat"));
    assertEquals(0, t.exit(), t.err());
    assertTrue(t.err().contains("hmat epoch 2:"), t.err());
    assertTrue(t.err().contains("flat epoch 2:"), t.err());
    for (String m : List.of("hmat", "flat")) {
      assertFalse(Files.exists(run.resolve("model/" + m + ".checkpoint")), "checkpoint left");
      JsonNode info = Json.mapper().readTree(run.resolve("model/" + m + "/model.json").toFile());
      boolean isHmat = m.equals("hmat");
      assertEquals(isHmat, info.path("config").path("anchors").asBoolean(), m);
      assertEquals(isHmat, info.path("config").path("hierarchicalRope").asBoolean(), m);
      assertEquals(10, info.path("beamWidth").asInt());
      JsonNode training =
          Json.mapper().readTree(run.resolve("model/" + m + "/training.json").toFile());
      assertEquals(2, training.path("epochs").asInt(), m);
      assertTrue(training.path("tokensPerSecond").asDouble() > 0, m);
    }

    // an ablation beside them under its own name: 1-D RoPE
    List<String> ablation =
        new java.util.ArrayList<>(
            List.of(
                "train",
                "--run",
                run.toString(),
                "--model",
                "hmat",
                "--as",
                "hmat-1d-rope",
                "--set",
                "hmat.model.hierarchicalRope=false"));
    ablation.addAll(TINY_HMAT);
    Cli ab = Cli.run(ablation.toArray(String[]::new));
    assertEquals(0, ab.exit(), ab.err());
    JsonNode abInfo = Json.mapper().readTree(run.resolve("model/hmat-1d-rope/model.json").toFile());
    assertFalse(abInfo.path("config").path("hierarchicalRope").asBoolean());
    assertTrue(abInfo.path("config").path("anchors").asBoolean());
    Cli badName = Cli.run("train", "--run", run.toString(), "--model", "hmat", "--as", "Bad Name");
    assertEquals(2, badName.exit(), badName.err());
    assertTrue(badName.err().contains("model name"), badName.err());

    Cli e = Cli.run("evaluate", "--run", run.toString());
    assertEquals(0, e.exit(), e.err());
    JsonNode metrics = Json.mapper().readTree(run.resolve("eval/metrics.json").toFile());
    Set<String> models = new HashSet<>();
    for (JsonNode r : metrics.path("results")) {
      models.add(r.path("model").asText());
      double r10 = r.path("metrics").path("R@10").asDouble();
      assertTrue(r10 >= 0 && r10 <= 1, r.toString());
      assertTrue(r.path("msPerUser").asDouble() > 0, r.toString());
      if (r.path("variant").asText().equals("primary")) {
        // P3: four frequency buckets that partition the users
        assertEquals(4, r.path("buckets").size(), r.toString());
        int users = 0;
        for (JsonNode b : r.path("buckets")) {
          users += b.path("users").asInt();
        }
        assertEquals(r.path("users").asInt(), users, r.toString());
      }
    }
    assertEquals(Set.of("sasrec", "hmat", "flat", "hmat-1d-rope"), models);
    // HMAT reads 8 items: h50 would repeat h20, so only the first cap is measured
    Set<Integer> hmatCaps = new HashSet<>();
    for (JsonNode r : metrics.path("results")) {
      if (r.path("model").asText().equals("hmat")) {
        hmatCaps.add(r.path("historyCap").asInt());
      }
    }
    assertEquals(Set.of(20), hmatCaps);
    assertTrue(
        e.err().contains("h50 skipped: the model reads at most 8 items, as at h20"), e.err());
    // generative models also get their validation NLL per SID level
    Set<String> measured = new HashSet<>();
    for (JsonNode n : metrics.path("levelLoss")) {
      measured.add(n.path("model").asText());
      double total = 0;
      for (JsonNode level : n.path("levels")) {
        assertTrue(level.path("constrainedNll").asDouble() >= 0, n.toString());
        assertTrue(
            level.path("constrainedNll").asDouble() <= level.path("nll").asDouble() + 1e-6,
            n.toString());
        total += level.path("constrainedNll").asDouble();
      }
      assertEquals(n.path("constrainedNll").asDouble(), total, 1e-9, n.toString());
      assertTrue(n.path("uniformNll").asDouble() > 0, n.toString());
    }
    assertEquals(Set.of("hmat", "flat", "hmat-1d-rope"), measured);
    assertTrue(e.err().contains("NLL per level"), e.err());

    // one variant re-evaluated alone: the others' rows are kept as they were, its own replaced
    Cli unknown = Cli.run("evaluate", "--run", run.toString(), "--model", "hmat-nope");
    assertEquals(2, unknown.exit(), unknown.err());
    assertTrue(unknown.err().contains("hmat-nope") && unknown.err().contains("hmat-1d-rope"));
    assertEquals(
        metrics, Json.mapper().readTree(run.resolve("eval/metrics.json").toFile()), "untouched");
    Cli one = evaluateAblation(run, "eval.historyCaps=[20]");
    assertEquals(0, one.exit(), one.err());
    assertFalse(one.err().contains("sasrec "), one.err());
    JsonNode after = Json.mapper().readTree(run.resolve("eval/metrics.json").toFile());
    for (String key : List.of("results", "training", "levelLoss")) {
      List<JsonNode> kept = new java.util.ArrayList<>();
      metrics.path(key).forEach(n -> kept.add(n));
      kept.removeIf(n -> n.path("model").asText().equals("hmat-1d-rope"));
      List<JsonNode> now = new java.util.ArrayList<>();
      after.path(key).forEach(n -> now.add(n));
      List<JsonNode> redone = new java.util.ArrayList<>(now);
      now.removeIf(n -> n.path("model").asText().equals("hmat-1d-rope"));
      redone.removeAll(now);
      assertEquals(kept, now, key);
      assertFalse(redone.isEmpty(), key);
      if (key.equals("results")) {
        assertEquals(4, redone.size()); // h20 only: 2 splits x 2 variants
        redone.forEach(n -> assertEquals(20, n.path("historyCap").asInt()));
      }
    }

    // beam widths (trained: 10): the trained width keeps the model's name, another gets its own
    Cli narrow = evaluateAblation(run, "eval.beamWidths=[10,3]");
    assertEquals(2, narrow.exit(), narrow.err());
    assertTrue(narrow.err().contains("a beam of 3 returns only 3 items"), narrow.err());
    assertTrue(narrow.err().contains("K = 10"), narrow.err());
    assertEquals(after, Json.mapper().readTree(run.resolve("eval/metrics.json").toFile()));
    Cli beams = evaluateAblation(run, "eval.historyCaps=[20]", "eval.beamWidths=[10,16]");
    assertEquals(0, beams.exit(), beams.err());
    JsonNode withBeams = Json.mapper().readTree(run.resolve("eval/metrics.json").toFile());
    java.util.Map<String, Integer> widths = new java.util.HashMap<>();
    for (JsonNode r : withBeams.path("results")) {
      if (r.path("modelDir").asText().equals("hmat-1d-rope")) {
        widths.put(r.path("model").asText(), r.path("beamWidth").asInt());
      }
      // the trained width is the model itself: the same figures as its plain evaluation
      if (r.path("model").asText().equals("hmat-1d-rope")) {
        boolean found = false;
        for (JsonNode a : after.path("results")) {
          if (a.path("model").asText().equals("hmat-1d-rope")
              && a.path("split").equals(r.path("split"))
              && a.path("variant").equals(r.path("variant"))) {
            assertEquals(a.path("metrics"), r.path("metrics"), r.toString());
            found = true;
          }
        }
        assertTrue(found, r.toString());
      }
    }
    assertEquals(java.util.Map.of("hmat-1d-rope", 10, "hmat-1d-rope-beam16", 16), widths);
    // a beam of 16 returns 16 items: its hits are ranked 0..15
    int[] ranks =
        dev.hisam.eval.RankFile.read(run.resolve("eval/ranks/hmat-1d-rope-beam16-test-h20.txt"));
    assertTrue(java.util.Arrays.stream(ranks).anyMatch(r -> r < 16));
    // re-evaluating the model without beam widths replaces its beam rows too
    Cli plain = evaluateAblation(run, "eval.historyCaps=[20]");
    assertEquals(0, plain.exit(), plain.err());
    JsonNode noBeams = Json.mapper().readTree(run.resolve("eval/metrics.json").toFile());
    for (JsonNode r : noBeams.path("results")) {
      assertFalse(r.path("model").asText().contains("-beam"), r.toString());
    }

    // a second train of the same model refuses to overwrite the first
    Cli again = Cli.run(train(run, "hmat"));
    assertEquals(2, again.exit(), again.err());
    assertTrue(again.err().contains("already exists"), again.err());

    // distilled from the run's SASRec (hmat.distill): refused with the command that trains one
    // when the run has no SASRec, nothing written; with it, trained and the setting recorded
    String[] distilled = train(run, "hmat");
    List<String> kdArgs = new java.util.ArrayList<>(List.of(distilled));
    kdArgs.addAll(List.of("--as", "hmat-kd", "--set", "hmat.distill.weight=0.5"));
    Path sasrec = run.resolve("model/sasrec");
    Path away = tmp.resolve("sasrec-away");
    Files.move(sasrec, away);
    Cli noTeacher = Cli.run(kdArgs.toArray(String[]::new));
    Files.move(away, sasrec);
    assertEquals(2, noTeacher.exit(), noTeacher.err());
    assertTrue(
        noTeacher.err().contains("holds none") && noTeacher.err().contains("--model sasrec"),
        noTeacher.err());
    assertFalse(Files.exists(run.resolve("model/hmat-kd")));
    Cli kd = Cli.run(kdArgs.toArray(String[]::new));
    assertEquals(0, kd.exit(), kd.err());
    assertTrue(kd.err().contains("distilling from"), kd.err());
    JsonNode kdInfo = Json.mapper().readTree(run.resolve("model/hmat-kd/model.json").toFile());
    assertEquals(
        0.5,
        kdInfo.path("provenance").path("trainConfig").path("distill").path("weight").asDouble(),
        kdInfo.toString());
  }

  @Test
  void pipelineTokenizesBeforeTrainingHmat() throws Exception {
    Path data = TinyBeauty.write(tmp.resolve("data"));
    Path run = tmp.resolve("pipe");
    List<String> a =
        new java.util.ArrayList<>(
            List.of(
                "pipeline",
                "--run",
                run.toString(),
                "--dataset",
                "beauty",
                "--model",
                "hmat",
                "--model",
                "sasrec",
                "--set",
                "data.root=" + data,
                "--set",
                "data.kcore=0",
                "--set",
                "eval.historyCaps=[10]"));
    a.addAll(TinyBeauty.TINY_SASREC);
    a.addAll(TINY_HMAT);
    // the tokenize settings of TinyBeauty.tokenize, as --tokenize-set
    List<String> tok = List.of(TinyBeauty.tokenize(run, "dst"));
    for (int i = 0; i < tok.size(); i++) {
      if (tok.get(i).equals("--set")) {
        a.add("--tokenize-set");
        a.add(tok.get(i + 1));
      }
    }
    Cli p = Cli.run(a.toArray(String[]::new));
    assertEquals(0, p.exit(), p.err());
    // SASRec first (its item table is DST's collaborative modality), then DST, then HMAT
    String err = p.err();
    int sasrec = err.indexOf("trained sasrec");
    int dst = err.indexOf("wrote " + run.resolve("tokenizer/dst"));
    int hmat = err.indexOf("trained hmat");
    assertTrue(sasrec >= 0 && dst > sasrec && hmat > dst, err);
    String report = Files.readString(run.resolve("report/report.md"));
    // the report shows the SIDs the pipeline made, linked to the tokenizer's own report
    assertTrue(
        java.util.regex.Pattern.compile(
                "\\| dst \\| attributes \\+ collaborative \\| shared\\.1 .*"
                    + "\\| \\[report\\]\\(\\.\\./tokenizer/dst/report\\.md\\) \\|")
            .matcher(report)
            .find(),
        report);
    assertTrue(Files.isRegularFile(run.resolve("report").resolve("../tokenizer/dst/report.md")));
    JsonNode metrics = Json.mapper().readTree(run.resolve("eval/metrics.json").toFile());
    Set<String> models = new HashSet<>();
    metrics.path("results").forEach(r -> models.add(r.path("model").asText()));
    assertEquals(Set.of("sasrec", "hmat"), models);
  }
}
