package dev.hisam.train.sasrec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The acceptance run: the final config on Amazon Beauty, P1 protocol, model selected on validation
 * NDCG@10; test R@10 >= 0.072 and N@10 >= 0.040 at history 50 (published tuned SASRec: 0.0740 /
 * 0.0423). About 15-20 minutes on 2 cores.
 */
@Tag("slow")
class BeautySasRecSlowTest {
  @Test
  void finalConfigReachesThePublishedLevelOnBeauty() {
    Assumptions.assumeTrue(
        BeautyData.available(),
        "Amazon Beauty not found under ${hisam.shared}/data/amazon-beauty; skipping");
    BeautyData data = BeautyData.load(BeautyData.beautyFile());
    BeautyExperiment.Outcome o =
        BeautyExperiment.train(data, SasRecTrainConfig.defaults(), 42L, false);
    assertTrue(o.test50().recall10() >= 0.072, "test@50 " + o.test50());
    assertTrue(o.test50().ndcg10() >= 0.040, "test@50 " + o.test50());
  }
}
