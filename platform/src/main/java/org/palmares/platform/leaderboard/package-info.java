/**
 * Leaderboards: the best public score of each team, ranked, with its confidence interval; and the
 * pure statistics a board is computed with (rank intervals and the tied-for-first group from the
 * teams' paired resample vectors, multi-metric ranking, the Ladder), which read no database and
 * are run off the event loop by their callers.
 */
package org.palmares.platform.leaderboard;
