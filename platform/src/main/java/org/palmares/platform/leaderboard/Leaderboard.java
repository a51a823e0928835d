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
 * @param site           a multi-site challenge's board: a site's name, or {@value SiteBoards#POOLED}; null for a
 *                       single-site challenge's one board
 * @param sites          the challenge's sites, in its order (empty for a single-site challenge)
 * @param complete       the pooled board: whether no result on it waits for a site; else null
 * @param provisional    the pooled board: the results waiting for a site (newest first); else empty
 * @param pooling        the pooled board: how its primary metric is pooled; else null
 */
public record Leaderboard(String challenge, String phase, String part, String metric, boolean higherIsBetter,
    String rule, int precision, List<Entry> entries, Stability stability, Rule ranking, String site,
    List<String> sites, Boolean complete, List<SiteBoards.Provisional> provisional, PoolingRule pooling) {

  public Leaderboard {
    sites = sites == null ? List.of() : List.copyOf(sites);
    provisional = provisional == null ? List.of() : List.copyOf(provisional);
  }

  /** A single-site challenge's board. */
  public Leaderboard(String challenge, String phase, String part, String metric, boolean higherIsBetter,
      String rule, int precision, List<Entry> entries, Stability stability, Rule ranking) {
    this(challenge, phase, part, metric, higherIsBetter, rule, precision, entries, stability, ranking, null, null,
        null, null, null);
  }

  /** A board without rank statistics, ranked by its primary metric. */
  public Leaderboard(String challenge, String phase, String part, String metric, boolean higherIsBetter,
      String rule, int precision, List<Entry> entries) {
    this(challenge, phase, part, metric, higherIsBetter, rule, precision, entries, null, null);
  }

  /** This board as one of a multi-site challenge's: a site's, or the pooled one with its statement. */
  public Leaderboard scoped(String scope, List<String> allSites, Boolean isComplete,
      List<SiteBoards.Provisional> waiting, PoolingRule how) {
    return new Leaderboard(challenge, phase, part, metric, higherIsBetter, rule, precision, entries, stability,
        ranking, scope, allSites, isComplete, waiting, how);
  }

  /** Whether this is a multi-site challenge's pooled board. */
  public boolean isPooled() {
    return SiteBoards.POOLED.equals(site);
  }

  /**
   * How a pooled board pools its primary metric, stated on it.
   *
   * @param method          {@value PooledScore#REML} (random-effects meta-analysis) or {@value PooledScore#COUNTS}
   * @param scale           the meta-analysis' scale ({@code logit}, {@code identity}), or null for counts
   * @param rankProvisional whether results some site has not finished are ranked
   * @param metrics         how each metric of the challenge is pooled (its {@code method} and {@code scale}), in the
   *                        challenge's order: the board says which metrics come from pooled counts
   */
  public record PoolingRule(String method, String scale, boolean rankProvisional,
      java.util.Map<String, MetricPooling> metrics) {
    public PoolingRule {
      metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }
  }

  /**
   * How one metric is pooled.
   *
   * @param method {@value PooledScore#REML} or {@value PooledScore#COUNTS}
   * @param scale  {@code logit} or {@code identity} for a meta-analysis, null for counts
   */
  public record MetricPooling(String method, String scale) {}

  /**
   * How one pooled line was made.
   *
   * @param method      {@value PooledScore#REML}, {@value PooledScore#DL} or {@value PooledScore#COUNTS}
   * @param scale       the meta-analysis' scale, or null for counts
   * @param tau2        between-site variance on that scale (meta-analysis), or null
   * @param i2          I² in percent, rounded to 1 decimal (meta-analysis), or null
   * @param sites       the sites whose scores were pooled
   * @param pending     the sites still evaluating it (non-empty: a provisional line)
   */
  public record PooledLine(String method, String scale, Double tau2, Double i2, List<String> sites,
      List<String> pending) {
    public PooledLine {
      sites = List.copyOf(sites);
      pending = List.copyOf(pending);
    }
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
   * @param pooled           on a pooled board, how the line's score was pooled; else null
   */
  public record Entry(int rank, String team, double score, Double ciLow, Double ciHigh, int submissions,
      Instant lastSubmissionAt, Instant scoredSubmissionAt, boolean baseline, java.util.Map<String, Cell> metrics,
      Integer rankLow, Integer rankHigh, Double pFirst, Difference diffToLeader, Boolean tiedForFirst,
      PooledLine pooled) {

    public Entry {
      metrics = metrics == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(
          new java.util.LinkedHashMap<>(metrics));
    }

    /** A line of a board that is not pooled. */
    public Entry(int rank, String team, double score, Double ciLow, Double ciHigh, int submissions,
        Instant lastSubmissionAt, Instant scoredSubmissionAt, boolean baseline, java.util.Map<String, Cell> metrics,
        Integer rankLow, Integer rankHigh, Double pFirst, Difference diffToLeader, Boolean tiedForFirst) {
      this(rank, team, score, ciLow, ciHigh, submissions, lastSubmissionAt, scoredSubmissionAt, baseline, metrics,
          rankLow, rankHigh, pFirst, diffToLeader, tiedForFirst, null);
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
