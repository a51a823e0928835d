/** Leaderboards: the best public score of each team, ranked, with its confidence interval. */
package org.palmares.platform.leaderboard;
