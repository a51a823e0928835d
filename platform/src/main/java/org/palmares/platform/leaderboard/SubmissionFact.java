package org.palmares.platform.leaderboard;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Instant;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.SplitScores;
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
 */
public record SubmissionFact(String id, String teamName, Instant createdAt, boolean counts, boolean disqualified,
    Score publicScore, Score privateScore, boolean baseline, Map<String, Score> publicMetrics,
    Map<String, Score> privateMetrics) {

  public SubmissionFact {
    publicMetrics = publicMetrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(publicMetrics));
    privateMetrics = privateMetrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(privateMetrics));
  }

  /** A fact with its primary metric only, of a team's own submission. */
  public SubmissionFact(String id, String teamName, Instant createdAt, boolean counts, boolean disqualified,
      Score publicScore, Score privateScore) {
    this(id, teamName, createdAt, counts, disqualified, publicScore, privateScore, false, null, null);
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
        scored ? all(s.scores().publicPart()) : null, scored ? all(s.scores().privatePart()) : null);
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
