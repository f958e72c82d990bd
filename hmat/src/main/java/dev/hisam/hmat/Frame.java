package dev.hisam.hmat;

import ai.djl.ndarray.NDArray;

/**
 * Positions and masks of one forward pass over a batch laid out item after item.
 *
 * @param cos [T, dh] rotary cosines of every token position
 * @param sin [T, dh] rotary sines
 * @param keyBias key padding bias: [B, 1, 1, N] per item slot under the anchor layout, [B, 1, 1, T]
 *     per token otherwise (0 real, {@link AttentionKernels#MASKED} padding)
 * @param intraBias [P, P] causal bias within an item (anchor layout), else null
 * @param anchorBias [B, 1, N, 1, N] earlier-and-real anchor bias (anchor layout), else null
 * @param causalBias causal bias over all tokens plus key padding, computed once per forward and
 *     shared by every block (flat layout): [T, T] when no row is padded, else [B, 1, T, T]; null
 *     under the anchor layout
 */
record Frame(
    int batch,
    int items,
    int perItem,
    NDArray cos,
    NDArray sin,
    NDArray keyBias,
    NDArray intraBias,
    NDArray anchorBias,
    NDArray causalBias) {

  int length() {
    return items * perItem;
  }
}
