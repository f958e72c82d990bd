package dev.hisam.cli;

import dev.hisam.core.Json;
import dev.hisam.core.Seeds;
import dev.hisam.core.io.AtomicFiles;
import dev.hisam.data.Dataset;
import dev.hisam.data.DatasetKind;
import dev.hisam.data.DatasetLoader;
import dev.hisam.eval.NextItemProtocol;
import dev.hisam.hmat.CtrBench;
import dev.hisam.hmat.HmatBench;
import dev.hisam.hmat.HmatConfig;
import dev.hisam.hmat.SidVocabulary;
import dev.hisam.tokenizer.SemanticIdTable;
import dev.hisam.train.sasrec.BenchResult;
import dev.hisam.train.sasrec.SasRecBench;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure speed: SASRec end to end, HMAT vs flat (--hmat), CTR scoring latency (--ctr).",
      "",
      "By default SASRec on a dataset: training throughput (input tokens/s, s/epoch), peak RSS,"
          + " and one-user latency (history -> top-10 over the whole catalogue, p50/p99), in the"
          + " reference setting: d 64, 2 blocks, 1 head, batch 128, history 20."
    },
    footer = {
      "",
      "Examples:",
      "  bin/hisam bench --dataset beauty",
      "  bin/hisam bench --dataset yelp --epochs 1 --out runs/bench-yelp.json",
      "  bin/hisam bench --hmat --sids runs/beauty/tokenizer/dst/sids.bin  # vs flat",
      "  bin/hisam bench --hmat --histories 50,200 --rounds 3 \\",
      "      --out runs/bench-hmat.json",
      "  bin/hisam bench --ctr --sids runs/movielens/tokenizer/dst/sids.bin \\",
      "      --history 300 --candidates 100"
    })
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      converter = DatasetKindConverter.class,
      description = "beauty, yelp or movielens (default: ${DEFAULT-VALUE}).")
  DatasetKind dataset = DatasetKind.BEAUTY;

  @Option(names = "--epochs", description = "Training epochs timed (default: ${DEFAULT-VALUE}).")
  int epochs = 2;

  @Option(
      names = "--latency-users",
      description = "Users timed for latency after warm-up (default: ${DEFAULT-VALUE}).")
  int latencyUsers = 1000;

  @Option(names = "--config", paramLabel = "FILE", description = "JSON config over the defaults.")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Config override.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the result as JSON.")
  Path out;

  @Option(
      names = "--hmat",
      description =
          "Measure HMAT against the flat SID baseline instead, side by side (same size, same"
              + " kernels, same batches): training tokens/s at each --histories length and batched"
              + " beam-search latency per user at the first one.")
  boolean hmat;

  @Option(
      names = "--sids",
      paramLabel = "FILE",
      description =
          "With --hmat: a tokenizer's sids.bin (its levels and catalogue); default: synthetic, 3"
              + " levels of 256 codes over 12,000 items.")
  Path sids;

  @Option(
      names = "--histories",
      split = ",",
      paramLabel = "N",
      description = "With --hmat: history lengths in items (default: 50,200).")
  List<Integer> histories = List.of(50, 200);

  @Option(
      names = "--rounds",
      description = "With --hmat: HMAT/flat pairs per history, interleaved (default: 3).")
  int rounds = 3;

  @Option(names = "--beam", description = "With --hmat: beam width (default: 20).")
  int beam = 20;

  @Option(
      names = "--ctr",
      description =
          "Measure CTR scoring latency instead: one request = one user's history (--history) and"
              + " --candidates items; HMAT with the user's anchors cached vs the flat model of the"
              + " same size (ctr.train.model), requests interleaved, p50/p99.")
  boolean ctr;

  @Option(names = "--history", description = "With --ctr: history items (default: 300).")
  int history = 300;

  @Option(names = "--candidates", description = "With --ctr: candidates (default: 100).")
  int candidates = 100;

  @Option(
      names = "--requests",
      description =
          "With --ctr: timed requests (default: ${DEFAULT-VALUE}; p99 is then the tenth-slowest,"
              + " steadier than with a few hundred).")
  int requests = 1000;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (ctr) {
      return ctrLatency();
    }
    if (hmat) {
      return new HmatBenchRun(
              spec.commandLine().getOut(), spec.commandLine().getErr(), config, overrides)
          .run(sids, histories, rounds, beam, out);
    }
    PrintWriter err = spec.commandLine().getErr();
    List<String> all = new ArrayList<>(List.of("sasrec.model.maxLen=20", "sasrec.batchSize=128"));
    all.addAll(overrides);
    RunConfig cfg = Stages.resolve(config, all, dataset);
    Dataset d = DatasetLoader.load(cfg.data());
    NextItemProtocol p1 = new NextItemProtocol(d.sequences(), d.catalog().size());
    NextItemProtocol.Split test =
        p1.split(NextItemProtocol.Part.TEST, cfg.sasrec().model().maxLen());
    err.printf(
        "bench %s: %,d users, %,d items; %d epochs then %d one-user queries%n",
        d.name(), p1.users(), p1.numItems(), epochs, latencyUsers);
    BenchResult r =
        new SasRecBench(cfg.sasrec(), new Seeds(cfg.seed()))
            .run(p1.train(), p1.numItems(), epochs, test.histories(), 200, latencyUsers);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("dataset", d.name());
    row.put("result", r);
    row.put("environment", Versions.environment());
    PrintWriter o = spec.commandLine().getOut();
    o.printf("dataset            %s%n", d.name());
    o.printf(
        "model              d %d, %d blocks, %d heads, history %d, batch %d%n",
        r.model().dim(), r.model().blocks(), r.model().heads(), r.model().maxLen(), r.batchSize());
    o.printf("s/epoch            %.2f%n", r.secondsPerEpoch());
    o.printf("tokens/s           %.0f%n", r.tokensPerSecond());
    o.printf(
        "latency p50 / p99  %.3f ms / %.3f ms (%d users)%n",
        r.p50Millis(), r.p99Millis(), r.latencyUsers());
    o.printf("peak RSS           %d MiB%n", r.peakRssMiB());
    o.printf(
        "threads            %d (cpus %d)%n",
        r.threads(), Runtime.getRuntime().availableProcessors());
    if (out != null) {
      AtomicFiles.writeFile(out, tmp -> Json.mapper().writeValue(tmp.toFile(), row));
    }
    return 0;
  }

  private int ctrLatency() {
    RunConfig cfg = Stages.resolve(config, overrides, null);
    HmatConfig model = cfg.ctr().train().model();
    SidVocabulary vocab =
        sids == null
            ? HmatBench.syntheticVocabulary(
                12_000, new int[] {256, 256, 256}, new SplittableRandom(cfg.seed()))
            : new SidVocabulary(SemanticIdTable.load(sids));
    PrintWriter err = spec.commandLine().getErr();
    err.printf(
        "bench ctr: d %d, %d blocks, %d heads, %,d items, %d levels (%s); history %d,"
            + " %d candidates, %d requests%n",
        model.dim(),
        model.blocks(),
        model.heads(),
        vocab.items(),
        vocab.levels(),
        sids == null ? "synthetic" : sids,
        history,
        candidates,
        requests);
    CtrBench.Latency[] lat =
        CtrBench.scoring(model, vocab, history, candidates, requests, new Seeds(cfg.seed()));
    PrintWriter o = spec.commandLine().getOut();
    o.printf("%-12s %10s %10s %10s %14s%n", "variant", "p50 ms", "p99 ms", "mean ms", "cache/user");
    for (CtrBench.Latency l : lat) {
      o.printf(
          "%-12s %10.2f %10.2f %10.2f %14s%n",
          l.variant(),
          l.p50Millis(),
          l.p99Millis(),
          l.meanMillis(),
          l.cacheBytesPerUser() > 0 ? (l.cacheBytesPerUser() / 1024) + " KiB" : "-");
    }
    double ratio = lat[0].p99Millis() / lat[2].p99Millis();
    o.printf("p99 hmat-cached / flat: %.3f%n", ratio);
    if (out != null) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("model", model);
      row.put("items", vocab.items());
      row.put("levels", vocab.levels());
      row.put("sids", sids == null ? "synthetic" : sids.toString());
      row.put("history", history);
      row.put("candidates", candidates);
      row.put("requests", requests);
      row.put("latency", lat);
      row.put("p99RatioHmatCachedToFlat", ratio);
      row.put("peakRssMiB", HmatBench.peakRssMiB());
      row.put("environment", Versions.environment());
      AtomicFiles.writeFile(out, tmp -> Json.mapper().writeValue(tmp.toFile(), row));
    }
    return 0;
  }
}
