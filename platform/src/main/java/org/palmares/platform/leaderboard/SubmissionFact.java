package org.palmares.platform.leaderboard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Instant;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.platform.submission.EvaluationStatus;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionStatus;

/**
 * What a board keeps of one submission: the few fields the ranking rules read, so a team's entry
 * is recomputed from its own facts without reading the archive of submissions again.
 *
 * @param id           submission id
 * @param teamName     the team's name at submission time
 * @param createdAt    when it was accepted
 * @param counts       whether it counts against the team's quota
 * @param disqualified whether the organizers disqualified it
 * @param publicScore  the primary metric on the public part, when scored
 * @param privateScore the primary metric on the private part, when scored
 * @param baseline      whether it is one of the platform's own baselines (shown, never ranked)
 * @param publicMetrics every metric on the public part, in the challenge's order (empty when not scored)
 * @param privateMetrics every metric on the private part, in the challenge's order
 * @param sites         its evaluation at each site of a multi-site challenge, in the challenge's order; empty for a
 *                      single-site challenge (whose scores are the fields above)
 * @param pooled        on a pooled board's projection only ({@link SiteBoards}): how its scores were pooled; else null
 */
public record SubmissionFact(String id, String teamName, Instant createdAt, boolean counts, boolean disqualified,
    Score publicScore, Score privateScore, boolean baseline, Map<String, Score> publicMetrics,
    Map<String, Score> privateMetrics, Map<String, SiteFact> sites, SiteBoards.Pooled pooled) {

  public SubmissionFact {
    publicMetrics = publicMetrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(publicMetrics));
    privateMetrics = privateMetrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(privateMetrics));
    sites = sites == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sites));
  }

  /** A fact of a single-site challenge. */
  public SubmissionFact(String id, String teamName, Instant createdAt, boolean counts, boolean disqualified,
      Score publicScore, Score privateScore, boolean baseline, Map<String, Score> publicMetrics,
      Map<String, Score> privateMetrics) {
    this(id, teamName, createdAt, counts, disqualified, publicScore, privateScore, baseline, publicMetrics,
        privateMetrics, null, null);
  }

  /**
   * What a board keeps of a submission's evaluation at one site.
   *
   * @param status      its {@code EvaluationStatus} name (QUEUED, RUNNING, AWAITING_RELEASE, SCORED, FAILED, REFUSED,
   *                    WITHHELD)
   * @param publicPart  the site's scores on its public part when SCORED, else null
   * @param privatePart the site's scores on its private part when SCORED, else null
   */
  public record SiteFact(String status, SitePart publicPart, SitePart privatePart) {
    /** Not finished at the site yet: queued, running, or waiting for its operator's release. */
    public boolean pending() {
      return "QUEUED".equals(status) || "RUNNING".equals(status) || "AWAITING_RELEASE".equals(status);
    }

    public boolean scored() {
      return "SCORED".equals(status) && publicPart != null;
    }

    /** The site's scores on {@code part}, or null. */
    public SitePart of(LeaderboardService.Part part) {
      return part == LeaderboardService.Part.PUBLIC ? publicPart : privatePart;
    }
  }

  /**
   * One site's scores on one part, with the counts that pooling from counts needs.
   *
   * @param cases     the part's cases at the site
   * @param positives its positives (or events)
   * @param metrics   every metric, full precision
   */
  public record SitePart(int cases, int positives, Map<String, Score> metrics) {
    public SitePart {
      metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    static SitePart of(SplitScores part) {
      return part == null ? null : new SitePart(part.cases(), part.positives(), all(part));
    }
  }

  /** A fact with its primary metric only, of a team's own submission. */
  public SubmissionFact(String id, String teamName, Instant createdAt, boolean counts, boolean disqualified,
      Score publicScore, Score privateScore) {
    this(id, teamName, createdAt, counts, disqualified, publicScore, privateScore, false, null, null, null, null);
  }

  /** The metrics of one part. */
  public Map<String, Score> metricsOf(LeaderboardService.Part part) {
    return part == LeaderboardService.Part.PUBLIC ? publicMetrics : privateMetrics;
  }

  /**
   * A score at full precision (boards round when they render, so a change of precision needs no
   * rebuild). Room is left here for issue 12's per-resample values.
   *
   * @param value the metric's value
   * @param low   lower end of its 95% interval, or null
   * @param high  upper end, or null
   */
  public record Score(double value, Double low, Double high) {
    static Score of(SplitScores part, String metric) {
      MetricValue v = part == null ? null : part.metrics().get(metric);
      if (v == null || v.value() == null) {
        return null;
      }
      return new Score(v.value(), v.ci() == null ? null : v.ci().low(), v.ci() == null ? null : v.ci().high());
    }
  }

  /** The fact of {@code s} for a board ranked by {@code metric}, with every metric of {@code s}'s scores. */
  public static SubmissionFact of(Submission s, String metric) {
    boolean scored = s.status() == SubmissionStatus.SCORED && s.scores() != null;
    return new SubmissionFact(s.id(), s.teamName(), s.createdAt(), s.countsAgainstQuota(), s.disqualified() != null,
        scored ? Score.of(s.scores().publicPart(), metric) : null,
        scored ? Score.of(s.scores().privatePart(), metric) : null,
        LeaderboardService.isBaseline(s),
        scored ? all(s.scores().publicPart()) : null, scored ? all(s.scores().privatePart()) : null, sites(s), null);
  }

  /** Each site's evaluation of a multi-site submission (empty for a single-site one). */
  private static Map<String, SiteFact> sites(Submission s) {
    Map<String, SiteFact> out = new LinkedHashMap<>();
    s.sites().forEach((name, e) -> {
      boolean scored = e.status() == EvaluationStatus.SCORED && e.scores() != null;
      out.put(name, new SiteFact(e.status().name(), scored ? SitePart.of(e.scores().publicPart()) : null,
          scored ? SitePart.of(e.scores().privatePart()) : null));
    });
    return out;
  }

  /**
   * This fact as a board of one site shows it: that site's scores (none unless it scored there). Its {@code sites}
   * are kept, so the line can say where else it stands.
   */
  SubmissionFact atSite(String site, String metric) {
    SiteFact at = sites.get(site);
    SitePart pub = at == null || !at.scored() ? null : at.publicPart();
    SitePart priv = at == null || !at.scored() ? null : at.privatePart();
    return new SubmissionFact(id, teamName, createdAt, counts, disqualified,
        pub == null ? null : pub.metrics().get(metric), priv == null ? null : priv.metrics().get(metric), baseline,
        pub == null ? null : pub.metrics(), priv == null ? null : priv.metrics(), sites, null);
  }

  /** This fact with pooled scores (a pooled board's projection, {@link SiteBoards#pooled}). */
  SubmissionFact withPooled(Score pub, Score priv, Map<String, Score> pubAll, Map<String, Score> privAll,
      SiteBoards.Pooled how) {
    return new SubmissionFact(id, teamName, createdAt, counts, disqualified, pub, priv, baseline, pubAll, privAll,
        sites, how);
  }

  private static Map<String, Score> all(SplitScores part) {
    Map<String, Score> out = new LinkedHashMap<>();
    if (part != null) {
      for (String name : part.metrics().keySet()) {
        Score score = Score.of(part, name);
        if (score != null) {
          out.put(name, score);
        }
      }
    }
    return out;
  }
}
