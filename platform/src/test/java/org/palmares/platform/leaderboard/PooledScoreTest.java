package org.palmares.platform.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.scoring.Pooling;

/** Pooling a count metric when a site withheld a count under its minimum cell count. */
class PooledScoreTest {

  @Test
  void sensitivityPoolsItsCountsExactlyWhenEverySiteGaveThem() {
    PooledScore pooled = PooledScore.of(Pooling.POSITIVES, List.of(
        new PooledScore.SiteFigure(0.8, 0.66, 0.9, 100, 40), new PooledScore.SiteFigure(0.6, 0.42, 0.75, 80, 30)));

    assertThat(pooled.method()).isEqualTo(PooledScore.COUNTS);
    assertThat(pooled.value()).isCloseTo((32 + 18) / 70.0, within(1e-12));
  }

  @Test
  void aSiteThatWithheldItsPositivesIsPooledByRandomEffectsNotCountedAsNoCase() {
    PooledScore pooled = PooledScore.of(Pooling.POSITIVES, List.of(
        new PooledScore.SiteFigure(0.8, 0.66, 0.9, 100, 40),
        new PooledScore.SiteFigure(0.6, 0.42, 0.75, 80, SubmissionFact.SitePart.UNKNOWN)));

    assertThat(pooled.method()).as("counts cannot pool a count nobody knows").isEqualTo(PooledScore.REML);
    assertThat(pooled.scale()).isEqualTo("logit");
    assertThat(pooled.sites()).isEqualTo(2);
    assertThat(pooled.value()).as("both sites weigh in: neither 0.8 alone nor a zero").isStrictlyBetween(0.6, 0.8);
  }
}
