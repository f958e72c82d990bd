/**
 * Semantic-ID tokenizers: DST, RQ-KMeans and RQ-VAE behind one interface, their tables and
 * codebooks.
 */
package dev.hisam.tokenizer;
