package org.palmares.platform.leaderboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.submission.Submission;

/**
 * The ranking rules of a board, in one place: each team's pick ({@link TeamStanding#pick}), its
 * score rounded to the phase's precision (a score at full precision is an oracle on the hidden
 * labels), competition ranks (equal rounded scores share a rank, the earlier submission listed
 * first). It works on the teams' standings only, so ranking costs O(teams), whatever the number
 * of submissions.
 */
public final class LeaderboardService {
  /** Which part of the hidden set a board shows. */
  public enum Part {
    PUBLIC, PRIVATE;

    /** The name used in URLs and JSON ({@code public}, {@code private}). */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Decimals shown when a phase does not say. */
  public static final int DEFAULT_PRECISION = 4;

  private LeaderboardService() {}

  /** The board of {@code phase} on {@code part}, from its teams' standings, without rank statistics. */
  public static Leaderboard rank(Challenge challenge, Phase phase, Part part, Collection<TeamStanding> teams) {
    return rank(challenge, phase, part, teams, Map.of(), null);
  }

  /**
   * A team's pick as the board shows it: its score on the part, unrounded and rounded, and what its rank is decided
   * by (the rounded primary score, or the declared ranking's aggregate: equal ones share a rank).
   */
  private record Chosen(TeamStanding team, SubmissionFact pick, SubmissionFact.Score shown, double rounded,
      double rankedBy) {
    Chosen rankedBy(double aggregate) {
      return new Chosen(team, pick, shown, rounded, aggregate);
    }
  }

  /**
   * Every team's pick with a score on {@code part}, in the board's order (baselines in place): by the phase's declared
   * ranking ({@link Ranking}, over the rounded values of its metrics) when it declares one, else by the primary score.
   */
  private static List<Chosen> chosen(Challenge challenge, Phase phase, Part part, Collection<TeamStanding> teams,
      Map<String, String> ladderPicks) {
    boolean higherIsBetter = challenge.higherIsBetter(challenge.primaryMetric());
    int precision = phase.precision();
    List<Chosen> chosen = new ArrayList<>();
    for (TeamStanding team : teams) {
      String laddered = ladderPicks.get(team.teamId());
      SubmissionFact pick = laddered != null ? team.facts().get(laddered)
          : team.pick(phase.keepsLatest(), higherIsBetter).orElse(null);
      SubmissionFact.Score shown = pick == null ? null : part == Part.PUBLIC ? pick.publicScore() : pick.privateScore();
      if (shown != null) {
        double rounded = round(shown.value(), precision);
        chosen.add(new Chosen(team, pick, shown, rounded, rounded));
      }
    }
    Comparator<Chosen> byTime = Comparator.comparing((Chosen c) -> c.pick().createdAt()).thenComparing(c -> c.pick().id());
    Ranking.Spec spec = challenge.rankingOf(phase);
    if (spec.method() == Ranking.Method.PRIMARY) {
      Comparator<Chosen> byScore = Comparator.comparingDouble(Chosen::rounded);
      chosen.sort((higherIsBetter ? byScore.reversed() : byScore).thenComparing(byTime));
      return chosen;
    }
    chosen.sort(byTime); // Ranking keeps the input order within a tie: the earlier submission first
    Map<String, Chosen> byTeam = new java.util.HashMap<>();
    List<Ranking.Candidate> candidates = new ArrayList<>(chosen.size());
    for (Chosen c : chosen) {
      Map<String, Double> values = new java.util.HashMap<>();
      c.pick().metricsOf(part).forEach((name, score) -> values.put(name, round(score.value(), precision)));
      byTeam.put(c.team().teamId(), c);
      candidates.add(new Ranking.Candidate(c.team().teamId(), values));
    }
    List<Chosen> ordered = new ArrayList<>(chosen.size());
    for (Ranking.Ranked r : Ranking.rank(spec, candidates)) {
      ordered.add(byTeam.get(r.team()).rankedBy(r.aggregate()));
    }
    return ordered;
  }

  /**
   * The ranked lines of a board, best first, for its rank statistics: each competing team (by id) with the
   * submission shown and its unrounded score. Baselines are references, not competitors: they are left out.
   */
  public static List<BoardStatistics.Line> lines(Challenge challenge, Phase phase, Part part,
      Collection<TeamStanding> teams, Map<String, String> ladderPicks) {
    return chosen(challenge, phase, part, teams, ladderPicks).stream().filter(c -> !c.pick().baseline())
        .map(c -> new BoardStatistics.Line(c.team().teamId(), c.pick().id(), c.shown().value())).toList();
  }

  /**
   * The board of {@code phase} on {@code part}, from its teams' standings, with the rank statistics
   * computed on its {@link #lines} ({@code statistics} null or without a board: no figures).
   *
   * @param ladderPicks the submission shown for each team the phase's {@link Ladder} replayed, by team id (the others
   *                    keep the ordinary pick)
   */
  public static Leaderboard rank(Challenge challenge, Phase phase, Part part, Collection<TeamStanding> teams,
      Map<String, String> ladderPicks, BoardStatistics.Result statistics) {
    String metric = challenge.primaryMetric();
    boolean higherIsBetter = challenge.higherIsBetter(metric);
    int precision = phase.precision();
    List<Chosen> chosen = chosen(challenge, phase, part, teams, ladderPicks);
    Map<String, RankStatistics.TeamStatistics> figures = new java.util.HashMap<>();
    if (statistics != null && statistics.board() != null) {
      statistics.board().teams().forEach(t -> figures.put(t.team(), t));
    }
    List<Leaderboard.Entry> entries = new ArrayList<>(chosen.size());
    Leaderboard.Entry lastRanked = null;
    Double lastRankedBy = null;
    int ranked = 0;
    for (Chosen c : chosen) {
      boolean baseline = c.pick().baseline();
      int rank = 0; // baselines are references: shown in place, ranked among no one
      if (!baseline) {
        ranked++;
        rank = lastRankedBy != null && Double.compare(lastRankedBy, c.rankedBy()) == 0 ? lastRanked.rank() : ranked;
      }
      RankStatistics.TeamStatistics f = baseline ? null : figures.get(c.team().teamId());
      Leaderboard.Entry entry = new Leaderboard.Entry(rank, c.pick().teamName(), c.rounded(),
          c.shown().low() == null ? null : round(c.shown().low(), precision),
          c.shown().high() == null ? null : round(c.shown().high(), precision),
          c.team().counted(), c.team().lastSubmissionAt(), c.pick().createdAt(), baseline,
          cells(challenge, c.pick().metricsOf(part), precision),
          f == null ? null : f.rankLow(), f == null ? null : f.rankHigh(), f == null ? null : round(f.pFirst(), 2),
          f == null ? null : new Leaderboard.Difference(round(f.toLeader().estimate(), precision),
              round(f.toLeader().low(), precision), round(f.toLeader().high(), precision)),
          f == null ? null : f.tiedForFirst(), pooledLine(c.pick(), part));
      entries.add(entry);
      if (!baseline) {
        lastRanked = entry;
        lastRankedBy = c.rankedBy();
      }
    }
    Ranking.Spec spec = challenge.rankingOf(phase);
    return new Leaderboard(challenge.slug(), phase.name(), part.label(), metric, higherIsBetter, phase.leaderboard(),
        precision, List.copyOf(entries), stability(statistics, chosen),
        new Leaderboard.Rule(spec.method().id(), spec.metrics(), Ranking.TIES,
            phase.usesLadder() && !phase.keepsLatest()));
  }

  /** How a pooled board's line was pooled, or null on any other board. */
  private static Leaderboard.PooledLine pooledLine(SubmissionFact pick, Part part) {
    SiteBoards.Pooled how = pick.pooled();
    PooledScore p = how == null ? null : how.of(part);
    if (p == null) {
      return null;
    }
    return new Leaderboard.PooledLine(p.method(), p.scale(), p.tau2() == null ? null : round(p.tau2(), 6), p.i2() == null ? null : round(p.i2(), 1),
        how.scoredAt(), how.pending());
  }

  /** The board's stability figure, or null when no team is paired; unpaired teams by name. */
  private static Leaderboard.Stability stability(BoardStatistics.Result statistics, List<Chosen> chosen) {
    if (statistics == null || statistics.board() == null) {
      return null;
    }
    Map<String, String> names = new java.util.HashMap<>();
    chosen.forEach(c -> names.put(c.team().teamId(), c.pick().teamName()));
    double tau = statistics.board().kendallTau();
    return new Leaderboard.Stability(Double.isNaN(tau) ? null : round(tau, 2), statistics.board().resamples(),
        statistics.unpaired().stream().map(id -> names.getOrDefault(id, id)).toList());
  }

  /** The name prefix of the baseline teams the platform seeds. */
  public static final String BASELINE_PREFIX = "baseline-";

  /**
   * Whether {@code s} is one of the platform's own baselines: submitted by the platform itself (no
   * member uploaded it) for a team it made, named {@code baseline-...} (see {@code Platform.seed}).
   * A competitor's team of that name is still a competitor: its submissions have a member.
   */
  public static boolean isBaseline(Submission s) {
    return s.submittedBy() == null && s.teamName() != null && s.teamName().startsWith(BASELINE_PREFIX);
  }

  /** Every metric of the challenge among {@code scores}, rounded to {@code precision}, in the challenge's order. */
  private static Map<String, Leaderboard.Cell> cells(Challenge challenge, Map<String, SubmissionFact.Score> scores,
      int precision) {
    Map<String, Leaderboard.Cell> out = new LinkedHashMap<>();
    for (var m : challenge.metrics()) {
      SubmissionFact.Score v = scores.get(m.name());
      if (v != null) {
        out.put(m.name(), new Leaderboard.Cell(round(v.value(), precision),
            v.low() == null ? null : round(v.low(), precision), v.high() == null ? null : round(v.high(), precision)));
      }
    }
    return out;
  }

  /** Rounds half-up to {@code decimals}. */
  public static double round(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }
}
