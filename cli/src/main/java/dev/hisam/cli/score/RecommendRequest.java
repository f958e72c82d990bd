package dev.hisam.cli.score;

import java.util.List;

/**
 * One recommendation request: a user's history by item keys, or a known user whose recorded history
 * the model reads.
 *
 * @param user an optional label echoed in the response; with no history, a user key of the run's
 *     data whose recorded sequence is the history
 * @param history chronological item keys, oldest first, or null to use the known user's
 */
public record RecommendRequest(String user, List<String> history) {}
