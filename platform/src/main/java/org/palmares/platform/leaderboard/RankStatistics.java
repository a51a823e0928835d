package org.palmares.platform.leaderboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * How sure a board is of its order, from the teams' paired resample vectors: the value of each
 * team's ranking metric on the same bootstrap resamples of the same part (the evaluator draws them
 * from a seed that does not depend on the submission; see {@link PairedVectors} for lining them
 * up). A pure function; it never reads the database.
 *
 * <p>Per team: its rank on each resample (competition ranking, ties sharing the best rank, as on
 * the board), the 2.5th–97.5th percentiles of those ranks (inverse of the empirical distribution,
 * so both ends are ranks that occurred), and P(rank 1), the share of resamples it is first on.
 * Against the leader (the board's first team): the paired difference team − leader, oriented so
 * that a positive difference favours the team, with the 2.5th–97.5th percentiles of its resampled
 * values; a team whose interval reaches 0 is <em>not significantly worse than the leader</em>
 * and shown as tied for first. The test is per team at 95%, not family-wise: it answers "can
 * this team be said to be behind?", and a correction for many teams would only widen the group.
 * For the whole board: the mean Kendall τ-b between each resample's ranking and the board's
 * (1 = every resample agrees with the board), a resample on which every team ties being skipped.
 *
 * <p>Cost: for each of B resamples, a sort of the T values and Knight's O(T log T) Kendall τ
 * ({@link KendallTau}): O(B · T log T) time and O(B · T) memory for the ranks (figure at 1,000
 * teams × 1,000 resamples in {@code docs/benchmarks.md}). That is blocking work: callers run it off the event loop (the board
 * recomputation already runs on a worker).
 */
public final class RankStatistics {

  /**
   * One team's input.
   *
   * @param team      the team (name or id)
   * @param point     its score on the part, as the board ranks it
   * @param resamples its score on each paired resample; every team's vector has the same length
   */
  public record TeamResamples(String team, double point, double[] resamples) {
    public TeamResamples {
      Objects.requireNonNull(team, "team");
      Objects.requireNonNull(resamples, "resamples");
    }
  }

  /** A difference with its 95% interval, oriented so that positive favours the team. */
  public record Difference(double estimate, double low, double high) {}

  /**
   * One team's figures.
   *
   * @param team         the team
   * @param rankLow      2.5th percentile of its bootstrap ranks
   * @param rankHigh     97.5th percentile of its bootstrap ranks
   * @param pFirst       share of resamples on which it ranks first (ties included)
   * @param toLeader     its paired difference to the leader (0 for the leader)
   * @param tiedForFirst whether it is not significantly worse than the leader (the leader is)
   */
  public record TeamStatistics(String team, int rankLow, int rankHigh, double pFirst, Difference toLeader,
      boolean tiedForFirst) {}

  /**
   * The board's figures.
   *
   * @param teams      one per input team, in the input order
   * @param leader     the board's first team
   * @param kendallTau mean Kendall τ-b between the resamples' rankings and the board's; NaN with
   *                   fewer than two teams or no resample without a complete tie
   * @param resamples  paired resamples used
   */
  public record Board(List<TeamStatistics> teams, String leader, double kendallTau, int resamples) {}

  private RankStatistics() {}

  /**
   * The figures of a board.
   *
   * @param teams          in the board's order, best first (the first is the leader; ties keep the
   *                       board's tie order)
   * @param higherIsBetter the ranking metric's direction
   * @throws IllegalArgumentException without teams, without resamples, or with vectors of
   *     different lengths (they would not be paired)
   */
  public static Board of(List<TeamResamples> teams, boolean higherIsBetter) {
    if (teams.isEmpty()) {
      throw new IllegalArgumentException("rank statistics need at least one team");
    }
    int t = teams.size();
    int b = teams.get(0).resamples().length;
    if (b == 0) {
      throw new IllegalArgumentException("rank statistics need at least one paired resample");
    }
    double sign = higherIsBetter ? 1 : -1;
    double[][] oriented = new double[t][];
    double[] board = new double[t];
    for (int i = 0; i < t; i++) {
      TeamResamples team = teams.get(i);
      if (team.resamples().length != b) {
        throw new IllegalArgumentException("team " + team.team() + " has " + team.resamples().length
            + " resamples, the first team " + b + ": the vectors are not paired");
      }
      oriented[i] = new double[b];
      for (int r = 0; r < b; r++) {
        oriented[i][r] = sign * team.resamples()[r];
      }
      board[i] = sign * team.point();
    }

    int[][] ranks = new int[t][b];
    double[] column = new double[t];
    double[] sorted = new double[t];
    double tauSum = 0;
    int tauCount = 0;
    KendallTau kendall = new KendallTau(board);
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < t; i++) {
        column[i] = oriented[i][r];
      }
      System.arraycopy(column, 0, sorted, 0, t);
      Arrays.sort(sorted);
      for (int i = 0; i < t; i++) {
        ranks[i][r] = 1 + t - upperBound(sorted, column[i]); // 1 + teams strictly better
      }
      if (t > 1) {
        double tau = kendall.against(column);
        if (!Double.isNaN(tau)) {
          tauSum += tau;
          tauCount++;
        }
      }
    }

    double[] leader = oriented[0];
    double[] difference = new double[b];
    Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
    List<TeamStatistics> out = new ArrayList<>(t);
    for (int i = 0; i < t; i++) {
      int[] own = ranks[i];
      int first = 0;
      for (int rank : own) {
        first += rank == 1 ? 1 : 0;
      }
      int[] ordered = own.clone();
      Arrays.sort(ordered);
      Difference toLeader;
      if (i == 0) {
        toLeader = new Difference(0, 0, 0);
      } else {
        for (int r = 0; r < b; r++) {
          difference[r] = oriented[i][r] - leader[r];
        }
        percentile.setData(difference);
        toLeader = new Difference(board[i] - board[0], percentile.evaluate(2.5), percentile.evaluate(97.5));
      }
      out.add(new TeamStatistics(teams.get(i).team(), quantile(ordered, 0.025), quantile(ordered, 0.975),
          (double) first / b, toLeader, i == 0 || toLeader.high() >= 0));
    }
    return new Board(List.copyOf(out), teams.get(0).team(), tauCount == 0 ? Double.NaN : tauSum / tauCount, b);
  }

  /** The p-quantile as the inverse of the empirical distribution (a rank that occurred). */
  private static int quantile(int[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Index of the first value strictly greater than {@code x} in ascending {@code a}. */
  private static int upperBound(double[] a, double x) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
