package dev.hisam.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.hisam.core.Json;
import dev.hisam.core.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Real-ish input: Yelp S3-Rec attribute bags, each attribute a seeded Gaussian vector, an item the
 * sum of its attributes' vectors (a random projection of the multi-hot); a second "modality" sees
 * only the even attribute ids. Items without attributes lack both... so they are left out.
 */
@Tag("data")
class YelpAttributesTest {
  static TokenizerInput load(int limit) throws Exception {
    Path shared = Path.of(System.getProperty("hisam.shared", "../shared"));
    Path file = shared.resolve("data/yelp/Yelp_item2attributes.json");
    Assumptions.assumeTrue(Files.exists(file), "no Yelp data at " + file + ": skipping");
    Map<String, List<Integer>> raw =
        Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, List<Integer>>>() {});
    TreeMap<Integer, List<Integer>> bags = new TreeMap<>();
    raw.forEach((k, v) -> bags.put(Integer.parseInt(k), v));
    SplittableRandom rng = new SplittableRandom(17);
    Map<Integer, float[]> attr = new TreeMap<>();
    List<float[]> all = new ArrayList<>();
    List<float[]> even = new ArrayList<>();
    for (List<Integer> bag : bags.values()) {
      if (bag.isEmpty() || all.size() == limit) {
        continue;
      }
      float[] a = new float[32];
      float[] e = null;
      for (int id : bag) {
        float[] v = attr.computeIfAbsent(id, x -> Synthetic.gaussian(1, 32, rng, 1)[0]);
        for (int j = 0; j < 32; j++) {
          a[j] += v[j];
        }
        if (id % 2 == 0) {
          e = e == null ? new float[32] : e;
          for (int j = 0; j < 32; j++) {
            e[j] += v[j];
          }
        }
      }
      all.add(a);
      even.add(e);
    }
    return new TokenizerInput(
        List.of(
            new ModalityInput("attributes", all.toArray(new float[0][])),
            new ModalityInput("even", even.toArray(new float[0][]))));
  }

  @Test
  void everyItemGetsASidFromRqKMeansAndDst() throws Exception {
    TokenizerInput input = load(1500);
    TrainedTokenizer km =
        new RqKMeans(new RqKMeansConfig(3, 32, 10))
            .fit(input, new Seeds(1), TokenizerProgress.NONE);
    assertEquals(input.items(), km.assign(input).items());
    assertTrue(km.report().levels().get(0).utilisation() > 0.9);
    DstConfig small =
        new DstConfig(
            2,
            1,
            32,
            16,
            32,
            0.1,
            true,
            1.0,
            0.1,
            1.0,
            0.25,
            MiPenalty.CLUB,
            0.1,
            16,
            1e-3,
            3e-3,
            1e-4,
            256,
            2,
            5,
            0);
    TrainedTokenizer dst = new Dst(small).fit(input, new Seeds(1), TokenizerProgress.NONE);
    SemanticIdTable t = dst.assign(input);
    assertEquals(input.items(), t.items());
    for (int i = 0; i < t.items(); i++) {
      boolean hasEven = input.modalities().get(1).present(i);
      assertEquals(!hasEven, t.code(i, 3) == 32); // absent code exactly where "even" is missing
    }
  }
}
