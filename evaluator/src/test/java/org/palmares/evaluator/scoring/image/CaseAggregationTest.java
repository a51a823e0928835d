package org.palmares.evaluator.scoring.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.scoring.CaseMetric;
import org.palmares.evaluator.scoring.CaseScores;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.evaluator.scoring.image.EdgeCases.NanRule;

/** Per-case values averaged over cases, with the NaN rule, and their bootstrap over cases. */
class CaseAggregationTest {

  private static final double[] DICE = {0.9, Double.NaN, 0.5, 0.7};
  private static final double[] WORST = {0, 0, 0, 0};

  @Test
  void aNanCaseIsLeftOutOrCountedAtItsWorstAsDeclared() {
    // Excluded: (0.9 + 0.5 + 0.7) / 3 = 0.7; at worst (0): 2.1 / 4 = 0.525.
    int[] once = {1, 1, 1, 1};
    assertThat(ImageMetrics.meanOverCases("dice", DICE, WORST, NanRule.EXCLUDE).on(once))
        .isCloseTo(0.7, within(1e-12));
    assertThat(ImageMetrics.meanOverCases("dice", DICE, WORST, NanRule.WORST).on(once))
        .isCloseTo(0.525, within(1e-12));
    // A resample drawing only the NaN case is undefined under EXCLUDE.
    CaseMetric excluded = ImageMetrics.meanOverCases("dice", DICE, WORST, NanRule.EXCLUDE);
    assertThat(excluded.on(new int[] {0, 4, 0, 0})).isNaN();
    // A case drawn twice counts twice: (2 · 0.9 + 0.5) / 3.
    assertThat(excluded.on(new int[] {2, 0, 1, 0})).isCloseTo(2.3 / 3, within(1e-12));
  }

  @Test
  void theBootstrapResamplesCasesSeededLikeTabularRows() {
    CaseMetric dice = ImageMetrics.meanOverCases("dice", DICE, WORST, NanRule.WORST);
    EvaluationSpec.Bootstrap bootstrap = new EvaluationSpec.Bootstrap(500, 42);
    SplitScores scores = CaseScores.part(4, List.of(dice), bootstrap, CaseScores.PUBLIC_PART);
    MetricValue value = scores.metrics().get("dice");
    assertThat(value.value()).isCloseTo(0.525, within(1e-12));
    // Every resample mean lies between the smallest and the largest case value.
    assertThat(value.ci().low()).isGreaterThanOrEqualTo(0.0);
    assertThat(value.ci().high()).isLessThanOrEqualTo(0.9);
    assertThat(value.ci().low()).isLessThan(value.ci().high());
    assertThat(value.ci().resamples()).isEqualTo(500);
    // Seeded: the same call gives the same interval; the other part draws other resamples.
    assertThat(CaseScores.part(4, List.of(dice), bootstrap, CaseScores.PUBLIC_PART).metrics()
        .get("dice")).isEqualTo(value);
    assertThat(CaseScores.part(4, List.of(dice), bootstrap, CaseScores.PRIVATE_PART).metrics()
        .get("dice").ci()).isNotEqualTo(value.ci());
  }

  @Test
  void aMetricUndefinedOnThePartCarriesItsReason() {
    CaseMetric allExcluded = ImageMetrics.meanOverCases("dice", new double[] {Double.NaN},
        new double[] {0}, NanRule.EXCLUDE);
    MetricValue value = CaseScores.part(1, List.of(allExcluded),
        new EvaluationSpec.Bootstrap(100, 1), CaseScores.PUBLIC_PART).metrics().get("dice");
    assertThat(value.value()).isNull();
    assertThat(value.note()).isEqualTo("undefined: every case is excluded by the declared edge"
        + " cases");
  }

  @Test
  void segmentationCasesAverageOverClassesThenCases() throws Exception {
    // Case 1: perfect (Dice 1); case 2: missing (Dice 0, HD95 the 2×2 image's diagonal √8).
    SegmentationSettings settings = new SegmentationSettings(new int[] {1}, 1,
        EdgeCases.METRICS_RELOADED);
    SegmentationCase perfect = SegmentationMetrics.score(ArrayRaster.of("10", "00"),
        ArrayRaster.of("10", "00"), settings);
    SegmentationCase missing = SegmentationMetrics.missing(new int[] {2, 2, 1},
        new double[] {1, 1, 1}, settings);
    int[] once = {1, 1};
    assertThat(ImageMetrics.meanOverCases("dice", List.of(perfect, missing),
        SegmentationMetric.DICE, NanRule.EXCLUDE).on(once)).isEqualTo(0.5);
    assertThat(ImageMetrics.meanOverCases("hd95", List.of(perfect, missing),
        SegmentationMetric.HD95, NanRule.EXCLUDE).on(once)).isCloseTo(Math.sqrt(8) / 2,
        within(1e-12));
  }
}
