package org.palmares.platform.leaderboard;

import java.time.Instant;
import java.util.List;

/**
 * A challenge's public leaderboard.
 *
 * @param challenge      challenge slug
 * @param metric         the primary metric ranked by
 * @param higherIsBetter its direction
 * @param entries        one per team with a scored submission, best first
 */
public record Leaderboard(String challenge, String metric, boolean higherIsBetter, List<Entry> entries) {

  /**
   * One team's line.
   *
   * @param rank             competition rank (equal scores share a rank: 1, 2, 2, 4)
   * @param team             team name
   * @param score            best public score, rounded to the board's precision
   * @param ciLow            lower end of its 95% bootstrap interval, rounded
   * @param ciHigh           upper end, rounded
   * @param submissions      submissions the team made that count (scored or failed by its own fault)
   * @param lastSubmissionAt time of the team's latest submission
   * @param bestSubmittedAt  time of the submission that set the score
   */
  public record Entry(int rank, String team, double score, Double ciLow, Double ciHigh, int submissions,
      Instant lastSubmissionAt, Instant bestSubmittedAt) {}
}
