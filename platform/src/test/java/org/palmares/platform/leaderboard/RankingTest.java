package org.palmares.platform.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankingTest {

  private static Ranking.Candidate candidate(String team, Double auc, Double brier) {
    Map<String, Double> values = new HashMap<>();
    values.put("roc_auc", auc);
    values.put("brier", brier);
    return new Ranking.Candidate(team, values);
  }

  private static final Map<String, Boolean> DIRECTIONS = Map.of("roc_auc", true, "brier", false, "f1", true);

  @Test
  void thePrimaryMetricRanksWithCompetitionTiesInInputOrder() {
    List<Ranking.Ranked> ranked = Ranking.rank(Ranking.Spec.primary("roc_auc", true), List.of(
        candidate("a", 0.8, 0.1), candidate("b", 0.9, 0.3), candidate("c", 0.8, 0.2), candidate("d", 0.7, 0.1)));

    assertThat(ranked).extracting(Ranking.Ranked::team).containsExactly("b", "a", "c", "d");
    assertThat(ranked).extracting(Ranking.Ranked::rank).containsExactly(1, 2, 2, 4);
  }

  @Test
  void rankThenAggregateOrdersByTheMeanRankAsChallengeRDoes() {
    // roc_auc ranks: a 2, b 1, c 3; brier (lower better) ranks: a 1, b 3, c 2.
    // Mean ranks: a 1.5, b 2, c 2.5.
    Ranking.Spec spec = new Ranking.Spec(Ranking.Method.RANK_THEN_AGGREGATE, List.of("roc_auc", "brier"),
        DIRECTIONS, Map.of());
    List<Ranking.Ranked> ranked = Ranking.rank(spec, List.of(
        candidate("a", 0.85, 0.10), candidate("b", 0.90, 0.30), candidate("c", 0.80, 0.20)));

    assertThat(ranked).extracting(Ranking.Ranked::team).containsExactly("a", "b", "c");
    assertThat(ranked).extracting(Ranking.Ranked::aggregate).containsExactly(1.5, 2.0, 2.5);
  }

  @Test
  void aMissingValueTakesTheRankAfterEveryPresentOne() {
    Ranking.Spec spec = new Ranking.Spec(Ranking.Method.RANK_THEN_AGGREGATE, List.of("roc_auc", "brier"),
        DIRECTIONS, Map.of());
    List<Ranking.Ranked> ranked = Ranking.rank(spec, List.of(
        candidate("a", 0.85, null), candidate("b", 0.80, 0.30), candidate("c", 0.70, 0.20)));

    // a: auc 1, brier 3 (missing, after the two present) = 2; b: 2, 2 = 2; c: 3, 1 = 2. All tied.
    assertThat(ranked).extracting(Ranking.Ranked::rank).containsExactly(1, 1, 1);
    assertThat(ranked).extracting(Ranking.Ranked::team).containsExactly("a", "b", "c");
  }

  @Test
  void aggregateThenRankUsesTheWeightedMeanOfTheValues() {
    Ranking.Spec spec = new Ranking.Spec(Ranking.Method.AGGREGATE_THEN_RANK, List.of("roc_auc", "f1"),
        DIRECTIONS, Map.of("roc_auc", 3.0));
    List<Ranking.Ranked> ranked = Ranking.rank(spec, List.of(
        new Ranking.Candidate("a", Map.of("roc_auc", 0.9, "f1", 0.1)),
        new Ranking.Candidate("b", Map.of("roc_auc", 0.7, "f1", 0.9)),
        new Ranking.Candidate("c", Map.of("roc_auc", 0.99))));

    // a: (2.7 + 0.1) / 4 = 0.7; b: (2.1 + 0.9) / 4 = 0.75; c lacks f1: last.
    assertThat(ranked).extracting(Ranking.Ranked::team).containsExactly("b", "a", "c");
    assertThat(ranked.get(2).rank()).isEqualTo(3);
  }

  @Test
  void aggregateThenRankRefusesMetricsOfOppositeDirections() {
    assertThatThrownBy(() -> new Ranking.Spec(Ranking.Method.AGGREGATE_THEN_RANK, List.of("roc_auc", "brier"),
        DIRECTIONS, Map.of())).hasMessageContaining("one direction");
  }
}
