package org.palmares.platform.leaderboard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.palmares.evaluator.scoring.Resampling;

/**
 * Lines up the teams' stored resample vectors of one metric so that {@link RankStatistics} compares
 * them resample by resample: only vectors drawn on the leader's resampling key are paired with it
 * (another key means other resample indices: another bundle version's data, say), and only the
 * resamples every paired team kept (a resample dropped for one team, because a metric was
 * undefined on it, is dropped for all). A pure function.
 */
public final class PairedVectors {

  /**
   * One team's stored vector.
   *
   * @param team       the team
   * @param point      its score on the part
   * @param resampling how its resamples were drawn
   * @param values     its metric's values on the kept resamples, in order
   */
  public record Input(String team, double point, Resampling resampling, List<Double> values) {}

  /**
   * The paired vectors, in the input order, and the teams left out (another key or no vector).
   */
  public record Aligned(List<RankStatistics.TeamResamples> paired, List<String> unpaired) {}

  private PairedVectors() {}

  /**
   * Aligns the inputs on the first one's key (the board's order: the leader's).
   *
   * @param inputs in the board's order; an input whose resampling is null has no vector
   */
  public static Aligned align(List<Input> inputs) {
    List<String> unpaired = new ArrayList<>();
    List<Input> paired = new ArrayList<>();
    String key = null;
    for (Input in : inputs) {
      if (in.resampling() == null || in.values() == null
          || in.values().size() != in.resampling().vectorLength()) {
        unpaired.add(in.team());
        continue;
      }
      if (key == null) {
        key = in.resampling().key();
      }
      if (key.equals(in.resampling().key())) {
        paired.add(in);
      } else {
        unpaired.add(in.team());
      }
    }
    int reported = paired.stream().mapToInt(in -> in.resampling().reported()).min().orElse(0);
    Set<Integer> dropped = new HashSet<>();
    for (Input in : paired) {
      dropped.addAll(in.resampling().dropped());
    }
    List<Integer> common = new ArrayList<>();
    for (int r = 0; r < reported; r++) {
      if (!dropped.contains(r)) {
        common.add(r);
      }
    }
    List<RankStatistics.TeamResamples> out = new ArrayList<>();
    for (Input in : paired) {
      // Position of each kept resample in this team's vector.
      Set<Integer> own = new HashSet<>(in.resampling().dropped());
      int[] position = new int[reported];
      int p = 0;
      for (int r = 0; r < reported; r++) {
        position[r] = own.contains(r) ? -1 : p++;
      }
      double[] values = new double[common.size()];
      for (int c = 0; c < values.length; c++) {
        values[c] = in.values().get(position[common.get(c)]);
      }
      out.add(new RankStatistics.TeamResamples(in.team(), in.point(), values));
    }
    return new Aligned(List.copyOf(out), List.copyOf(unpaired));
  }
}
