package org.palmares.platform.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.palmares.platform.submission.ResampleVectors;

/**
 * The one call a board makes for its rank statistics: the teams' submissions shown, in the board's
 * order, to {@link RankStatistics} figures rounded for display. It reads the resample vectors of
 * exactly those submissions (one query), lines them up ({@link PairedVectors}) and computes; a
 * team whose vector is missing or drawn on other resamples is listed as unpaired and gets no
 * figures. Blocking (a database read and O(teams × resamples) work): run it on a worker, never
 * on the event loop.
 */
public final class BoardStatistics {

  /**
   * One line of the board.
   *
   * @param team         the team
   * @param submissionId the submission whose score the board shows
   * @param point        that score on the board's part, unrounded
   */
  public record Line(String team, String submissionId, double point) {}

  /**
   * The figures, or why there are none.
   *
   * @param board    the statistics of the paired teams, or null when fewer than one team is paired
   * @param unpaired teams without figures
   */
  public record Result(RankStatistics.Board board, List<String> unpaired) {}

  /** Where the vectors are read: the database, or a cache in front of it (the live boards'). */
  @FunctionalInterface
  public interface Source {
    /** The vectors of some submissions' part, by submission id; a submission without vectors is absent. */
    Map<String, ResampleVectors.Stored> of(List<String> submissionIds, String part);
  }

  private final Source vectors;

  public BoardStatistics(ResampleVectors vectors) {
    this(vectors::of);
  }

  public BoardStatistics(Source vectors) {
    this.vectors = vectors;
  }

  /**
   * The rank statistics of a board.
   *
   * @param lines          the board's lines, best first
   * @param part           {@code public} or {@code private}
   * @param metric         the ranking metric
   * @param higherIsBetter its direction
   */
  public Result of(List<Line> lines, String part, String metric, boolean higherIsBetter) {
    Map<String, ResampleVectors.Stored> stored = vectors.of(lines.stream().map(Line::submissionId).toList(), part);
    List<PairedVectors.Input> inputs = new ArrayList<>();
    for (Line line : lines) {
      ResampleVectors.Stored s = stored.get(line.submissionId());
      List<Double> values = s == null ? null : s.values().get(metric);
      inputs.add(new PairedVectors.Input(line.team(), line.point(), values == null ? null : s.resampling(), values));
    }
    PairedVectors.Aligned aligned = PairedVectors.align(inputs);
    boolean computable = !aligned.paired().isEmpty() && aligned.paired().get(0).resamples().length > 0;
    return new Result(computable ? RankStatistics.of(aligned.paired(), higherIsBetter) : null, aligned.unpaired());
  }
}
