package dev.hisam.tokenizer;

/** How DST pushes shared and modality-specific codes apart. */
public enum MiPenalty {
  /** CLUB upper bound of I(q_s; q_m) with a Gaussian variational net trained in alternation. */
  CLUB,
  /** The cheap fallback: mean squared cosine between q_s and q_m. */
  ORTHOGONALITY,
  /** No term (ablation). */
  NONE
}
