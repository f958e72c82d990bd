/**
 * Collaborative embeddings: item tables of ID models (e.g. SASRec) trained on the training split.
 */
package dev.hisam.encode.collaborative;
