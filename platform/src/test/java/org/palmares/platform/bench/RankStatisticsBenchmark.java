package org.palmares.platform.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.palmares.platform.leaderboard.RankStatistics;

/**
 * The cost of {@link RankStatistics} on a large board: T teams × B paired resamples (default 1,000
 * × 1,000), scores a shared per-resample noise plus each team's own, the teams' true scores
 * spread so that neighbours overlap. Prints the time of each of five runs after two warm-ups, and
 * the best; run by {@code scripts/rank-statistics-benchmark.sh [teams] [resamples]}. A command, not
 * a test. There is no other implementation to compare with on the platform: the figure is the
 * budget a new result costs the board (recomputed over teams, never over submissions).
 */
public final class RankStatisticsBenchmark {

  private RankStatisticsBenchmark() {}

  public static void main(String[] args) {
    int teams = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int resamples = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    SplittableRandom rng = new SplittableRandom(20261202L);
    double[] shared = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      shared[r] = 0.02 * gaussian(rng);
    }
    List<RankStatistics.TeamResamples> board = new ArrayList<>(teams);
    for (int t = 0; t < teams; t++) {
      double point = 0.9 - 0.3 * t / teams;
      double[] v = new double[resamples];
      for (int r = 0; r < resamples; r++) {
        v[r] = point + shared[r] + 0.01 * gaussian(rng);
      }
      board.add(new RankStatistics.TeamResamples("team-" + t, point, v));
    }
    System.out.printf(Locale.ROOT, "RankStatistics.of: %d teams x %d paired resamples (rank intervals,"
        + " P(rank 1), paired differences to the leader, mean Kendall tau)%n", teams, resamples);
    double best = Double.POSITIVE_INFINITY;
    double bestCpu = Double.POSITIVE_INFINITY;
    RankStatistics.Board result = null;
    // CPU time of this thread beside the wall clock: on a shared machine the wall clock is mostly waiting.
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int run = 0; run < 7; run++) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      result = RankStatistics.of(board, true);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      if (run >= 2) {
        best = Math.min(best, seconds);
        bestCpu = Math.min(bestCpu, cpu);
        System.out.printf(Locale.ROOT, "run %d: %.3f s wall, %.3f s CPU%n", run - 1, seconds, cpu);
      } else {
        System.out.printf(Locale.ROOT, "warm-up %d: %.3f s wall, %.3f s CPU%n", run + 1, seconds, cpu);
      }
    }
    System.out.printf(Locale.ROOT, "best CPU: %.3f s%n", bestCpu);
    long tied = result.teams().stream().filter(RankStatistics.TeamStatistics::tiedForFirst).count();
    System.out.printf(Locale.ROOT, "best: %.3f s; %d teams tied for first, leader P(rank 1) %.3f, mean"
        + " Kendall tau %.3f%n", best, tied, result.teams().get(0).pFirst(), result.kendallTau());
  }

  private static double gaussian(SplittableRandom rng) {
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }
}
