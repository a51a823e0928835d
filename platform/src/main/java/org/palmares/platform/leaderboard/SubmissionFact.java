package org.palmares.platform.leaderboard;

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
 */
public record SubmissionFact(String id, String teamName, Instant createdAt, boolean counts, boolean disqualified,
    Score publicScore, Score privateScore) {

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

  /** The fact of {@code s} for a board ranked by {@code metric}. */
  public static SubmissionFact of(Submission s, String metric) {
    boolean scored = s.status() == SubmissionStatus.SCORED && s.scores() != null;
    return new SubmissionFact(s.id(), s.teamName(), s.createdAt(), s.countsAgainstQuota(), s.disqualified() != null,
        scored ? Score.of(s.scores().publicPart(), metric) : null,
        scored ? Score.of(s.scores().privatePart(), metric) : null);
  }
}
