package org.palmares.platform.leaderboard;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palmares.evaluator.scoring.MetricCatalog;
import org.palmares.evaluator.scoring.Pooling;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.leaderboard.LeaderboardService.Part;
import org.palmares.platform.leaderboard.SubmissionFact.SiteFact;
import org.palmares.platform.leaderboard.SubmissionFact.SitePart;

/**
 * The boards of a multi-site challenge's phase, as projections of the one set of team standings the
 * store keeps (each fact holds every site's scores): one board per site, ranked on that site's
 * scores with their bootstrap intervals, and the pooled board, ranked on each submission's scores
 * pooled over the sites that scored it, each metric as it declares ({@link Pooling}, {@link
 * PooledScore}). A projection reads only the board's facts: O(the board's facts × sites), never
 * the archive.
 *
 * <p>A result is <b>complete</b> when no site is still evaluating it (queued, running, or waiting
 * for its operator's release); it is then pooled over the sites that scored it (a site that
 * refused, withheld or failed it is left out, and the line says how many sites were pooled). A
 * <b>provisional</b> result (some site pending) is shown in the board's provisional list and
 * ranked only when the phase says {@code pooled: {rankProvisional: true}}, marked so.
 */
public final class SiteBoards {
  /** The scope of the pooled board in URLs and JSON ({@code ?site=pooled}). */
  public static final String POOLED = "pooled";

  private SiteBoards() {}

  /**
   * How a pooled line was made, for its primary metric.
   *
   * @param publicPart  the primary metric pooled on the public part, or null when no site scored it
   * @param privatePart the same on the private part
   * @param pending     the sites still evaluating it (empty: complete)
   * @param scoredAt    the sites whose scores were pooled
   */
  public record Pooled(PooledScore publicPart, PooledScore privatePart, List<String> pending,
      List<String> scoredAt) {
    public Pooled {
      pending = List.copyOf(pending);
      scoredAt = List.copyOf(scoredAt);
    }

    public boolean provisional() {
      return !pending.isEmpty();
    }

    public PooledScore of(Part part) {
      return part == Part.PUBLIC ? publicPart : privatePart;
    }
  }

  /** The teams as the board of {@code site} shows them. */
  static List<TeamStanding> atSite(Collection<TeamStanding> teams, String site, String metric) {
    List<TeamStanding> out = new ArrayList<>(teams.size());
    for (TeamStanding t : teams) {
      Map<String, SubmissionFact> facts = new LinkedHashMap<>();
      t.facts().forEach((id, f) -> facts.put(id, f.atSite(site, metric)));
      out.add(new TeamStanding(t.teamId(), facts));
    }
    return out;
  }

  /**
   * The teams as the pooled board shows them: each fact with its metrics pooled over the sites
   * that scored it; a provisional fact keeps no primary score (so it is not ranked) unless the
   * phase ranks provisional results.
   */
  static List<TeamStanding> pooled(Challenge challenge, Phase phase, Collection<TeamStanding> teams) {
    boolean rankProvisional = phase.ranksProvisionalPooled();
    String metric = challenge.primaryMetric();
    List<TeamStanding> out = new ArrayList<>(teams.size());
    for (TeamStanding t : teams) {
      Map<String, SubmissionFact> facts = new LinkedHashMap<>();
      t.facts().forEach((id, f) -> facts.put(id, pooled(challenge, metric, rankProvisional, f)));
      out.add(new TeamStanding(t.teamId(), facts));
    }
    return out;
  }

  private static SubmissionFact pooled(Challenge challenge, String metric, boolean rankProvisional,
      SubmissionFact f) {
    List<String> pending = new ArrayList<>();
    List<String> scoredAt = new ArrayList<>();
    f.sites().forEach((site, at) -> {
      if (at.pending()) {
        pending.add(site);
      } else if (at.scored()) {
        scoredAt.add(site);
      }
    });
    Map<String, SubmissionFact.Score> pub = new LinkedHashMap<>();
    Map<String, SubmissionFact.Score> priv = new LinkedHashMap<>();
    Map<String, PooledScore> pubPooled = pool(challenge, f, Part.PUBLIC, pub);
    Map<String, PooledScore> privPooled = pool(challenge, f, Part.PRIVATE, priv);
    boolean ranked = pending.isEmpty() || rankProvisional;
    Pooled how = new Pooled(pubPooled.get(metric), privPooled.get(metric), pending, scoredAt);
    return f.withPooled(ranked ? pub.get(metric) : null, ranked ? priv.get(metric) : null, pub, priv, how);
  }

  /** Every metric of the challenge pooled over the sites that scored {@code f} on {@code part}; scores into {@code into}. */
  private static Map<String, PooledScore> pool(Challenge challenge, SubmissionFact f, Part part,
      Map<String, SubmissionFact.Score> into) {
    Map<String, PooledScore> out = new LinkedHashMap<>();
    for (var m : challenge.metrics()) {
      List<PooledScore.SiteFigure> figures = new ArrayList<>();
      for (SiteFact at : f.sites().values()) {
        SitePart sp = at.scored() ? at.of(part) : null;
        SubmissionFact.Score s = sp == null ? null : sp.metrics().get(m.name());
        if (s != null) {
          figures.add(new PooledScore.SiteFigure(s.value(), s.low(), s.high(), sp.cases(), sp.positives()));
        }
      }
      if (figures.isEmpty()) {
        continue;
      }
      PooledScore p = PooledScore.of(MetricCatalog.byName(m.name()).pooling(), figures);
      out.put(m.name(), p);
      if (p.value() != null) {
        into.put(m.name(), new SubmissionFact.Score(p.value(), p.low(), p.high()));
      }
    }
    return out;
  }

  /**
   * The results on the pooled board that wait for a site, newest first (complete: none).
   *
   * @param team      the team's name
   * @param submittedAt when the submission was accepted
   * @param pending   the sites still evaluating it
   * @param ranked    whether the board ranks it anyway (the phase ranks provisional results)
   */
  public record Provisional(String team, java.time.Instant submittedAt, List<String> pending, boolean ranked) {
    public Provisional {
      pending = List.copyOf(pending);
    }
  }

  /** The provisional results among the pooled projection's facts (disqualified ones left out). */
  static List<Provisional> provisional(Phase phase, Collection<TeamStanding> pooledTeams) {
    List<Provisional> out = new ArrayList<>();
    for (TeamStanding t : pooledTeams) {
      for (SubmissionFact f : t.facts().values()) {
        if (!f.disqualified() && f.pooled() != null && f.pooled().provisional()) {
          out.add(new Provisional(f.teamName(), f.createdAt(), f.pooled().pending(),
              phase.ranksProvisionalPooled()));
        }
      }
    }
    out.sort(java.util.Comparator.comparing(Provisional::submittedAt).reversed());
    return out;
  }

  /** The pooled board's statement of how its metrics pool, the primary one first. */
  static Leaderboard.PoolingRule rule(Challenge challenge, boolean rankProvisional) {
    Map<String, Leaderboard.MetricPooling> metrics = new LinkedHashMap<>();
    for (var m : challenge.metrics()) {
      metrics.put(m.name(), pooling(m.name()));
    }
    Leaderboard.MetricPooling primary = pooling(challenge.primaryMetric());
    return new Leaderboard.PoolingRule(primary.method(), primary.scale(), rankProvisional, metrics);
  }

  private static Leaderboard.MetricPooling pooling(String metric) {
    Pooling pooling = MetricCatalog.byName(metric).pooling();
    return pooling.fromCounts() ? new Leaderboard.MetricPooling(PooledScore.COUNTS, null)
        : new Leaderboard.MetricPooling(PooledScore.REML, pooling == Pooling.LOGIT ? "logit" : "identity");
  }
}
