/**
 * Leaderboards kept live: each phase's board as documents (one per team, with the facts of its
 * submissions) updated per changed submission, ranked over teams only, and served as encoded
 * bytes with a strong ETag ({@link org.palmares.platform.leaderboard.BoardStore},
 * {@link org.palmares.platform.leaderboard.BoardView}); the ranking rules in one place
 * ({@link org.palmares.platform.leaderboard.TeamStanding#pick},
 * {@link org.palmares.platform.leaderboard.LeaderboardService#rank}). The archive of submissions
 * is read only by the one-off rebuild.
 */
package org.palmares.platform.leaderboard;
