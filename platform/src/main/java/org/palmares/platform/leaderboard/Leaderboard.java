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
 * @param stability      how sure the board is of its order (issue 12), or null when no team's resample vectors
 *                       are known (scoring images, older evaluators)
 * @param ranking        how the teams are ordered and how ties are broken, or null (the primary metric alone)
 */
public record Leaderboard(String challenge, String phase, String part, String metric, boolean higherIsBetter,
    String rule, int precision, List<Entry> entries, Stability stability, Rule ranking) {

  /** A board without rank statistics, ranked by its primary metric. */
  public Leaderboard(String challenge, String phase, String part, String metric, boolean higherIsBetter,
      String rule, int precision, List<Entry> entries) {
    this(challenge, phase, part, metric, higherIsBetter, rule, precision, entries, null, null);
  }

  /**
   * The board's ranking rule, stated on it.
   *
   * @param method  {@code primary}, {@code rank-then-aggregate} or {@code aggregate-then-rank} ({@link Ranking})
   * @param metrics the metrics it uses, primary first
   * @param ties    the tie rules, in words
   * @param ladder  whether a team's public score moves only on a significant improvement ({@link Ladder})
   */
  public record Rule(String method, List<String> metrics, String ties, boolean ladder) {
    public Rule {
      metrics = List.copyOf(metrics);
    }
  }

  /**
   * The board's stability.
   *
   * @param kendallTau mean Kendall τ-b between each paired resample's ranking and the board's (1: every resample
   *                   agrees), rounded to 2 decimals; null with fewer than two paired teams
   * @param resamples  paired bootstrap resamples the figures come from
   * @param unpaired   teams shown without figures (no vector, or drawn on other resamples)
   */
  public record Stability(Double kendallTau, int resamples, List<String> unpaired) {
    public Stability {
      unpaired = List.copyOf(unpaired);
    }
  }

  /**
   * A paired difference to the leader, oriented so that positive favours the team, rounded to the board's precision.
   *
   * @param estimate the difference of the two scores
   * @param low      2.5th percentile of its resampled values
   * @param high     97.5th percentile
   */
  public record Difference(double estimate, double low, double high) {}

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
   * @param rankLow          2.5th percentile of the team's rank over the paired resamples, or null without figures
   *                         (no resample vector, a baseline)
   * @param rankHigh         97.5th percentile of it, or null
   * @param pFirst           share of resamples on which the team ranks first, rounded to 2 decimals, or null
   * @param diffToLeader     the paired difference to the leader with its 95% interval, or null
   * @param tiedForFirst     whether the team is not significantly behind the leader (its interval reaches 0), or null
   */
  public record Entry(int rank, String team, double score, Double ciLow, Double ciHigh, int submissions,
      Instant lastSubmissionAt, Instant scoredSubmissionAt, boolean baseline, java.util.Map<String, Cell> metrics,
      Integer rankLow, Integer rankHigh, Double pFirst, Difference diffToLeader, Boolean tiedForFirst) {

    public Entry {
      metrics = metrics == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(
          new java.util.LinkedHashMap<>(metrics));
    }

    /** A team's line without rank statistics. */
    public Entry(int rank, String team, double score, Double ciLow, Double ciHigh, int submissions,
        Instant lastSubmissionAt, Instant scoredSubmissionAt, boolean baseline, java.util.Map<String, Cell> metrics) {
      this(rank, team, score, ciLow, ciHigh, submissions, lastSubmissionAt, scoredSubmissionAt, baseline, metrics,
          null, null, null, null, null);
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
