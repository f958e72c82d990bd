/**
 * Attribute encoder: bags of categorical ids embedded without training (TF-IDF + sparse random
 * projection).
 */
package dev.hisam.encode.attributes;
