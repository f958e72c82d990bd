package dev.hisam.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hisam.core.Json;
import dev.hisam.core.Seeds;
import dev.hisam.core.io.AtomicFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The measurement: the three tokenizers with their default configs on a synthetic catalogue shaped
 * like movielens (4000 items, 384-d text + 1280-d image, 5% without image). Writes each report to
 * {@code target/tokenizer-measure/<kind>.json}. Run: {@code mvn -Pslow -pl tokenizer test
 * -Dtest=MeasureTest}.
 */
@Tag("slow")
class MeasureTest {
  @Test
  void defaultsOnAMovielensShapedCatalogue() throws Exception {
    TokenizerInput input = Synthetic.make(4000, 64, 32, new int[] {384, 1280}, 0.05, 2026);
    Path out = Path.of("target", "tokenizer-measure");
    for (Tokenizer t :
        List.of(
            new RqKMeans(RqKMeansConfig.defaults()),
            new RqVae(RqVaeConfig.defaults()),
            new Dst(DstConfig.defaults()))) {
      TrainedTokenizer trained = t.fit(input, new Seeds(42), TokenizerProgress.NONE);
      AtomicFiles.writeString(
          out.resolve(t.kind() + ".json"), Json.mapper().writeValueAsString(trained.report()));
      assertEquals(input.items(), trained.assign(input).items());
    }
  }
}
