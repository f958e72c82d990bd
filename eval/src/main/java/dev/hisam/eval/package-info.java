/**
 * Evaluation protocols of DESIGN.md section 3: P1 next-item retrieval over the whole catalogue, P2
 * CTR ranking (AUC, GAUC), P3 cold-start buckets; metrics computed from one rank or score array.
 */
package dev.hisam.eval;
