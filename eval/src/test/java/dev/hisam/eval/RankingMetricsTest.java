package dev.hisam.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hisam.core.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  @Test
  void handWorked() {
    int[] ranks = {0, 3, 4, 9, 10, Ranking.MISS};
    RankingMetrics m = RankingMetrics.of(ranks, List.of(5, 10));
    assertEquals(6, m.users());
    // @5: hits at ranks 0, 3, 4 -> 3/6
    assertEquals(0.5, m.recall(5), 1e-15);
    // 1/log2(2) + 1/log2(5) + 1/log2(6) = 1 + 0.43067655807339306 + 0.38685280723454163
    //   = 1.8175293653079347; / 6 users
    assertEquals(0.30292156088465577, m.ndcg(5), 1e-15);
    // @10: also rank 9 -> 4/6
    assertEquals(4.0 / 6, m.recall(10), 1e-15);
    // + 1/log2(11) = 0.2890648263178879 -> 2.1065941916258226 / 6
    assertEquals(0.3510990319376371, m.ndcg(10), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> m.recall(20));
  }

  @Test
  void gainOfRankZeroIsOne() {
    assertEquals(1.0, RankingMetrics.gain(0), 0); // 1/log2(2)
    assertEquals(0.5, RankingMetrics.gain(2), 1e-15); // 1/log2(4)
  }

  @Test
  void rejectsBadInput() {
    assertThrows(
        IllegalArgumentException.class, () -> RankingMetrics.of(new int[] {-1}, List.of(5)));
    assertThrows(IllegalArgumentException.class, () -> RankingMetrics.of(new int[] {1}, List.of()));
    assertThrows(
        IllegalArgumentException.class, () -> RankingMetrics.of(new int[] {1}, List.of(0)));
  }

  @Test
  void emptyIsNaN() {
    RankingMetrics m = RankingMetrics.of(new int[0], List.of(5));
    assertEquals(Double.NaN, m.recall(5));
  }

  @Test
  void jsonRoundTrip() throws Exception {
    RankingMetrics m = RankingMetrics.of(new int[] {0, 7, 2}, List.of(5, 10));
    String json = Json.mapper().writeValueAsString(m);
    assertEquals(m, Json.mapper().readValue(json, RankingMetrics.class));
  }
}
