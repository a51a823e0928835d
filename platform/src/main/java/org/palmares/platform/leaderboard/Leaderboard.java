package org.palmares.platform.leaderboard;

import java.time.Instant;
import java.util.List;

/**
 * A phase's leaderboard, on the public or (once revealed) the private part of its hidden set.
 *
 * @param challenge      challenge slug
 * @param phase          phase name
 * @param part           {@code public} or {@code private}
 * @param metric         the primary metric ranked by
 * @param higherIsBetter its direction
 * @param rule           {@code best} or {@code latest} submission per team
 * @param precision      decimals shown
 * @param entries        one per team with a scored submission, best first
 */
public record Leaderboard(String challenge, String phase, String part, String metric, boolean higherIsBetter,
    String rule, int precision, List<Entry> entries) {

  /**
   * One team's line.
   *
   * @param rank             competition rank (equal scores share a rank: 1, 2, 2, 4)
   * @param team             team name
   * @param score            the score, rounded to the board's precision
   * @param ciLow            lower end of its 95% bootstrap interval, rounded
   * @param ciHigh           upper end, rounded
   * @param submissions      submissions of the team that count against its quota in this phase
   * @param lastSubmissionAt time of the team's latest submission
   * @param scoredSubmissionAt time of the submission whose score is shown
   */
  public record Entry(int rank, String team, double score, Double ciLow, Double ciHigh, int submissions,
      Instant lastSubmissionAt, Instant scoredSubmissionAt) {}
}
