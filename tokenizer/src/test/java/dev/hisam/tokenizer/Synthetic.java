package dev.hisam.tokenizer;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded synthetic items with known structure: each item has a shared cluster s (seen by every
 * modality) and one private cluster per modality; x_m = P_m [e_s ; e_private] + noise, with random
 * Gaussian projections P_m. A fraction of items lacks the second modality.
 */
final class Synthetic {
  private Synthetic() {}

  static TokenizerInput make(
      int n, int sharedClusters, int privateClusters, int[] dims, double missing, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int latent = 8;
    float[][] sharedCentres = gaussian(sharedClusters, latent, rng, 1);
    int[] shared = new int[n];
    for (int i = 0; i < n; i++) {
      shared[i] = rng.nextInt(sharedClusters);
    }
    ModalityInput[] mods = new ModalityInput[dims.length];
    for (int m = 0; m < dims.length; m++) {
      float[][] privateCentres = gaussian(privateClusters, latent, rng, 1);
      float[][] proj = gaussian(2 * latent, dims[m], rng, 1 / Math.sqrt(2 * latent));
      float[][] v = new float[n][];
      for (int i = 0; i < n; i++) {
        if (m > 0 && rng.nextDouble() < missing) {
          continue;
        }
        float[] p = privateCentres[rng.nextInt(privateClusters)];
        float[] z = new float[2 * latent];
        for (int j = 0; j < latent; j++) {
          z[j] = sharedCentres[shared[i]][j];
          z[latent + j] = p[j];
        }
        v[i] = new float[dims[m]];
        for (int o = 0; o < dims[m]; o++) {
          double s = 0.1 * rng.nextGaussian();
          for (int j = 0; j < z.length; j++) {
            s += z[j] * proj[j][o];
          }
          v[i][o] = (float) s;
        }
      }
      mods[m] = new ModalityInput(m == 0 ? "text" : "image" + (m > 1 ? m : ""), v);
    }
    return new TokenizerInput(List.of(mods));
  }

  static float[][] gaussian(int rows, int cols, SplittableRandom rng, double sd) {
    float[][] out = new float[rows][cols];
    for (float[] r : out) {
      for (int j = 0; j < cols; j++) {
        r[j] = (float) (sd * rng.nextGaussian());
      }
    }
    return out;
  }
}
