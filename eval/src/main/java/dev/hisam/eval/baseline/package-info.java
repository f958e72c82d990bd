/** Reference models for the protocols: popularity (counts in the training split). */
package dev.hisam.eval.baseline;
