package dev.hisam.tokenizer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.hisam.core.Seeds;
import dev.hisam.tokenizer.nn.AdamW;
import dev.hisam.tokenizer.nn.Net;
import dev.hisam.tokenizer.nn.ResidualVq;
import dev.hisam.tokenizer.nn.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * RQ-VAE (TIGER) over the fused embedding: MLP encoder -> residual VQ -> MLP decoder; loss = ||x^ -
 * x||^2 + sum_levels (||sg(r) - e||^2 + beta ||r - sg(e)||^2), straight-through to the encoder,
 * codebooks k-means initialised on the initial latents, dead codes restarted from data.
 */
public final class RqVae implements Tokenizer {
  private final RqVaeConfig config;

  public RqVae(RqVaeConfig config) {
    this.config = config;
  }

  @Override
  public TokenizerKind kind() {
    return TokenizerKind.RQ_VAE;
  }

  @Override
  public TrainedRqVae fit(TokenizerInput input, Seeds seeds, TokenizerProgress progress) {
    long t0 = System.nanoTime();
    float[][] x = input.fused(); // [N, D]
    int n = x.length;
    int dim = x[0].length;
    int[] encDims = new int[config.hidden().size() + 2];
    encDims[0] = dim;
    for (int i = 0; i < config.hidden().size(); i++) {
      encDims[i + 1] = config.hidden().get(i);
    }
    encDims[encDims.length - 1] = config.latentDim();
    int[] decDims = new int[encDims.length];
    for (int i = 0; i < encDims.length; i++) {
      decDims[i] = encDims[encDims.length - 1 - i];
    }
    SplittableRandom init = seeds.stream("rqvae.init");
    try (NDManager manager = NDManager.newBaseManager()) {
      Net encoder = new Net(manager, encDims, init);
      Net decoder = new Net(manager, decDims, init);
      progress.report("kmeans", 0, 1, Double.NaN);
      float[][] residual = encoder.export().forwardAll(x);
      List<float[][]> initBooks = new ArrayList<>();
      for (int l = 0; l < config.levels(); l++) {
        float[][] c =
            KMeans.fit(
                residual,
                config.codebookSize(),
                config.kmeansIterations(),
                seeds.stream("rqvae.kmeans." + (l + 1)));
        KMeans.quantizeInPlace(c, residual, null);
        initBooks.add(c);
      }
      ResidualVq vq = new ResidualVq(manager, initBooks);
      AdamW opt = new AdamW(config.learningRate(), config.weightDecay(), 1.0);
      encoder.addTo(opt);
      decoder.addTo(opt);
      vq.addTo(opt);
      SplittableRandom order = seeds.stream("rqvae.batches");
      SplittableRandom restart = seeds.stream("rqvae.restart");
      int b = Math.min(config.batchSize(), n);
      int stepsPerEpoch = (n + b - 1) / b;
      int total = stepsPerEpoch * config.epochs();
      int step = 0;
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        int[] perm = Dst.permutation(n, order);
        for (int s = 0; s < stepsPerEpoch; s++) {
          int[] batch = Arrays.copyOfRange(perm, s * b, Math.min(n, (s + 1) * b));
          float[][] rows = new float[batch.length][];
          for (int i = 0; i < batch.length; i++) {
            rows[i] = x[batch[i]];
          }
          try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray xb = Tensors.rows(manager, rows, dim); // [B, D]
            double loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              NDArray z = encoder.forward(xb); // [B, latent]
              ResidualVq.Out out = vq.forward(z, null, config.beta());
              NDArray zq = Tensors.straightThrough(z, out.quantized());
              NDArray recon = decoder.forward(zq).sub(xb).square().sum(new int[] {1}).mean();
              NDArray l = recon.add(out.loss()).add(opt.touch());
              loss = l.getFloat();
              gc.backward(l);
            }
            opt.step();
            progress.report("train", ++step, total, loss);
          }
        }
        if (config.restartEvery() > 0 && (epoch + 1) % config.restartEvery() == 0) {
          restartDeadCodes(encoder.export(), x, vq, restart);
        }
      }
      List<float[][]> books = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int l = 0; l < vq.levels(); l++) {
        books.add(vq.export(l));
        names.add("level." + (l + 1));
      }
      Codebooks codebooks =
          new Codebooks(TrainedTokenizer.configHash(kind(), config), names, books);
      return new TrainedRqVae(
              config,
              TrainedTokenizer.specs(input),
              encoder.export(),
              decoder.export(),
              codebooks,
              null)
          .withReport(input, (System.nanoTime() - t0) / 1e9);
    }
  }

  private void restartDeadCodes(Mlp encoder, float[][] x, ResidualVq vq, SplittableRandom rng) {
    float[][] residual = encoder.forwardAll(x);
    int k = config.codebookSize();
    for (int l = 0; l < vq.levels(); l++) {
      float[][] book = vq.export(l);
      float[][] before = Codebooks.deepCopy(residual);
      int[] codes = KMeans.quantizeInPlace(book, residual, null);
      boolean[] used = new boolean[k];
      for (int c : codes) {
        used[c] = true;
      }
      boolean changed = false;
      for (int c = 0; c < k; c++) {
        if (!used[c]) {
          book[c] = before[rng.nextInt(before.length)].clone();
          changed = true;
        }
      }
      if (changed) {
        vq.replace(l, book);
      }
    }
  }
}
