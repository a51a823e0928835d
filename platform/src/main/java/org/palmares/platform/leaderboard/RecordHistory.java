package org.palmares.platform.leaderboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionStatus;

/**
 * The best public score of a phase over time: one point each time a team's submission beat every
 * earlier one (baselines and disqualified submissions left out), rounded like the board, so the
 * chart shows no more than the board does.
 */
public final class RecordHistory {
  /** A new best: when it was submitted, its rounded public score, and whose it is. */
  public record Point(Instant at, double score, String team) {}

  private RecordHistory() {}

  /** The records among {@code submissions} on {@code metric}, oldest first. */
  public static List<Point> of(List<Submission> submissions, String metric, boolean higherIsBetter, int precision) {
    List<Submission> scored = new ArrayList<>();
    for (Submission s : submissions) {
      if (s.status() == SubmissionStatus.SCORED && s.disqualified() == null && !LeaderboardService.isBaseline(s)
          && s.scores() != null && s.scores().publicPart() != null) {
        scored.add(s);
      }
    }
    scored.sort(Comparator.comparing(Submission::createdAt));
    List<Point> out = new ArrayList<>();
    for (Submission s : scored) {
      MetricValue v = s.scores().publicPart().metrics().get(metric);
      if (v == null || v.value() == null) {
        continue;
      }
      double score = LeaderboardService.round(v.value(), precision);
      double best = out.isEmpty() ? Double.NaN : out.get(out.size() - 1).score();
      if (out.isEmpty() || (higherIsBetter ? score > best : score < best)) {
        out.add(new Point(s.createdAt(), score, s.teamName()));
      }
    }
    return List.copyOf(out);
  }
}
