package dev.hisam.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hisam.cli.score.CtrScorer;
import dev.hisam.cli.score.RequestException;
import dev.hisam.cli.score.ScoreRequest;
import dev.hisam.cli.score.ScoreResponse;
import dev.hisam.cli.tokenize.Tokenize;
import dev.hisam.core.InputException;
import dev.hisam.core.Json;
import dev.hisam.core.io.AtomicFiles;
import dev.hisam.core.io.RunDirectory;
import dev.hisam.data.Dataset;
import dev.hisam.data.DatasetStore;
import dev.hisam.eval.UserFeedback;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory.")
  Path run;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "NAME",
      description = "A CTR model under the run's ctr/, e.g. hmat, flat, item-id, logreg.")
  String model;

  @Option(
      names = "--requests",
      required = true,
      paramLabel = "FILE",
      description = "JSON-lines requests, or - for standard input.")
  String requests;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the JSON-lines responses (default: standard output).")
  Path out;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    RunDirectory r = RunDirectory.open(run);
    Path dir = CtrStage.dir(r).resolve(model);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          dir + " does not exist; train it with `hisam ctr --run " + run + " --model ...`");
    }
    RunConfig config = Stages.resolve(r, List.of());
    Dataset dataset = DatasetStore.read(r.data(), config.data().rootPath());
    String source = requests.equals("-") ? "<stdin>" : requests;
    List<ScoreRequest> parsed = new ArrayList<>();
    List<Long> lineOf = new ArrayList<>();
    read(source, parsed, lineOf);
    PrintWriter err = spec.commandLine().getErr();
    List<ScoreResponse> responses = new ArrayList<>();
    long t0 = System.nanoTime();
    try (CtrScorer scorer =
        CtrScorer.load(
            dir,
            dataset.catalog(),
            () -> Tokenize.contentVectors(r, dataset, CtrStage.contentModalities(dataset), err))) {
      for (int i = 0; i < parsed.size(); i++) {
        try {
          scorer.validate(parsed.get(i));
        } catch (RequestException e) {
          throw new InputException(Path.of(source), lineOf.get(i), e.field(), e.problem());
        }
      }
      for (int from = 0; from < parsed.size(); from += BATCH) {
        responses.addAll(scorer.score(parsed.subList(from, Math.min(parsed.size(), from + BATCH))));
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    ObjectMapper mapper = Json.mapper();
    StringBuilder text = new StringBuilder();
    for (ScoreResponse resp : responses) {
      text.append(
              mapper
                  .writer()
                  .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(resp))
          .append('\n');
    }
    if (out == null) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
    } else {
      AtomicFiles.writeString(out, text.toString());
    }
    err.printf(
        "scored %,d request(s) with %s in %.2f s%s%n",
        responses.size(), model, seconds, out == null ? "" : " -> " + out);
    return 0;
  }

  /** The modalities a logreg model was trained on (its modalities.json), else the default. */
  private static List<dev.hisam.encode.Modality> modalities(Path dir, Dataset dataset) {
    Path f = dir.resolve(CtrStage.MODALITIES);
    if (!Files.isRegularFile(f)) {
      return CtrStage.contentModalities(dataset);
    }
    try {
      List<dev.hisam.encode.Modality> out = new ArrayList<>();
      for (JsonNode n : Json.mapper().readTree(f.toFile())) {
        out.add(dev.hisam.encode.Modality.valueOf(n.asText()));
      }
      return out;
    } catch (IOException | IllegalArgumentException e) {
      throw new InputException(f, 0, "modalities", "unreadable: " + e.getMessage());
    }
  }

  /**
   * Parses every line (blank lines skipped) into {@code out}, its line number into {@code lineOf};
   * the first bad line is an error naming it.
   */
  private void read(String source, List<ScoreRequest> out, List<Long> lineOf) {
    ObjectMapper mapper = Json.mapper();
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                source.equals("<stdin>") ? System.in : Files.newInputStream(Path.of(source)),
                decoder))) {
      String line;
      long no = 0;
      while ((line = readLine(in, source, no + 1)) != null) {
        no++;
        if (line.isBlank()) {
          continue;
        }
        out.add(parse(mapper, line, Path.of(source), no));
        lineOf.add(no);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw InputException.ofFile(Path.of(source), "file not found");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    if (out.isEmpty()) {
      throw InputException.ofFile(Path.of(source), "no requests (the file is empty)");
    }
  }

  private static String readLine(BufferedReader in, String source, long no) throws IOException {
    try {
      return in.readLine();
    } catch (CharacterCodingException e) {
      throw new InputException(Path.of(source), no, "encoding", "not valid UTF-8");
    }
  }

  static ScoreRequest parse(ObjectMapper mapper, String line, Path file, long no) {
    JsonNode node;
    try {
      node = mapper.readTree(line);
    } catch (JsonProcessingException e) {
      throw new InputException(file, no, "json", "malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new InputException(file, no, "json", "each line must be one JSON object");
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!List.of("user", "history", "candidates", "feedback").contains(n)) {
        throw new InputException(
            file, no, n, "unknown field (expected user, history, candidates, feedback)");
      }
    }
    JsonNode user = node.get("user");
    if (user != null && !user.isNull() && !user.isValueNode()) {
      throw new InputException(file, no, "user", "must be a string or number");
    }
    List<String> history = keys(node.get("history"), "history", file, no, true);
    List<String> candidates = keys(node.get("candidates"), "candidates", file, no, false);
    return new ScoreRequest(
        user == null || user.isNull() ? null : user.asText(),
        history,
        candidates,
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

  private static List<String> keys(
      JsonNode array, String field, Path file, long no, boolean optional) {
    if (array == null || array.isNull()) {
      if (optional) {
        return List.of();
      }
      throw new InputException(file, no, field, "missing (a list of item keys)");
    }
    if (!array.isArray()) {
      throw new InputException(file, no, field, "must be a list of item keys");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode v = array.get(i);
      if (!(v.isTextual() || v.isIntegralNumber())) {
        throw new InputException(
            file, no, field + "[" + i + "]", "must be an item key (string or integer)");
      }
      out.add(v.asText());
    }
    return out;
  }
}
