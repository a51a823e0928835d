package org.palmares.platform.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.scoring.Resampling;

class RankStatisticsTest {

  /** A team whose resamples are its point plus shared noise plus its own noise. */
  private static RankStatistics.TeamResamples team(String name, double point, double[] shared, double own, long seed) {
    Random rng = new Random(seed);
    double[] v = new double[shared.length];
    for (int r = 0; r < v.length; r++) {
      v[r] = point + shared[r] + own * rng.nextGaussian();
    }
    return new RankStatistics.TeamResamples(name, point, v);
  }

  private static double[] noise(int b, double sd, long seed) {
    Random rng = new Random(seed);
    double[] v = new double[b];
    for (int r = 0; r < b; r++) {
      v[r] = sd * rng.nextGaussian();
    }
    return v;
  }

  @Test
  void aClearLeaderIsFirstOnEveryResampleAndAloneInTheTiedGroup() {
    double[] shared = noise(1000, 0.02, 1);
    RankStatistics.Board board = RankStatistics.of(List.of(team("a", 0.95, shared, 0.002, 2),
        team("b", 0.80, shared, 0.002, 3), team("c", 0.70, shared, 0.002, 4)), true);

    RankStatistics.TeamStatistics a = board.teams().get(0);
    assertThat(a.pFirst()).isEqualTo(1.0);
    assertThat(a.rankLow()).isEqualTo(1);
    assertThat(a.rankHigh()).isEqualTo(1);
    assertThat(a.tiedForFirst()).isTrue();
    assertThat(board.teams().get(1).tiedForFirst()).isFalse();
    assertThat(board.teams().get(1).toLeader().estimate()).isCloseTo(-0.15, within(1e-12));
    assertThat(board.teams().get(1).toLeader().high()).isLessThan(0);
    assertThat(board.teams().get(2).rankLow()).isEqualTo(3);
    assertThat(board.kendallTau()).isEqualTo(1.0);
    assertThat(board.resamples()).isEqualTo(1000);
  }

  @Test
  void pairingSeparatesTeamsWhoseOwnIntervalsOverlap() {
    // The shared noise (the same hard cases for everyone) is ten times the teams' own: unpaired
    // intervals overlap widely, but b is behind a on nearly every resample.
    double[] shared = noise(1000, 0.05, 5);
    RankStatistics.Board board = RankStatistics.of(List.of(team("a", 0.85, shared, 0.004, 6),
        team("b", 0.83, shared, 0.004, 7)), true);

    assertThat(board.teams().get(1).tiedForFirst()).isFalse();
    assertThat(board.teams().get(0).pFirst()).isGreaterThan(0.99);
  }

  @Test
  void teamsWithinNoiseShareTheFirstPlaceAndWideRankIntervals() {
    double[] shared = noise(2000, 0.01, 8);
    List<RankStatistics.TeamResamples> teams = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      teams.add(team("t" + i, 0.80 - 0.001 * i, shared, 0.02, 10 + i));
    }
    RankStatistics.Board board = RankStatistics.of(teams, true);

    assertThat(board.teams()).allMatch(RankStatistics.TeamStatistics::tiedForFirst);
    assertThat(board.teams()).allMatch(t -> t.rankLow() == 1 && t.rankHigh() == 5);
    assertThat(board.teams().stream().mapToDouble(RankStatistics.TeamStatistics::pFirst).sum())
        .isCloseTo(1.0, within(0.01));
    assertThat(board.kendallTau()).isBetween(-0.2, 0.3);
  }

  @Test
  void aLossIsRankedLowFirst() {
    double[] shared = noise(500, 0.01, 20);
    RankStatistics.Board board = RankStatistics.of(List.of(team("low", 0.10, shared, 0.001, 21),
        team("high", 0.30, shared, 0.001, 22)), false);

    assertThat(board.teams().get(0).pFirst()).isEqualTo(1.0);
    assertThat(board.teams().get(1).toLeader().estimate()).isCloseTo(-0.2, within(1e-12));
  }

  @Test
  void vectorsOfDifferentLengthsAreNotPaired() {
    assertThatThrownBy(() -> RankStatistics.of(List.of(new RankStatistics.TeamResamples("a", 1, new double[3]),
        new RankStatistics.TeamResamples("b", 1, new double[4])), true)).hasMessageContaining("not paired");
  }

  @Test
  void alignmentKeepsTheLeadersKeyAndTheResamplesEveryTeamKept() {
    Resampling leader = new Resampling("stratified", 5, 4, 5, "k1", List.of(1));
    Resampling other = new Resampling("stratified", 5, 4, 5, "k1", List.of(3));
    Resampling foreign = new Resampling("stratified", 5, 5, 5, "k2", List.of());

    PairedVectors.Aligned aligned = PairedVectors.align(List.of(
        new PairedVectors.Input("a", 0.9, leader, List.of(0.0, 2.0, 3.0, 4.0)),
        new PairedVectors.Input("b", 0.8, other, List.of(10.0, 11.0, 12.0, 14.0)),
        new PairedVectors.Input("c", 0.7, foreign, List.of(1.0, 1.0, 1.0, 1.0, 1.0)),
        new PairedVectors.Input("d", 0.6, null, null)));

    assertThat(aligned.unpaired()).containsExactly("c", "d");
    // Resamples 0, 2, 4 survive: a's values at them are 0, 2, 4; b's are 10, 12, 14.
    assertThat(aligned.paired().get(0).resamples()).containsExactly(0.0, 2.0, 4.0);
    assertThat(aligned.paired().get(1).resamples()).containsExactly(10.0, 12.0, 14.0);
  }
}
