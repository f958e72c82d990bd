package dev.hisam.cli.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hisam.core.Json;
import dev.hisam.encode.image.ImageEncoderConfig;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny MovieLens-layout dataset with drawn posters, one corrupt poster and one movie without a
 * poster: tokenize (text + image) names both and the items go on with text only.
 */
@Tag("smoke")
class TokenizeMovielensImagesTest {
  @TempDir Path tmp;

  static final int MOVIES = 12;
  static final String[] GENRES = {"Comedy", "Drama", "Action"};

  @Test
  void corruptAndMissingPostersAreReportedByName() throws Exception {
    Assumptions.assumeTrue(
        Files.isRegularFile(ImageEncoderConfig.defaultModelDir().resolve("model.json")),
        "image model absent: run scripts/fetch-image-model.sh to include this test");
    Path data = tmp.resolve("data");
    Path dir = data.resolve("movielens-1m-mm");
    StringBuilder movies = new StringBuilder();
    for (int m = 1; m <= MOVIES; m++) {
      movies
          .append(m)
          .append("::Movie number ")
          .append(m)
          .append(" (199")
          .append(m % 10)
          .append(")::")
          .append(GENRES[m % 3])
          .append('\n');
    }
    Files.createDirectories(dir.resolve("MovieData"));
    Files.write(
        dir.resolve("MovieData/movies.dat"),
        movies.toString().getBytes(StandardCharsets.ISO_8859_1));
    Files.createDirectories(dir.resolve("MovieImages"));
    for (int m = 1; m <= MOVIES; m++) {
      if (m == 5) {
        Files.write(dir.resolve("MovieImages/5.jpg"), new byte[] {1, 2, 3}); // corrupt
      } else if (m != 9) { // movie 9 has no poster
        BufferedImage img = new BufferedImage(40, 60, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(20 * m, 255 - 20 * m, (90 * m) % 256));
        g.fillRect(0, 0, 40, 60);
        g.setColor(Color.WHITE);
        g.fillOval(m, m, 20, 30);
        g.dispose();
        ImageIO.write(img, "jpg", dir.resolve("MovieImages/" + m + ".jpg").toFile());
      }
    }
    StringBuilder train = new StringBuilder("user_id\tmovie_id\trating\ttimestamp\n");
    for (int u = 1; u <= 20; u++) {
      for (int k = 0; k < 4; k++) {
        train.append(u).append('\t').append(1 + (u + k) % MOVIES).append("\t5\t");
        train.append(1000 + 10 * k).append('\n');
      }
    }
    String empty = "user_id\tmovie_id\trating\ttimestamp\n";
    Files.createDirectories(dir.resolve("candidate_gen_data"));
    Files.createDirectories(dir.resolve("splits"));
    Files.writeString(dir.resolve("candidate_gen_data/train_positives.tsv"), train.toString());
    Files.writeString(
        dir.resolve("candidate_gen_data/val_positives.tsv"), empty + "1\t3\t5\t2000\n");
    Files.writeString(
        dir.resolve("candidate_gen_data/test_positives.tsv"), empty + "1\t4\t5\t3000\n");
    Files.writeString(dir.resolve("splits/val_ratings.tsv"), empty + "1\t3\t5\t2000\n");
    Files.writeString(dir.resolve("splits/test_ratings.tsv"), empty + "1\t4\t5\t3000\n");

    Path run = tmp.resolve("run");
    Cli p =
        Cli.run(
            "prepare",
            "--run",
            run.toString(),
            "--dataset",
            "movielens",
            "--set",
            "data.root=" + data,
            "--set",
            "data.kcore=0");
    assertEquals(0, p.exit(), p.err());

    Cli r = Cli.run(TinyBeauty.tokenize(run, "rq-kmeans", "--set", "codebookSize=2"));
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().contains("5.jpg could not be read"), r.err());
    assertTrue(r.err().contains("image: 1 item(s) have no image input"), r.err());
    assertTrue(r.err().matches("(?s).*no image input and go on without it: 9\\b.*"), r.err());

    JsonNode report =
        Json.mapper().readTree(run.resolve("tokenizer/rq-kmeans/report.json").toFile());
    JsonNode text = report.path("modalities").get(0);
    JsonNode image = report.path("modalities").get(1);
    assertEquals("text", text.path("name").asText());
    assertEquals(MOVIES, text.path("itemsPresent").asInt());
    assertEquals("image", image.path("name").asText());
    assertEquals(MOVIES - 2, image.path("itemsPresent").asInt());
    assertEquals("5", image.path("problems").get(0).path("item").asText());
    assertEquals("5.jpg", image.path("problems").get(0).path("source").asText());
    assertEquals("9", image.path("missing").get(0).asText());
    assertEquals(MOVIES, report.path("items").asInt(), "every movie gets a semantic ID");
    assertTrue(Files.readString(run.resolve("tokenizer/rq-kmeans/report.md")).contains("`5.jpg`"));

    // the balanced variant beside it, from the embedding cache, its switch kept in its config
    Cli b =
        Cli.run(
            TinyBeauty.tokenize(
                run,
                "rq-kmeans",
                "--as",
                "rq-kmeans-bal",
                "--set",
                "codebookSize=2",
                "--set",
                "rqKmeans.balanced=true"));
    assertEquals(0, b.exit(), b.err());
    JsonNode config =
        Json.mapper().readTree(run.resolve("tokenizer/rq-kmeans-bal/config.json").toFile());
    assertTrue(config.path("rqKmeans").path("balanced").asBoolean(), config.toString());
    JsonNode plain =
        Json.mapper().readTree(run.resolve("tokenizer/rq-kmeans/config.json").toFile());
    assertFalse(plain.path("rqKmeans").path("balanced").asBoolean(true), plain.toString());
  }
}
