package dev.hisam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hisam.cli.score.JsonLines;
import dev.hisam.cli.score.RecommendRequest;
import dev.hisam.cli.score.RecommendResponse;
import dev.hisam.cli.score.Recommender;
import dev.hisam.cli.score.RequestException;
import dev.hisam.core.InputException;
import dev.hisam.core.io.RunDirectory;
import dev.hisam.data.Dataset;
import dev.hisam.data.DatasetStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "recommend",
    mixinStandardHelpOptions = true,
    description = {
      "Recommend the next items for user histories with a trained P1 model.",
      "",
      "Any model under the run's model/: popularity, sasrec, hmat, flat or a variant (--as).",
      "",
      "The code path a server uses. Requests are JSON lines, items named by their source keys:",
      "  {\"user\": \"u1\", \"history\": [\"B004756YJA\", \"B004ZT0SSG\"]}",
      "or a user of the run's data, whose recorded history is read:",
      "  {\"user\": \"1\"}",
      "Responses are JSON lines in the same order: the k best items, best first, each with its"
          + " score (HMAT and flat: the SID log-probability from the constrained beam search;"
          + " SASRec: the logit) and its text when the dataset has text. Histories longer than"
          + " the model reads are cut to their most recent items. All requests are checked before"
          + " anything is written: a malformed line, an unknown item or user is an error naming"
          + " the file, line and field."
    },
    footer = {
      "",
      "Examples:",
      "  bin/hisam recommend --run runs/beauty --model hmat \\",
      "      --requests users.jsonl --out recs.jsonl",
      "  echo '{\"user\": \"1\"}' \\",
      "      | bin/hisam recommend --run runs/beauty --model sasrec --requests - --k 5"
    })
final class RecommendCommand implements Callable<Integer> {
  /** Requests ranked together (one batched forward pass or beam search each). */
  static final int BATCH = 256;

  @Mixin RequestFileOptions io;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "NAME",
      description = "A trained model under the run's model/, e.g. hmat, flat, sasrec.")
  String model;

  @Option(
      names = "--k",
      paramLabel = "K",
      defaultValue = "10",
      description = "Items per request (default: ${DEFAULT-VALUE}; at most 1000).")
  int k;

  @Option(
      names = "--exclude-history",
      description =
          "Leave out items already in the history (P1's primary protocol keeps them; Beauty has"
              + " no repeated item in any sequence).")
  boolean excludeHistory;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (k < 1 || k > Recommender.MAX_K) {
      throw new IllegalArgumentException("--k must be in [1, " + Recommender.MAX_K + "]: " + k);
    }
    RunDirectory r = RunDirectory.open(io.run);
    ModelKind kind = Stages.requireTrained(r, Stages.trainedModels(r), model);
    List<JsonLines.Line<RecommendRequest>> parsed =
        JsonLines.read(io.requests, System.in, RecommendCommand::parse);
    Path source = Path.of(JsonLines.displayName(io.requests));
    Dataset dataset = DatasetStore.read(r.data());
    Map<String, Integer> users = new HashMap<>();
    for (int u = 0; u < dataset.userKeys().size(); u++) {
      users.put(dataset.userKeys().get(u), u);
    }
    String[] texts = dataset.content() == null ? null : dataset.content().text();
    PrintWriter err = spec.commandLine().getErr();
    List<RecommendResponse> responses = new ArrayList<>();
    long t0 = System.nanoTime();
    try (Recommender recommender =
        new Recommender(
            model,
            Stages.load(r.model(model), kind),
            dataset.catalog(),
            texts,
            key -> users.containsKey(key) ? dataset.sequences()[users.get(key)] : null)) {
      for (JsonLines.Line<RecommendRequest> line : parsed) {
        try {
          recommender.resolve(line.value());
        } catch (RequestException e) {
          throw new InputException(source, line.number(), e.field(), e.problem());
        }
      }
      List<RecommendRequest> all = parsed.stream().map(JsonLines.Line::value).toList();
      for (int from = 0; from < all.size(); from += BATCH) {
        responses.addAll(
            recommender.recommend(
                all.subList(from, Math.min(all.size(), from + BATCH)), k, excludeHistory));
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    JsonLines.write(responses, io.out, spec.commandLine().getOut());
    err.printf(
        "recommended %d item(s) for %,d request(s) with %s in %.2f s%s%n",
        k, responses.size(), model, seconds, io.out == null ? "" : " -> " + io.out);
    return 0;
  }

  static RecommendRequest parse(JsonNode node, Path file, long no) {
    JsonLines.requireKnownFields(node, List.of("user", "history"), file, no);
    JsonNode history = node.get("history");
    return new RecommendRequest(
        JsonLines.label(node, "user", file, no),
        history == null || history.isNull()
            ? null
            : JsonLines.itemKeys(node, "history", file, no, false));
  }
}
