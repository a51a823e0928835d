/**
 * Leaderboards kept live: each phase's board as documents (one per team, with the facts of its
 * submissions) updated per changed submission, ranked over teams only, and served as encoded
 * bytes with a strong ETag ({@link org.palmares.platform.leaderboard.BoardStore},
 * {@link org.palmares.platform.leaderboard.BoardView}); the ranking rules in one place
 * ({@link org.palmares.platform.leaderboard.TeamStanding#pick},
 * {@link org.palmares.platform.leaderboard.LeaderboardService#rank}). The archive of submissions
 * is read only by the one-off rebuild. Beside them, the pure statistics a board is computed with
 * (rank intervals and the tied-for-first group from the teams' paired resample vectors,
 * multi-metric ranking, the Ladder), which read no database and are run off the event loop by
 * their callers. A multi-site phase's boards (one per site, and the pooled one) are projections of
 * the same standings ({@link org.palmares.platform.leaderboard.SiteBoards}), pooled with
 * {@link org.palmares.platform.leaderboard.PooledScore} and the metafor-compatible
 * {@link org.palmares.platform.leaderboard.MetaAnalysis}.
 */
package org.palmares.platform.leaderboard;
