/**
 * Frozen content encoders: per item one embedding per {@link dev.hisam.encode.Modality}, produced
 * from a {@link dev.hisam.data.Dataset} by an {@link dev.hisam.encode.Encoder}.
 */
package dev.hisam.encode;
