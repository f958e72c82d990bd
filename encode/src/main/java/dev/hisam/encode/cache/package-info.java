/**
 * On-disk cache of item embeddings keyed by the SHA-256 of their inputs and encoder configuration.
 */
package dev.hisam.encode.cache;
