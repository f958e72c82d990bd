/**
 * Scoring requests against a trained CTR model: the code path of {@code hisam score} and a server.
 */
package dev.hisam.cli.score;
