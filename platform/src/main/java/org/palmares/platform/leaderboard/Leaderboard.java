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
   * @param baseline         whether this line is one of the platform's baselines (a reference, not ranked:
   *                         {@code rank} is then 0)
   * @param metrics          every metric of the shown submission on this board's part, rounded like the score, in the
   *                         challenge's order (the primary first)
   */
  public record Entry(int rank, String team, double score, Double ciLow, Double ciHigh, int submissions,
      Instant lastSubmissionAt, Instant scoredSubmissionAt, boolean baseline, java.util.Map<String, Cell> metrics) {

    public Entry {
      metrics = metrics == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(
          new java.util.LinkedHashMap<>(metrics));
    }

    /** A team's line with its primary metric only. */
    public Entry(int rank, String team, double score, Double ciLow, Double ciHigh, int submissions,
        Instant lastSubmissionAt, Instant scoredSubmissionAt) {
      this(rank, team, score, ciLow, ciHigh, submissions, lastSubmissionAt, scoredSubmissionAt, false, null);
    }
  }

  /** One metric's rounded value and 95% interval (null ends when the scorer gave none). */
  public record Cell(Double value, Double ciLow, Double ciHigh) {}
}
