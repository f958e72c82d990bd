/** Precomputed item embeddings keyed by ItemKey, imported from .npy (+ keys file) or CSV. */
package dev.hisam.encode.imported;
