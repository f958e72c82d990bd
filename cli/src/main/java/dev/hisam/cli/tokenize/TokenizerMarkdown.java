package dev.hisam.cli.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Markdown of a tokenizer's {@code report.json}, and the side-by-side comparison of several. */
final class TokenizerMarkdown {
  private TokenizerMarkdown() {}

  static String report(JsonNode r) {
    StringBuilder md = new StringBuilder();
    JsonNode rep = r.path("report");
    int k = r.path("codebookSize").asInt();
    md.append("# Tokenizer ")
        .append(r.path("tokenizer").asText())
        .append(" on ")
        .append(r.path("dataset").asText())
        .append("\n\n")
        .append(r.path("items").asInt())
        .append(" items, seed ")
        .append(r.path("seed").asLong())
        .append(", K = ")
        .append(k)
        .append(" per level (rule: ")
        .append(r.path("codebookSizeRule").asText())
        .append("). SID layout: `")
        .append(String.join(" | ", strings(r.path("levelNames"))))
        .append(" | collision`.\n\n");

    md.append("## Inputs (frozen encoders)\n\n")
        .append(
            "| modality | encoder | dim | items with it | cached | seconds | missing | unreadable |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    for (JsonNode m : r.path("modalities")) {
      md.append("| ")
          .append(m.path("name").asText())
          .append(" | ")
          .append(m.path("encoder").asText())
          .append(" | ")
          .append(m.path("dim").asInt())
          .append(" | ")
          .append(m.path("itemsPresent").asInt())
          .append(" | ")
          .append(m.path("cached").asBoolean() ? "yes" : "no")
          .append(" | ")
          .append(f1(m.path("seconds").asDouble()))
          .append(" | ")
          .append(m.path("missingItems").asInt())
          .append(" | ")
          .append(m.path("problems").size())
          .append(" |\n");
    }
    md.append('\n');
    for (JsonNode m : r.path("modalities")) {
      for (JsonNode p : m.path("problems")) {
        md.append("- ")
            .append(m.path("name").asText())
            .append(": item ")
            .append(p.path("item").asText())
            .append(", `")
            .append(p.path("source").asText())
            .append("`: ")
            .append(p.path("message").asText())
            .append(" (the item goes on without it)\n");
      }
      if (m.path("missingItems").asInt() > 0) {
        List<String> keys = strings(m.path("missing"));
        md.append("- ")
            .append(m.path("name").asText())
            .append(": no input for items ")
            .append(ModalityEncoders.names(keys))
            .append('\n');
      }
    }

    md.append("\n## Codebook use per level\n\n")
        .append("| level | K | codes used | utilisation | perplexity | perplexity / K |\n")
        .append("|---|---|---|---|---|---|\n");
    for (JsonNode l : rep.path("levels")) {
      md.append("| ")
          .append(l.path("name").asText())
          .append(" | ")
          .append(l.path("codebookSize").asInt())
          .append(" | ")
          .append(l.path("used").asInt())
          .append(" | ")
          .append(pct(l.path("utilisation").asDouble()))
          .append(" | ")
          .append(f1(l.path("perplexity").asDouble()))
          .append(" | ")
          .append(f3(l.path("perplexity").asDouble() / l.path("codebookSize").asInt()))
          .append(" |\n");
    }
    JsonNode s = r.path("summary");
    md.append("\n## Semantic IDs\n\n| quantity | value |\n|---|---|\n")
        .append("| items with a unique code tuple (before collision code) | ")
        .append(pct(s.path("uniqueFraction").asDouble()))
        .append(" |\n| items whose inputs no other item has (ceiling of the line above) | ")
        .append(pct(s.path("inputUniqueFraction").asDouble()))
        .append(" |\n| distinct code tuples / items | ")
        .append(pct(s.path("distinctFraction").asDouble()))
        .append(" |\n| collision rate (before collision code) | ")
        .append(pct(s.path("collisionRate").asDouble()))
        .append(" |\n| collision code range | ")
        .append(s.path("collisionSize").asInt())
        .append(" |\n\n");

    md.append("## Reconstruction, alignment, mutual information\n\n")
        .append(
            "| modality | items | relative reconstruction error | MI estimate (post-hoc CLUB) |")
        .append(" MI (training CLUB) | mean abs correlation shared/specific |\n")
        .append("|---|---|---|---|---|---|\n");
    for (JsonNode m : rep.path("modalities")) {
      md.append("| ")
          .append(m.path("name").asText())
          .append(" | ")
          .append(m.path("items").asInt())
          .append(" | ")
          .append(f4(m.path("reconstructionError")))
          .append(" | ")
          .append(f4(m.path("miEstimate")))
          .append(" | ")
          .append(f4(m.path("trainingMiEstimate")))
          .append(" | ")
          .append(f4(m.path("sharedSpecificCorrelation")))
          .append(" |\n");
    }
    if (rep.path("alignment").size() > 0) {
      md.append("\n| pair | matched cosine | random cosine |\n|---|---|---|\n");
      for (JsonNode a : rep.path("alignment")) {
        md.append("| ")
            .append(a.path("a").asText())
            .append(" / ")
            .append(a.path("b").asText())
            .append(" | ")
            .append(f4(a.path("matchedCosine")))
            .append(" | ")
            .append(f4(a.path("randomCosine")))
            .append(" |\n");
      }
    } else {
      md.append(
          "\nMatched-vs-random cosine: not applicable (only DST with two or more modalities"
              + " projects each modality separately).\n");
    }
    JsonNode ab = r.path("miAblation");
    if (!ab.isMissingNode()) {
      md.append("\n### MI penalty on vs off (DST fitted again with miPenalty = NONE)\n\n")
          .append("| modality | MI on | MI off | corr. on | corr. off | recon. on | recon. off |\n")
          .append("|---|---|---|---|---|---|---|\n");
      for (JsonNode m : ab.path("modalities")) {
        md.append("| ")
            .append(m.path("name").asText())
            .append(" | ")
            .append(f4(m.path("miOn")))
            .append(" | ")
            .append(f4(m.path("miOff")))
            .append(" | ")
            .append(f4(m.path("correlationOn")))
            .append(" | ")
            .append(f4(m.path("correlationOff")))
            .append(" | ")
            .append(f4(m.path("reconstructionOn")))
            .append(" | ")
            .append(f4(m.path("reconstructionOff")))
            .append(" |\n");
      }
      md.append("\nUnique SIDs: on ")
          .append(pct(ab.path("uniqueFractionOn").asDouble()))
          .append(", off ")
          .append(pct(ab.path("uniqueFractionOff").asDouble()))
          .append(".\n");
    }

    JsonNode t = r.path("timing");
    JsonNode mem = r.path("memory");
    md.append("\n## Time and memory\n\n| step | seconds |\n|---|---|\n");
    t.path("encodeSeconds")
        .fields()
        .forEachRemaining(
            e ->
                md.append("| encode ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(f1(e.getValue().asDouble()))
                    .append(" |\n"));
    md.append("| fit (")
        .append(r.path("tokenizer").asText())
        .append(") | ")
        .append(f1(t.path("fitSeconds").asDouble()))
        .append(" |\n| assign SIDs | ")
        .append(f3(t.path("assignSeconds").asDouble()))
        .append(" |\n\nPeak RSS ")
        .append(mem.path("peakRssMiB").asLong())
        .append(" MiB: ")
        .append(mem.path("note").asText())
        .append(". Heap in use after the fit ")
        .append(mem.path("heapUsedMiB").asLong())
        .append(" MiB.\n");

    JsonNode acc = r.path("acceptance");
    md.append("\n## Acceptance (issue #5)\n\n| check | bar | measured | ok |\n|---|---|---|---|\n")
        .append("| every level's utilisation | >= ")
        .append(pct(acc.path("utilisationAtLeast").asDouble()))
        .append(" | min ")
        .append(pct(s.path("minUtilisation").asDouble()))
        .append(" | ")
        .append(ok(acc.path("utilisationOk")))
        .append(" |\n| every level's perplexity | >= K/4 = ")
        .append(f1(acc.path("perplexityAtLeast").asDouble()))
        .append(" | min ")
        .append(f1(s.path("minPerplexity").asDouble()))
        .append(" | ")
        .append(ok(acc.path("perplexityOk")))
        .append(" |\n| items unique before collision code | >= ")
        .append(pct(acc.path("uniqueAtLeast").asDouble()))
        .append(" | ")
        .append(pct(s.path("uniqueFraction").asDouble()))
        .append(" | ")
        .append(ok(acc.path("uniqueOk")))
        .append(" |\n");

    JsonNode plots = r.path("plots");
    md.append("\n## Plots\n\n");
    if (plots.has("loss")) {
      md.append("![loss](loss.png)\n\n");
    } else {
      md.append("No training loss: k-means has no gradient steps.\n\n");
    }
    JsonNode proj = r.path("projection");
    md.append("2-D PCA of the items' ")
        .append(String.join(" + ", levelNames(r.path("levelNames"), proj.path("levels"))))
        .append(" codewords; colour = ")
        .append(proj.path("category").asText())
        .append(" (")
        .append(TokenizerPlots.TOP_CATEGORIES)
        .append(" most frequent, the rest as other; ")
        .append(proj.path("itemsDrawn").asInt())
        .append(" items drawn).\n\n![projection](projection.png)\n\n");
    for (JsonNode u : plots.path("codeUsage")) {
      md.append("![usage](").append(u.asText()).append(")\n\n");
    }
    return md.toString();
  }

  /** DST vs RQ-KMeans vs RQ-VAE side by side. */
  static String comparison(List<? extends JsonNode> reports) {
    StringBuilder md = new StringBuilder();
    JsonNode first = reports.get(0);
    md.append("# Tokenizers compared: ")
        .append(first.path("dataset").asText())
        .append("\n\n")
        .append(first.path("items").asInt())
        .append(" items, K = ")
        .append(first.path("codebookSize").asInt())
        .append(" per level (rule: ")
        .append(first.path("codebookSizeRule").asText())
        .append("), modalities ")
        .append(String.join(", ", names(first.path("modalities"))))
        .append(". Unique = items whose level codes no other item shares (before the collision")
        .append(" code); reconstruction = sum ||x^ - x||^2 / sum ||x||^2 per modality.\n\n");
    Set<String> modalities = new LinkedHashSet<>();
    for (JsonNode r : reports) {
      for (JsonNode m : r.path("report").path("modalities")) {
        modalities.add(m.path("name").asText());
      }
    }
    md.append("Items whose inputs no other item has (the ceiling of unique): ")
        .append(pct(first.path("summary").path("inputUniqueFraction").asDouble()))
        .append(".\n\n");
    md.append("| tokenizer | levels | min utilisation | min perplexity | unique | collision rate");
    for (String m : modalities) {
      md.append(" | recon. ").append(m);
    }
    md.append(" | matched / random cos | MI (post-hoc) | fit s |\n|")
        .append("---|".repeat(9 + modalities.size()))
        .append('\n');
    for (JsonNode r : reports) {
      JsonNode s = r.path("summary");
      md.append("| ")
          .append(r.path("tokenizer").asText())
          .append(" | ")
          .append(String.join(" ", strings(r.path("levelNames"))))
          .append(" | ")
          .append(pct(s.path("minUtilisation").asDouble()))
          .append(" | ")
          .append(f1(s.path("minPerplexity").asDouble()))
          .append(" | ")
          .append(pct(s.path("uniqueFraction").asDouble()))
          .append(" | ")
          .append(pct(s.path("collisionRate").asDouble()));
      for (String m : modalities) {
        String v = "-";
        for (JsonNode x : r.path("report").path("modalities")) {
          if (x.path("name").asText().equals(m)) {
            v = f4(x.path("reconstructionError"));
          }
        }
        md.append(" | ").append(v);
      }
      List<String> cos = new ArrayList<>();
      for (JsonNode a : r.path("report").path("alignment")) {
        cos.add(
            f3(a.path("matchedCosine").asDouble()) + " / " + f3(a.path("randomCosine").asDouble()));
      }
      List<String> mi = new ArrayList<>();
      for (JsonNode x : r.path("report").path("modalities")) {
        if (x.path("miEstimate").isNumber()) {
          mi.add(x.path("name").asText() + " " + f3(x.path("miEstimate").asDouble()));
        }
      }
      md.append(" | ")
          .append(cos.isEmpty() ? "-" : String.join(", ", cos))
          .append(" | ")
          .append(mi.isEmpty() ? "-" : String.join(", ", mi))
          .append(" | ")
          .append(f1(r.path("timing").path("fitSeconds").asDouble()))
          .append(" |\n");
    }
    md.append("\nEncoders (shared by all three): ");
    List<String> enc = new ArrayList<>();
    first
        .path("timing")
        .path("encodeSeconds")
        .fields()
        .forEachRemaining(e -> enc.add(e.getKey() + " " + f1(e.getValue().asDouble()) + " s"));
    boolean cached = false;
    for (JsonNode m : first.path("modalities")) {
      cached |= m.path("cached").asBoolean();
    }
    md.append(String.join(", ", enc))
        .append(cached ? " (some loaded from the embeddings cache)" : "")
        .append(".\n\nAcceptance bars: every level >= 90% of codes used, perplexity >= K/4,")
        .append(" >= 95% of items unique before the collision code.\n\n| tokenizer | utilisation |")
        .append(" perplexity | unique |\n|---|---|---|---|\n");
    for (JsonNode r : reports) {
      JsonNode a = r.path("acceptance");
      md.append("| ")
          .append(r.path("tokenizer").asText())
          .append(" | ")
          .append(ok(a.path("utilisationOk")))
          .append(" | ")
          .append(ok(a.path("perplexityOk")))
          .append(" | ")
          .append(ok(a.path("uniqueOk")))
          .append(" |\n");
    }
    md.append("\nDetails and plots: `<tokenizer>/report.md`.\n");
    return md.toString();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static List<String> names(JsonNode modalities) {
    List<String> out = new ArrayList<>();
    modalities.forEach(x -> out.add(x.path("name").asText()));
    return out;
  }

  private static List<String> levelNames(JsonNode names, JsonNode indices) {
    List<String> out = new ArrayList<>();
    indices.forEach(i -> out.add(names.path(i.asInt()).asText()));
    return out;
  }

  private static String ok(JsonNode b) {
    return b.asBoolean() ? "yes" : "**no**";
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String f4(JsonNode v) {
    return v.isNumber() ? String.format(Locale.ROOT, "%.4f", v.asDouble()) : "-";
  }
}
