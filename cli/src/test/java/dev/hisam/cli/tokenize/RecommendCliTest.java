package dev.hisam.cli.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hisam.core.Json;
import dev.hisam.core.io.RunDirectory;
import dev.hisam.data.Dataset;
import dev.hisam.data.DatasetStore;
import dev.hisam.hmat.Candidates;
import dev.hisam.hmat.HmatModel;
import dev.hisam.train.sasrec.SasRecModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hisam recommend} on a tiny Beauty-layout run: SASRec's lists equal a full sort of its
 * scores under the P1 tie rule, HMAT's equal its own beam search, a known user reads their recorded
 * history, the history can be excluded, and bad requests are errors naming the line and field that
 * leave an earlier output untouched.
 */
@Tag("smoke")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecommendCliTest {
  @TempDir static Path tmp;
  private Path run;
  private Dataset dataset;

  @BeforeAll
  void trainTinyModels() {
    Path data = TinyBeauty.write(tmp.resolve("data"));
    run = tmp.resolve("run");
    TinyBeauty.prepare(data, run);
    TinyBeauty.trainSasRec(run);
    Cli tok = Cli.run(TinyBeauty.tokenize(run, "dst"));
    assertEquals(0, tok.exit(), tok.err());
    List<String> a = new ArrayList<>(List.of("train", "--run", run.toString(), "--model", "hmat"));
    a.addAll(HmatCliTest.TINY_HMAT);
    Cli t = Cli.run(a.toArray(String[]::new));
    assertEquals(0, t.exit(), t.err());
    dataset = DatasetStore.read(RunDirectory.open(run).data());
  }

  private Cli recommend(String model, Path requests, Path out, String... extra) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "recommend",
                "--run",
                run.toString(),
                "--model",
                model,
                "--requests",
                requests.toString(),
                "--out",
                out.toString()));
    a.addAll(List.of(extra));
    return Cli.run(a.toArray(String[]::new));
  }

  private String keys(int[] items) {
    return Arrays.stream(items)
        .mapToObj(i -> "\"" + dataset.catalog().key(i) + "\"")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static List<JsonNode> lines(Path out) throws Exception {
    List<JsonNode> out2 = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      out2.add(Json.mapper().readTree(line));
    }
    return out2;
  }

  private static List<String> items(JsonNode response) {
    List<String> out = new ArrayList<>();
    response.path("items").forEach(n -> out.add(n.path("item").asText()));
    return out;
  }

  /** The reference: every item sorted by score, higher first, then smaller ItemId. */
  private static List<Integer> fullSort(float[] scores, Set<Integer> skip) {
    return IntStream.range(0, scores.length)
        .boxed()
        .filter(i -> !skip.contains(i))
        .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
        .toList();
  }

  @Test
  void sasRecListsAreTheFullSortOfItsScoresAndAKnownUserReadsTheirHistory() throws Exception {
    int user = 3;
    int[] recorded = dataset.sequences()[user];
    int[] mine = {recorded[0], recorded[1], recorded[2]};
    Path requests = tmp.resolve("sasrec.jsonl");
    Files.writeString(
        requests,
        "{\"user\": \"me\", \"history\": "
            + keys(mine)
            + "}\n\n"
            + "{\"user\": \""
            + dataset.userKeys().get(user)
            + "\"}\n"
            + "{\"history\": "
            + keys(recorded)
            + "}\n");
    Path out = tmp.resolve("sasrec-recs.jsonl");
    for (boolean exclude : new boolean[] {false, true}) {
      Cli r =
          exclude
              ? recommend("sasrec", requests, out, "--k", "7", "--exclude-history")
              : recommend("sasrec", requests, out, "--k", "7");
      assertEquals(0, r.exit(), r.err());
      List<JsonNode> got = lines(out);
      assertEquals(3, got.size());
      assertEquals("me", got.get(0).path("user").asText());
      assertFalse(got.get(2).has("user") && !got.get(2).path("user").isNull());
      // the known user's line is the same as giving their recorded history
      assertEquals(items(got.get(2)), items(got.get(1)));
      try (SasRecModel m = SasRecModel.load(run.resolve("model/sasrec"))) {
        int cap = m.historyCapacity();
        int[] cut =
            Arrays.copyOfRange(recorded, Math.max(0, recorded.length - cap), recorded.length);
        assertEquals(cut.length, got.get(1).path("historyUsed").asInt());
        int[][] histories = {mine, cut};
        float[][] scores = m.score(histories);
        for (int q = 0; q < 2; q++) {
          Set<Integer> skip = new HashSet<>();
          if (exclude) {
            Arrays.stream(histories[q]).forEach(skip::add);
          }
          List<String> want =
              fullSort(scores[q], skip).subList(0, 7).stream()
                  .map(i -> dataset.catalog().key(i))
                  .toList();
          assertEquals(want, items(got.get(q)), "exclude " + exclude + ", request " + q);
          JsonNode top = got.get(q).path("items").get(0);
          int topId = dataset.catalog().idOf(top.path("item").asText()).getAsInt();
          assertEquals(scores[q][topId], top.path("score").asDouble(), 1e-6);
        }
      }
    }
  }

  @Test
  void hmatListsAreItsBeamSearchAndExcludingTheHistoryStillFillsK() throws Exception {
    int[] history = Arrays.copyOf(dataset.sequences()[5], 4);
    Path requests = tmp.resolve("hmat.jsonl");
    Files.writeString(requests, "{\"history\": " + keys(history) + "}\n");
    Path out = tmp.resolve("hmat-recs.jsonl");
    Cli r = recommend("hmat", requests, out, "--k", "5");
    assertEquals(0, r.exit(), r.err());
    List<String> got = items(lines(out).get(0));
    Cli ex = recommend("hmat", requests, out, "--k", "10", "--exclude-history");
    assertEquals(0, ex.exit(), ex.err());
    JsonNode excluded = lines(out).get(0);
    try (HmatModel m = HmatModel.load(run.resolve("model/hmat"))) {
      assertEquals(10, m.beamWidth());
      Candidates beam = m.recommend(new int[][] {history})[0];
      List<String> want = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        want.add(dataset.catalog().key(beam.items()[i]));
      }
      assertEquals(want, got);
      // a beam widened by the history's length: 10 items none of which the user has
      Set<String> had = new HashSet<>();
      Arrays.stream(history).forEach(i -> had.add(dataset.catalog().key(i)));
      List<String> ten = items(excluded);
      assertEquals(10, ten.size());
      assertEquals(10, new HashSet<>(ten).size());
      ten.forEach(item -> assertFalse(had.contains(item), item));
      Candidates wide = m.recommend(new int[][] {history}, 10 + history.length)[0];
      List<String> wideWant = new ArrayList<>();
      for (int i = 0; i < wide.size() && wideWant.size() < 10; i++) {
        String key = dataset.catalog().key(wide.items()[i]);
        if (!had.contains(key)) {
          wideWant.add(key);
        }
      }
      assertEquals(wideWant, ten);
      // scores are the beam's log-probabilities, best first
      double prev = Double.POSITIVE_INFINITY;
      for (JsonNode n : excluded.path("items")) {
        double s = n.path("score").asDouble();
        assertTrue(s <= 0 && s <= prev, excluded.toString());
        prev = s;
      }
    }
  }

  @Test
  void badRequestsNameTheLineAndFieldAndLeaveTheOutputAlone() throws Exception {
    Path out = tmp.resolve("kept.jsonl");
    Files.writeString(out, "earlier\n");
    String ok = "{\"history\": " + keys(new int[] {0, 1}) + "}\n";
    Path bad = tmp.resolve("bad.jsonl");
    Object[][] cases = {
      {
        ok + "{\"history\": [\"" + dataset.catalog().key(2) + "\", \"nope\"]}\n",
        "bad.jsonl:2",
        "history[1]"
      },
      {ok + "\n{\"user\": \"no-such-user\"}\n", "bad.jsonl:3", "unknown user"},
      {"{\"history\": []}\n", "bad.jsonl:1", "at least one item"},
      {"{}\n", "bad.jsonl:1", "history"},
      {"{\"histroy\": [\"1\"]}\n", "bad.jsonl:1", "histroy"},
      {ok + "{\"history\": [\n", "bad.jsonl:2", "malformed JSON"},
      {"", "bad.jsonl", "no requests"},
    };
    for (Object[] c : cases) {
      Files.writeString(bad, (String) c[0]);
      Cli r = recommend("sasrec", bad, out);
      assertEquals(2, r.exit(), r.err());
      assertTrue(r.err().contains((String) c[1]), r.err());
      assertTrue(r.err().contains((String) c[2]), r.err());
      assertEquals("earlier\n", Files.readString(out));
    }
    Files.writeString(bad, ok);
    Cli unknownModel = recommend("hmat-nope", bad, out);
    assertEquals(2, unknownModel.exit(), unknownModel.err());
    assertTrue(unknownModel.err().contains("trained: "), unknownModel.err());
    assertTrue(unknownModel.err().contains("sasrec"), unknownModel.err());
    Cli zero = recommend("sasrec", bad, out, "--k", "0");
    assertEquals(2, zero.exit(), zero.err());
    assertTrue(zero.err().contains("--k"), zero.err());
    assertEquals("earlier\n", Files.readString(out));
  }
}
