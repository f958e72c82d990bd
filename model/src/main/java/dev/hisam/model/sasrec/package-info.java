/**
 * SASRec: a causal self-attention next-token model over integer tokens, written on DJL NDArrays.
 */
package dev.hisam.model.sasrec;
