package org.palmares.platform.leaderboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The best public score of a phase over time: one point each time a team's submission beat every
 * earlier one (baselines and disqualified submissions left out), rounded like the board, so the
 * chart shows no more than the board does. Computed from the board's own facts of the primary
 * metric, never from the archive of submissions.
 */
public final class RecordHistory {
  /** A new best: when it was submitted, its rounded public score, and whose it is. */
  public record Point(Instant at, double score, String team) {}

  private RecordHistory() {}

  /** The records among the facts of {@code teams}, oldest first. */
  public static List<Point> of(Collection<TeamStanding> teams, boolean higherIsBetter, int precision) {
    List<SubmissionFact> scored = new ArrayList<>();
    for (TeamStanding team : teams) {
      for (SubmissionFact f : team.facts().values()) {
        if (f.publicScore() != null && !f.disqualified() && !f.baseline()) {
          scored.add(f);
        }
      }
    }
    scored.sort(Comparator.comparing(SubmissionFact::createdAt).thenComparing(SubmissionFact::id));
    List<Point> out = new ArrayList<>();
    for (SubmissionFact f : scored) {
      double score = LeaderboardService.round(f.publicScore().value(), precision);
      double best = out.isEmpty() ? Double.NaN : out.get(out.size() - 1).score();
      if (out.isEmpty() || (higherIsBetter ? score > best : score < best)) {
        out.add(new Point(f.createdAt(), score, f.teamName()));
      }
    }
    return List.copyOf(out);
  }
}
