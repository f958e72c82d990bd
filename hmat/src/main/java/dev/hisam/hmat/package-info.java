/**
 * HMAT, the hierarchical memory-anchor transformer over semantic IDs, and the flat SID baseline:
 * network, training, and beam search constrained to catalogue SIDs.
 */
package dev.hisam.hmat;
