/** SASRec training (AdamW, early stopping), the trained immutable scorer, and its benchmark. */
package dev.hisam.train.sasrec;
