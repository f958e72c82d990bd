/**
 * Requests against trained models, the code path of the CLI and of a server: CTR scoring of
 * candidates ({@code hisam score}, {@link dev.hisam.cli.score.CtrScorer}) and top-K next-item
 * recommendation ({@code hisam recommend}, {@link dev.hisam.cli.score.Recommender}), with the
 * JSON-lines reading and writing they share ({@link dev.hisam.cli.score.JsonLines}).
 */
package dev.hisam.cli.score;
