package dev.hisam.cli.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hisam.data.DatasetKind;
import dev.hisam.encode.Modality;
import dev.hisam.tokenizer.TokenizerKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The small pure pieces of the tokenize command, on hand-worked values. */
class TokenizeUnitTest {
  @Test
  void automaticCodebookSize() {
    // >= 256 * 8 = 2048 items: the default 256
    assertEquals(256, TokenizeConfig.autoCodebookSize(3883));
    assertEquals(256, TokenizeConfig.autoCodebookSize(2048));
    // 2047 / 8 = 255 -> largest power of two <= 255 = 128
    assertEquals(128, TokenizeConfig.autoCodebookSize(2047));
    // 100 / 8 = 12 -> 8
    assertEquals(8, TokenizeConfig.autoCodebookSize(100));
    // 30 / 8 = 3 -> 2; never below 2
    assertEquals(2, TokenizeConfig.autoCodebookSize(30));
    assertEquals(2, TokenizeConfig.autoCodebookSize(1));
    TokenizeConfig d = TokenizeConfig.defaults();
    assertEquals(256, d.codebookSizeFor(5000));
    assertEquals(
        64, TokenizeConfig.resolve(null, List.of("codebookSize=64")).codebookSizeFor(5000));
  }

  @Test
  void defaultModalitiesPerDataset() {
    TokenizeConfig d = TokenizeConfig.defaults();
    assertEquals(List.of(Modality.TEXT, Modality.IMAGE), d.modalitiesFor(DatasetKind.MOVIELENS));
    assertEquals(List.of(Modality.TEXT, Modality.ATTRIBUTES), d.modalitiesFor(DatasetKind.YELP));
    assertEquals(
        List.of(Modality.ATTRIBUTES, Modality.COLLABORATIVE), d.modalitiesFor(DatasetKind.BEAUTY));
    TokenizeConfig c = TokenizeConfig.resolve(null, List.of("modalities= Image ,text"));
    assertEquals(List.of(Modality.IMAGE, Modality.TEXT), c.modalitiesFor(DatasetKind.BEAUTY));
    assertThrows(
        IllegalArgumentException.class,
        () -> TokenizeConfig.parseModalities("text,text"),
        "duplicate");
  }

  @Test
  void categoryIsTheFirstItemAfterTheLastBar() {
    assertEquals(
        "Animation", Categories.firstAfterBar("Toy Story (1995) | Animation, Children's, Comedy"));
    assertEquals("Diners", Categories.firstAfterBar("The Great Greek | Diners, Greek"));
    assertEquals("Drama", Categories.firstAfterBar("A | B (2000) | Drama"));
    assertNull(Categories.firstAfterBar("No genres (1990)"));
    assertNull(Categories.firstAfterBar(null));
  }

  @Test
  void pcaRecoversTheDominantDirection() {
    // points t * (1, 1, 0) + s * (0, 0, 1): t in {-2..2} (variance 2 per axis, 4 along (1,1)),
    // s = +-0.1 alternating (variance 0.01). PC1 = (1,1,0)/sqrt(2), score = sqrt(2) t.
    float[][] x = new float[10][];
    double[] t = new double[10];
    for (int i = 0; i < 10; i++) {
      t[i] = (i % 5) - 2;
      double s = i < 5 ? 0.1 : -0.1;
      x[i] = new float[] {(float) t[i] + 1, (float) t[i] + 1, (float) s + 3};
    }
    double[][] p = Projection.pca2(x, 50);
    double sign = Math.signum(p[4][0]); // t = 2
    for (int i = 0; i < 10; i++) {
      assertEquals(Math.sqrt(2) * t[i], sign * p[i][0], 1e-6, "PC1 of point " + i);
      assertEquals(0.1, Math.abs(p[i][1]), 1e-6, "PC2 of point " + i);
    }
  }

  @Test
  void tokenizerOption() {
    TokenizerChoice.Converter c = new TokenizerChoice.Converter();
    assertEquals(TokenizerChoice.RQ_KMEANS, c.convert("rq-kmeans"));
    assertEquals(TokenizerChoice.RQ_VAE, c.convert("RQ_VAE"));
    assertEquals(3, c.convert("all").kinds.size());
    assertEquals("rq-kmeans", TokenizerChoice.dirName(TokenizerKind.RQ_KMEANS));
    assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("lda"));
  }
}
