package dev.hisam.cli.score;

import java.util.List;

/**
 * One scoring request: a user's history and the candidates to score, items named by their source
 * keys (e.g. MovieLens movie ids).
 *
 * @param user an optional label echoed in the response
 * @param history chronological item keys, oldest first (may be empty)
 * @param candidates item keys to score (at least one)
 */
public record ScoreRequest(String user, List<String> history, List<String> candidates) {}
