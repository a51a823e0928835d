package org.palmares.platform.web;

import java.time.Instant;
import java.util.List;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.platform.challenge.Metrics;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.leaderboard.LeaderboardService;
import org.palmares.platform.submission.FeedbackPolicy;
import org.palmares.platform.submission.Submission;

/**
 * A submission as its own team sees it on the pages: exactly what the phase's {@link
 * FeedbackPolicy} shows (the same view as the API's), public-part scores rounded to the phase's
 * precision, never the private part.
 *
 * @param scores the public part's metrics, primary first; empty until scored
 */
public record SubmissionView(String id, String challenge, String phase, String phaseTitle, String status,
    boolean finished, Instant createdAt, String outcome, String message, Double runSeconds, Integer exitCode,
    String logTail, boolean logsShown, String imageDigest, long imageBytes, boolean countsAgainstQuota,
    List<Score> scores, int precision, String sitesLine, List<SiteRow> sites) {

  /**
   * A multi-site submission's evaluation at one site, as its team sees it.
   *
   * @param status  the site's {@link org.palmares.platform.submission.EvaluationStatus} name
   * @param primary the primary metric's value on the site's public part, when scored there
   */
  public record SiteRow(String site, String status, Double primary) {}

  /** One metric of the public part. */
  public record Score(String metric, String title, double value, Double ciLow, Double ciHigh, boolean primary) {}

  public static SubmissionView of(Submission s, Phase phase, Language language) {
    FeedbackPolicy.View run = FeedbackPolicy.forTeam(phase).view(s);
    int precision = phase == null ? LeaderboardService.DEFAULT_PRECISION : phase.precision();
    List<Score> scores = new java.util.ArrayList<>();
    if (s.scores() != null && s.scores().publicPart() != null) {
      String primary = s.scores().primaryMetric();
      s.scores().publicPart().metrics().forEach((name, v) -> add(scores, name, v, name.equals(primary), precision));
      scores.sort(java.util.Comparator.comparing(sc -> !sc.primary()));
    }
    String title = phase == null ? s.phase() : phase.title() == null ? phase.name() : phase.title().in(language.tag());
    return new SubmissionView(s.id(), s.challenge(), s.phase(), title, s.status().name(),
        s.status().name().equals("SCORED") || s.status().name().equals("FAILED"), s.createdAt(), s.outcome(),
        run.message(), run.runSeconds(), run.exitCode(), run.logTail(), phase != null && phase.showsLogsToTeams(),
        s.imageDigest(), s.imageBytes(), s.countsAgainstQuota(), List.copyOf(scores), precision,
        SiteStatusLine.of(s, Messages.of(language)), siteRows(s, precision));
  }

  private static List<SiteRow> siteRows(Submission s, int precision) {
    List<SiteRow> rows = new java.util.ArrayList<>();
    for (var e : s.sites().values()) {
      Double primary = null;
      if (e.scores() != null && e.scores().publicPart() != null) {
        MetricValue v = e.scores().publicPart().metrics().get(e.scores().primaryMetric());
        primary = v == null || v.value() == null ? null : LeaderboardService.round(v.value(), precision);
      }
      rows.add(new SiteRow(e.site(), e.status().name(), primary));
    }
    return List.copyOf(rows);
  }

  private static void add(List<Score> scores, String name, MetricValue v, boolean primary, int precision) {
    if (v == null || v.value() == null) {
      return;
    }
    scores.add(new Score(name, Metrics.title(name), LeaderboardService.round(v.value(), precision),
        v.ci() == null ? null : LeaderboardService.round(v.ci().low(), precision),
        v.ci() == null ? null : LeaderboardService.round(v.ci().high(), precision), primary));
  }

  /** The primary score, or null until scored. */
  public Score primary() {
    return scores.isEmpty() ? null : scores.get(0);
  }

  /** The first 12 hex digits of the archive's sha256, as people compare digests. */
  public String shortDigest() {
    return imageDigest == null ? "" : imageDigest.substring(0, Math.min(12, imageDigest.length()));
  }
}
