package dev.hisam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hisam.cli.score.CtrScorer;
import dev.hisam.cli.score.JsonLines;
import dev.hisam.cli.score.RequestException;
import dev.hisam.cli.score.ScoreRequest;
import dev.hisam.cli.score.ScoreResponse;
import dev.hisam.cli.tokenize.Tokenize;
import dev.hisam.core.InputException;
import dev.hisam.core.io.RunDirectory;
import dev.hisam.data.Dataset;
import dev.hisam.data.DatasetStore;
import dev.hisam.eval.UserFeedback;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score candidates for user histories with a trained CTR model (ctr/<name>/ of a run).",
      "",
      "The code path a server uses. Requests are JSON lines:",
      "  {\"user\": \"42\", \"history\": [\"1193\", \"661\"], \"candidates\": [\"914\", \"3408\"]}",
      "A model trained with ctr.train.userFeedback=true (ctr.logreg.userFeedback=true for logreg)",
      "also needs the user's earlier feedback:",
      "  ..., \"feedback\": {\"positives\": 12, \"ratings\": 20}}",
      "items named by their source keys (user is optional). Responses are JSON lines in the same"
          + " order with each candidate's click probability and logit. All requests are checked"
          + " before anything is written: a malformed line or an unknown item is an error naming"
          + " the file, line and field."
    },
    footer = {
      "",
      "Examples:",
      "  bin/hisam score --run runs/movielens --model hmat \\",
      "      --requests requests.jsonl --out scores.jsonl",
      "  echo '{\"history\":[\"1193\"],\"candidates\":[\"914\",\"3408\"]}' \\",
      "      | bin/hisam score --run runs/movielens --model hmat --requests -"
    })
final class ScoreCommand implements Callable<Integer> {
  /** Requests scored together (one history encode each, one forward pass per batch). */
  static final int BATCH = 64;

  @Mixin RequestFileOptions io;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "NAME",
      description = "A CTR model under the run's ctr/, e.g. hmat, flat, item-id, logreg.")
  String model;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    RunDirectory r = RunDirectory.open(io.run);
    Path dir = CtrStage.dir(r).resolve(model);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          dir + " does not exist; train it with `hisam ctr --run " + io.run + " --model ...`");
    }
    RunConfig config = Stages.resolve(r, List.of());
    Dataset dataset = DatasetStore.read(r.data(), config.data().rootPath());
    List<JsonLines.Line<ScoreRequest>> parsed =
        JsonLines.read(io.requests, System.in, ScoreCommand::parse);
    Path source = Path.of(JsonLines.displayName(io.requests));
    PrintWriter err = spec.commandLine().getErr();
    List<ScoreResponse> responses = new ArrayList<>();
    long t0 = System.nanoTime();
    try (CtrScorer scorer =
        CtrScorer.load(
            dir,
            dataset.catalog(),
            () -> Tokenize.contentVectors(r, dataset, CtrStage.contentModalities(dataset), err))) {
      for (JsonLines.Line<ScoreRequest> line : parsed) {
        try {
          scorer.validate(line.value());
        } catch (RequestException e) {
          throw new InputException(source, line.number(), e.field(), e.problem());
        }
      }
      List<ScoreRequest> all = parsed.stream().map(JsonLines.Line::value).toList();
      for (int from = 0; from < all.size(); from += BATCH) {
        responses.addAll(scorer.score(all.subList(from, Math.min(all.size(), from + BATCH))));
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    JsonLines.write(responses, io.out, spec.commandLine().getOut());
    err.printf(
        "scored %,d request(s) with %s in %.2f s%s%n",
        responses.size(), model, seconds, io.out == null ? "" : " -> " + io.out);
    return 0;
  }

  static ScoreRequest parse(JsonNode node, Path file, long no) {
    JsonLines.requireKnownFields(
        node, List.of("user", "history", "candidates", "feedback"), file, no);
    return new ScoreRequest(
        JsonLines.label(node, "user", file, no),
        JsonLines.itemKeys(node, "history", file, no, true),
        JsonLines.itemKeys(node, "candidates", file, no, false),
        feedback(node.get("feedback"), file, no));
  }

  /** The optional {@code {"positives": P, "ratings": N}} object, or null. */
  private static UserFeedback feedback(JsonNode node, Path file, long no) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new InputException(
          file, no, "feedback", "must be an object {\"positives\": P, \"ratings\": N}");
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!List.of("positives", "ratings").contains(n)) {
        throw new InputException(
            file, no, "feedback." + n, "unknown field (expected positives, ratings)");
      }
    }
    int[] v = new int[2];
    String[] keys = {"positives", "ratings"};
    for (int k = 0; k < 2; k++) {
      JsonNode x = node.get(keys[k]);
      if (x == null || !x.isIntegralNumber() || !x.canConvertToInt() || x.intValue() < 0) {
        throw new InputException(
            file, no, "feedback." + keys[k], "must be a non-negative integer count");
      }
      v[k] = x.intValue();
    }
    if (v[0] > v[1]) {
      throw new InputException(
          file,
          no,
          "feedback.positives",
          v[0] + " positives of " + v[1] + " ratings; positives cannot exceed ratings");
    }
    return new UserFeedback(v[0], v[1]);
  }
}
