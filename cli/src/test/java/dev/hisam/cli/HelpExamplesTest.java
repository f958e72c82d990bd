package dev.hisam.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hisam.cli.tokenize.TokenizeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The examples in {@code --help} are what a newcomer copies first: every one must parse, every
 * {@code --set key=value} it shows must name a real config key with a valid value, and no footer
 * line may be wrapped by picocli (a wrapped example breaks copy-paste).
 */
class HelpExamplesTest {
  private static final int USAGE_WIDTH = 80;
  private static final Pattern SET = Pattern.compile("--set ([A-Za-z][\\w.]*)=(\\S+)");

  private static List<CommandSpec> allSpecs() {
    List<CommandSpec> specs = new ArrayList<>();
    CommandLine root = Hisam.commandLine();
    specs.add(root.getCommandSpec());
    root.getSubcommands().values().forEach(c -> specs.add(c.getCommandSpec()));
    return specs;
  }

  /** The footer's example command lines, continuation lines ({@code \}) joined, comments cut. */
  static List<String> examples(String[] footer) {
    List<String> out = new ArrayList<>();
    StringBuilder current = null;
    for (String raw : footer) {
      for (String line : raw.split("\n")) {
        String t = line.strip();
        if (current == null) {
          int at = t.indexOf("bin/hisam ");
          if (at < 0) {
            continue;
          }
          current = new StringBuilder(t.substring(at + "bin/hisam ".length()));
        } else {
          current.append(' ').append(t);
        }
        if (current.toString().endsWith("\\")) {
          current.setLength(current.length() - 1);
        } else {
          out.add(
              current.toString().replaceAll("\\s+(#|\\().*$", "").strip().replaceAll("\\s+", " "));
          current = null;
        }
      }
    }
    return out;
  }

  /** Resolves one override against the config the command reads; throws on a bad key or value. */
  private static void resolve(String command, String keyValue) {
    List<String> kv = List.of(keyValue);
    if (command.equals("tokenize")) {
      TokenizeConfig.resolve(null, kv);
    } else {
      Stages.resolve(null, kv, null);
    }
  }

  @Test
  void everyFooterExampleParses() {
    int checked = 0;
    for (CommandSpec spec : allSpecs()) {
      for (String example : examples(spec.usageMessage().footer())) {
        String[] args = example.split("\\s+");
        CommandLine.ParseResult parsed =
            assertDoesNotThrow(
                () -> Hisam.commandLine().parseArgs(args), () -> "example: " + example);
        assertTrue(parsed.hasSubcommand(), example);
        checked++;
      }
    }
    assertTrue(checked >= 20, "found only " + checked + " examples");
  }

  @Test
  void everyShownOverrideNamesARealKey() {
    int checked = 0;
    for (CommandSpec spec : allSpecs()) {
      // descriptions speak of their own command; a footer example names the command it runs
      List<String[]> texts = new ArrayList<>();
      for (String text : spec.usageMessage().description()) {
        texts.add(new String[] {spec.name(), text});
      }
      for (OptionSpec option : spec.options()) {
        for (String text : option.description()) {
          texts.add(new String[] {spec.name(), text});
        }
      }
      for (String example : examples(spec.usageMessage().footer())) {
        texts.add(new String[] {example.split(" ")[0], example});
      }
      for (String[] text : texts) {
        Matcher m = SET.matcher(text[1]);
        while (m.find()) {
          String key = m.group(1);
          String value = m.group(2).replaceAll("[.);,]+$", "");
          if (key.equalsIgnoreCase("key") || value.matches("[A-Z]+|\\.*")) {
            continue; // a placeholder: `--set key=value`, `codebookSize=K`, `modalities=...`
          }
          String kv = key + "=" + value;
          assertDoesNotThrow(
              () -> resolve(text[0], kv), () -> spec.name() + " help shows --set " + kv);
          checked++;
        }
      }
    }
    assertTrue(checked >= 15, "found only " + checked + " overrides");
  }

  @Test
  void footerLinesFitTheUsageWidth() {
    assertEquals(List.of(), linesOverTheUsageWidth("footer", s -> s.usageMessage().footer()));
  }

  @Test
  void descriptionsAreWholeParagraphsOrFitTheUsageWidth() {
    // picocli wraps each description element on its own: an element that is one hand-broken line
    // of a longer sentence and is wider than the usage width leaves a word or two on a line of
    // their own. An element wider than that must be a whole paragraph (end a sentence).
    List<String> ragged = new ArrayList<>();
    for (String line : linesOverTheUsageWidth("description", s -> s.usageMessage().description())) {
      if (!line.matches("(?s).*[.:)]$")) {
        ragged.add(line);
      }
    }
    assertEquals(List.of(), ragged);
  }

  @Test
  void everySubcommandHasAOneSentenceSummary() {
    // the root's command list shows a subcommand's first description line, wrapped to two lines
    // of about 65 columns at most before it buries the list
    List<String> tooLong = new ArrayList<>();
    for (CommandSpec spec : allSpecs()) {
      String[] description = spec.usageMessage().description();
      if (spec.parent() == null || description.length == 0) {
        continue;
      }
      String summary = description[0];
      if (summary.length() > 130 || !summary.endsWith(".")) {
        tooLong.add(spec.name() + " (" + summary.length() + " chars): " + summary);
      }
    }
    assertEquals(List.of(), tooLong);
  }

  /** Every line of one help section wider than the usage width, named by command. */
  private static List<String> linesOverTheUsageWidth(
      String section, java.util.function.Function<CommandSpec, String[]> text) {
    List<String> wide = new ArrayList<>();
    for (CommandSpec spec : allSpecs()) {
      for (String raw : text.apply(spec)) {
        for (String line : raw.split("\n")) {
          if (line.length() > USAGE_WIDTH) {
            wide.add(spec.name() + " " + section + " (" + line.length() + " chars): " + line);
          }
        }
      }
    }
    return wide;
  }

  @Test
  void examplesJoinContinuationLinesAndCutComments() {
    String[] footer = {
      "Examples:",
      "  bin/hisam ctr --run r --model hmat \\",
      "      --set ctr.train.model.dim=32",
      "  bin/hisam evaluate --run r   # comment",
      "  echo '{}' \\",
      "      | bin/hisam score --run r --requests -"
    };
    List<String> got = examples(footer);
    assertEquals(
        List.of(
            "ctr --run r --model hmat --set ctr.train.model.dim=32",
            "evaluate --run r",
            "score --run r --requests -"),
        got);
  }

  @Test
  void everyShippedConfigFileResolves() throws Exception {
    // the files the README points at (configs/*.json at the repository root)
    Path dir = Path.of("..", "configs");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertTrue(files.size() >= 3, "configs found: " + files);
    for (Path f : files) {
      assertDoesNotThrow(() -> Stages.resolve(f, List.of(), null), f.toString());
    }
    RunConfig hybrid = Stages.resolve(dir.resolve("ctr-hybrid.json"), List.of(), null);
    assertEquals("dst-collab", hybrid.sids());
    assertTrue(hybrid.ctr().train().itemIds() && hybrid.ctr().train().historyItemIds());
  }
}
