package dev.hisam.tokenizer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.hisam.core.Seeds;
import dev.hisam.core.nd.NdOps;
import dev.hisam.tokenizer.nn.AdamW;
import dev.hisam.tokenizer.nn.Losses;
import dev.hisam.tokenizer.nn.Net;
import dev.hisam.tokenizer.nn.ResidualVq;
import dev.hisam.tokenizer.nn.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The Disentangled Semantic Tokenizer (DESIGN 2.1): per-modality projections onto the unit
 * hypersphere aligned by symmetric InfoNCE + uniformity; shared residual VQ of normalize(sum z_m);
 * per-modality residual VQ of z_m - q_s; decoders of x_m from q_s + q_m; VQ codebook and commitment
 * losses with the straight-through estimator; an MI penalty between q_s and each q_m (CLUB with a
 * Gaussian variational net trained in alternation, or orthogonality). Codebooks start from seeded
 * k-means++ and dead codes are restarted from data every {@code restartEvery} epochs.
 */
public final class Dst implements Tokenizer {
  private final DstConfig config;

  public Dst(DstConfig config) {
    this.config = config;
  }

  @Override
  public TokenizerKind kind() {
    return TokenizerKind.DST;
  }

  @Override
  public TrainedDst fit(TokenizerInput input, Seeds seeds, TokenizerProgress progress) {
    long t0 = System.nanoTime();
    int mCount = input.modalities().size();
    int n = input.items();
    int d = config.projectionDim();
    int k = config.codebookSize();
    float[] scales = new float[mCount];
    float[][][] xs = new float[mCount][][];
    for (int m = 0; m < mCount; m++) {
      ModalityInput mi = input.modalities().get(m);
      double norm = 0;
      int count = 0;
      for (float[] v : mi.vectors()) {
        if (v != null) {
          norm += Math.sqrt(Vectors.dot(v, v));
          count++;
        }
      }
      scales[m] = norm > 0 ? (float) (count / norm) : 1f;
      xs[m] = TrainedDst.scaled(mi, scales[m]);
    }
    SplittableRandom init = seeds.stream("dst.init");
    try (NDManager manager = NDManager.newBaseManager()) {
      List<Net> proj = new ArrayList<>();
      List<Net> dec = new ArrayList<>();
      List<Net> clubMu = new ArrayList<>();
      List<Net> clubLogVar = new ArrayList<>();
      for (int m = 0; m < mCount; m++) {
        int dm = input.modalities().get(m).dim();
        proj.add(new Net(manager, new int[] {dm, config.hiddenDim(), d}, init));
        dec.add(new Net(manager, new int[] {d, config.hiddenDim(), dm}, init));
        clubMu.add(new Net(manager, new int[] {d, config.clubHidden(), d}, init));
        clubLogVar.add(new Net(manager, new int[] {d, config.clubHidden(), d}, init));
      }
      // k-means initialisation of every codebook on the initial projections
      progress.report("kmeans", 0, 1, Double.NaN);
      List<float[][]> sharedInit = new ArrayList<>();
      List<List<float[][]>> specificInit = new ArrayList<>();
      initCodebooks(export(proj), scales, input, seeds, sharedInit, specificInit);
      ResidualVq sharedVq = new ResidualVq(manager, sharedInit);
      List<ResidualVq> specificVq = new ArrayList<>();
      for (int m = 0; m < mCount; m++) {
        specificVq.add(new ResidualVq(manager, specificInit.get(m)));
      }
      AdamW opt = new AdamW(config.learningRate(), config.weightDecay(), 1.0);
      for (int m = 0; m < mCount; m++) {
        proj.get(m).addTo(opt);
        dec.get(m).addTo(opt);
      }
      sharedVq.addTo(opt);
      specificVq.forEach(v -> v.addTo(opt));
      AdamW clubOpt = new AdamW(config.clubLearningRate(), 0, 1.0);
      for (int m = 0; m < mCount; m++) {
        clubMu.get(m).addTo(clubOpt);
        clubLogVar.get(m).addTo(clubOpt);
      }
      boolean club = config.miPenalty() == MiPenalty.CLUB;
      SplittableRandom order = seeds.stream("dst.batches");
      SplittableRandom restart = seeds.stream("dst.restart");
      int b = Math.min(config.batchSize(), n);
      int stepsPerEpoch = (n + b - 1) / b;
      int total = stepsPerEpoch * config.epochs();
      double[] lastEpochMi = new double[mCount];
      int[] lastEpochMiCount = new int[mCount];
      int step = 0;
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        int[] perm = permutation(n, order);
        java.util.Arrays.fill(lastEpochMi, 0);
        java.util.Arrays.fill(lastEpochMiCount, 0);
        for (int s = 0; s < stepsPerEpoch; s++) {
          int[] batch = java.util.Arrays.copyOfRange(perm, s * b, Math.min(n, (s + 1) * b));
          try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Step st = new Step(manager, batch, xs, input);
            double loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              NDArray l = st.forward(proj, dec, sharedVq, specificVq, clubMu, clubLogVar);
              l = l.add(opt.touch());
              loss = l.getFloat();
              gc.backward(l);
            }
            opt.step();
            for (int m = 0; m < mCount; m++) {
              if (st.miValues[m] != null) {
                lastEpochMi[m] += st.miValues[m];
                lastEpochMiCount[m]++;
              }
            }
            if (club) {
              try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = clubOpt.touch();
                for (int m = 0; m < mCount; m++) {
                  if (st.qsSel[m] != null) {
                    NDArray mu = clubMu.get(m).forward(st.qsSel[m]);
                    NDArray lv = clubLogVar.get(m).forward(st.qsSel[m]).tanh();
                    l = l.sub(Losses.gaussianLogLikelihood(mu, lv, st.qmSel[m]));
                  }
                }
                gc.backward(l);
              }
              clubOpt.step();
            }
            progress.report("train", ++step, total, loss);
          }
        }
        boolean restartNow = config.restartEvery() > 0 && (epoch + 1) % config.restartEvery() == 0;
        if (restartNow) {
          restartDeadCodes(export(proj), scales, input, sharedVq, specificVq, restart);
        }
      }
      List<float[][]> books = new ArrayList<>();
      for (int l = 0; l < sharedVq.levels(); l++) {
        books.add(sharedVq.export(l));
      }
      for (ResidualVq v : specificVq) {
        for (int l = 0; l < v.levels(); l++) {
          books.add(v.export(l));
        }
      }
      Codebooks codebooks =
          new Codebooks(
              TrainedTokenizer.configHash(kind(), config),
              TrainedDst.levelNames(config, input.names()),
              books);
      List<Mlp> decoders = new ArrayList<>();
      dec.forEach(net -> decoders.add(net.export()));
      double[] trainingMi = null;
      if (club) {
        trainingMi = new double[mCount];
        for (int m = 0; m < mCount; m++) {
          trainingMi[m] = lastEpochMi[m] / Math.max(1, lastEpochMiCount[m]);
        }
      }
      TrainedDst trained =
          new TrainedDst(
              config,
              TrainedTokenizer.specs(input),
              export(proj),
              decoders,
              scales,
              codebooks,
              null);
      return trained.withReport(
          input, trainingMi, () -> seeds.stream("dst.report"), (System.nanoTime() - t0) / 1e9);
    }
  }

  private static List<Mlp> export(List<Net> nets) {
    List<Mlp> out = new ArrayList<>();
    nets.forEach(net -> out.add(net.export()));
    return out;
  }

  static int[] permutation(int n, SplittableRandom rng) {
    int[] p = IntStream.range(0, n).toArray();
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private void initCodebooks(
      List<Mlp> proj,
      float[] scales,
      TokenizerInput input,
      Seeds seeds,
      List<float[][]> shared,
      List<List<float[][]>> specific) {
    int mCount = input.modalities().size();
    float[][][] z = new float[mCount][][];
    for (int m = 0; m < mCount; m++) {
      z[m] =
          TrainedDst.project(proj.get(m), TrainedDst.scaled(input.modalities().get(m), scales[m]));
    }
    float[][] residual = TrainedDst.fuse(z);
    int n = residual.length;
    int d = residual[0].length;
    float[][] qs = new float[n][d];
    for (int l = 0; l < config.sharedLevels(); l++) {
      float[][] c =
          KMeans.fit(
              residual,
              config.codebookSize(),
              config.kmeansIterations(),
              seeds.stream("dst.kmeans.shared." + (l + 1)));
      KMeans.quantizeInPlace(c, residual, qs);
      shared.add(c);
    }
    for (int m = 0; m < mCount; m++) {
      List<float[][]> books = new ArrayList<>();
      float[][] zm = z[m];
      int[] present = IntStream.range(0, n).filter(i -> zm[i] != null).toArray();
      float[][] r = new float[present.length][d];
      for (int p = 0; p < present.length; p++) {
        for (int j = 0; j < d; j++) {
          r[p][j] = z[m][present[p]][j] - qs[present[p]][j];
        }
      }
      for (int l = 0; l < config.specificLevels(); l++) {
        float[][] c =
            KMeans.fit(
                r,
                config.codebookSize(),
                config.kmeansIterations(),
                seeds.stream("dst.kmeans." + input.names().get(m) + "." + (l + 1)));
        KMeans.quantizeInPlace(c, r, null);
        books.add(c);
      }
      specific.add(books);
    }
  }

  /** Codes no item uses are moved onto the residuals of random items at that level. */
  private void restartDeadCodes(
      List<Mlp> proj,
      float[] scales,
      TokenizerInput input,
      ResidualVq sharedVq,
      List<ResidualVq> specificVq,
      SplittableRandom rng) {
    List<float[][]> shared = new ArrayList<>();
    for (int l = 0; l < sharedVq.levels(); l++) {
      shared.add(sharedVq.export(l));
    }
    List<List<float[][]>> specific = new ArrayList<>();
    for (ResidualVq v : specificVq) {
      List<float[][]> books = new ArrayList<>();
      for (int l = 0; l < v.levels(); l++) {
        books.add(v.export(l));
      }
      specific.add(books);
    }
    int k = config.codebookSize();
    TrainedDst.Encoding e = TrainedDst.encode(proj, scales, shared, specific, input, k);
    int ls = config.sharedLevels();
    int lm = config.specificLevels();
    for (int level = 0; level < e.levelInputs().length; level++) {
      float[][] book;
      if (level < ls) {
        book = shared.get(level);
      } else {
        book = specific.get((level - ls) / lm).get((level - ls) % lm);
      }
      boolean[] used = new boolean[k];
      List<float[]> candidates = new ArrayList<>();
      for (int i = 0; i < e.codes().length; i++) {
        int c = e.codes()[i][level];
        if (c < k) {
          used[c] = true;
          candidates.add(e.levelInputs()[level][i]);
        }
      }
      boolean changed = false;
      for (int c = 0; c < k && !candidates.isEmpty(); c++) {
        if (!used[c]) {
          book[c] = candidates.get(rng.nextInt(candidates.size())).clone();
          changed = true;
        }
      }
      if (changed) {
        if (level < ls) {
          sharedVq.replace(level, book);
        } else {
          specificVq.get((level - ls) / lm).replace((level - ls) % lm, book);
        }
      }
    }
  }

  /** The tensors of one training step (created inside the step's NDScope). */
  private final class Step {
    final NDManager manager;
    final int[] batch;
    final NDArray[] x; // [B, D_m]
    final NDArray[] mask; // [B]
    final int[][] present; // rows of the batch that have modality m
    final NDArray[] qsSel; // detached q_s of present rows [n_m, d]
    final NDArray[] qmSel; // detached q_m of present rows [n_m, d]
    final Double[] miValues;

    Step(NDManager manager, int[] batch, float[][][] xs, TokenizerInput input) {
      this.manager = manager;
      this.batch = batch;
      int mCount = xs.length;
      x = new NDArray[mCount];
      mask = new NDArray[mCount];
      present = new int[mCount][];
      qsSel = new NDArray[mCount];
      qmSel = new NDArray[mCount];
      miValues = new Double[mCount];
      for (int m = 0; m < mCount; m++) {
        int dm = input.modalities().get(m).dim();
        float[][] rows = new float[batch.length][];
        float[] mk = new float[batch.length];
        List<Integer> pr = new ArrayList<>();
        for (int i = 0; i < batch.length; i++) {
          rows[i] = xs[m][batch[i]];
          if (rows[i] != null) {
            mk[i] = 1f;
            pr.add(i);
          }
        }
        x[m] = Tensors.rows(manager, rows, dm);
        mask[m] = NdOps.owned(manager, mk, new Shape(batch.length));
        present[m] = pr.stream().mapToInt(Integer::intValue).toArray();
      }
    }

    NDArray forward(
        List<Net> proj,
        List<Net> dec,
        ResidualVq sharedVq,
        List<ResidualVq> specificVq,
        List<Net> clubMu,
        List<Net> clubLogVar) {
      int mCount = x.length;
      int bn = batch.length;
      NDArray[] z = new NDArray[mCount];
      NDArray sum = null;
      for (int m = 0; m < mCount; m++) {
        z[m] = Tensors.normalizeRows(proj.get(m).forward(x[m])); // [B, d]
        NDArray masked = z[m].mul(mask[m].reshape(-1, 1));
        sum = sum == null ? masked : sum.add(masked);
      }
      NDArray u = Tensors.normalizeRows(sum); // [B, d]
      ResidualVq.Out shared = sharedVq.forward(u, null, config.beta());
      NDArray qs = Tensors.straightThrough(u, shared.quantized()); // [B, d]
      NDArray loss = shared.loss();
      for (int m = 0; m < mCount; m++) {
        if (present[m].length == 0) {
          continue;
        }
        float count = present[m].length;
        NDArray qm;
        if (specificVq.get(m).levels() > 0) {
          NDArray r = z[m].sub(shared.quantized().stopGradient()); // [B, d]
          ResidualVq.Out spec = specificVq.get(m).forward(r, mask[m], config.beta());
          qm = Tensors.straightThrough(r, spec.quantized());
          loss = loss.add(spec.loss());
        } else {
          qm = manager.zeros(qs.getShape());
        }
        NDArray xhat = dec.get(m).forward(qs.add(qm)); // [B, D_m]
        NDArray recon =
            NdOps.div(xhat.sub(x[m]).square().sum(new int[] {1}).mul(mask[m]).sum(), count);
        loss = loss.add(NdOps.mul(recon, (float) config.reconstructionWeight()));
        NDArray sel = Tensors.selection(manager, present[m], bn); // [n_m, B]
        if (config.uniformityWeight() > 0 && present[m].length > 1) {
          NDArray zs = sel.matMul(z[m]);
          loss = loss.add(NdOps.mul(Losses.uniformity(zs), (float) config.uniformityWeight()));
        }
        if (specificVq.get(m).levels() > 0 && present[m].length > 1) {
          NDArray qsm = sel.matMul(qs); // [n_m, d]
          NDArray qmm = sel.matMul(qm); // [n_m, d]
          qsSel[m] = qsm.stopGradient();
          qmSel[m] = qmm.stopGradient();
          if (config.miPenalty() == MiPenalty.CLUB) {
            NDArray mu = clubMu.get(m).forwardFrozen(qsm);
            NDArray lv = clubLogVar.get(m).forwardFrozen(qsm).tanh();
            NDArray mi = Losses.club(mu, lv, qmm);
            miValues[m] = (double) mi.getFloat();
            if (config.miWeight() > 0) {
              loss = loss.add(NdOps.mul(mi, (float) config.miWeight()));
            }
          } else if (config.miPenalty() == MiPenalty.ORTHOGONALITY && config.miWeight() > 0) {
            loss = loss.add(NdOps.mul(Losses.orthogonality(qsm, qmm), (float) config.miWeight()));
          }
        }
      }
      if (config.alignment() && config.alignmentWeight() > 0) {
        for (int a = 0; a < mCount; a++) {
          for (int b2 = a + 1; b2 < mCount; b2++) {
            int[] both = both(present[a], present[b2]);
            if (both.length < 2) {
              continue;
            }
            NDArray sel = Tensors.selection(manager, both, bn);
            NDArray nce = Losses.infoNce(sel.matMul(z[a]), sel.matMul(z[b2]), config.temperature());
            loss = loss.add(NdOps.mul(nce, (float) config.alignmentWeight()));
          }
        }
      }
      return loss;
    }
  }

  private static int[] both(int[] a, int[] b) {
    java.util.Set<Integer> sb = new java.util.HashSet<>();
    for (int v : b) {
      sb.add(v);
    }
    return java.util.Arrays.stream(a).filter(sb::contains).toArray();
  }
}
