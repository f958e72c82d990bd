package dev.hisam.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run report's semantic-ID section, from hand-written tokenizer reports. */
class ReportWriterTokenizersTest {
  @TempDir Path tmp;

  private static void tokenizer(Path base, String dir, double unique, boolean uniqueOk)
      throws Exception {
    Files.createDirectories(base.resolve(dir));
    String json =
        """
        {"codebookSize": 256, "levelNames": ["shared.1", "text.1"],
         "modalities": [{"name": "text"}, {"name": "image"}],
         "summary": {"minUtilisation": 0.98765, "minPerplexity": 167.84, "uniqueFraction": %s},
         "acceptance": {"utilisationOk": true, "perplexityOk": true, "uniqueOk": %s},
         "timing": {"encodeTotalSeconds": 141.3, "fitSeconds": 37.94}}
        """
            .formatted(unique, uniqueOk);
    Files.writeString(base.resolve(dir).resolve("report.json"), json);
  }

  @Test
  void oneRowPerTokenizerWithItsBarsAndALink() throws Exception {
    Path base = tmp.resolve("tokenizer");
    tokenizer(base, "rq-kmeans", 0.714, false);
    tokenizer(base, "dst", 1.0, true);
    Files.createDirectories(base.resolve("no-report")); // an interrupted tokenize: skipped
    List<JsonNode> read = ReportWriter.readTokenizers(base);
    assertEquals(2, read.size());
    StringBuilder md = new StringBuilder();
    ReportWriter.appendTokenizers(md, read);
    String s = md.toString();
    assertTrue(
        s.contains(
            "| dst | text + image | shared.1 text.1 (256) | 98.8% | 167.8 | 100.0% | yes"
                + " | 141.3 + 37.9 s | [report](../tokenizer/dst/report.md) |"),
        s);
    assertTrue(
        s.contains(
            "| rq-kmeans | text + image | shared.1 text.1 (256) | 98.8% | 167.8 |"
                + " 71.4% | no |"),
        s);
    assertTrue(s.indexOf("| dst |") < s.indexOf("| rq-kmeans |"), "sorted by name: " + s);
  }

  @Test
  void noTokenizerNoSection() {
    StringBuilder md = new StringBuilder();
    ReportWriter.appendTokenizers(md, ReportWriter.readTokenizers(tmp.resolve("absent")));
    assertEquals("", md.toString());
  }
}
