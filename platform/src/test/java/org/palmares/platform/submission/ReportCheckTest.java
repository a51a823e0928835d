package org.palmares.platform.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.scoring.Interval;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.Resampling;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.testing.Fixtures;

class ReportCheckTest {
  private final EvaluationSpec demo;

  ReportCheckTest() throws Exception {
    Challenge c = Fixtures.demoChallenge();
    demo = c.evaluationSpec(c.phase("final").orElseThrow());
  }

  private static JobReport scored(String metric, double value, Interval ci) {
    SplitScores part = new SplitScores(10, 5, Map.of(metric, new MetricValue(value, ci, null)));
    return new JobReport("SUCCEEDED", "ok", false, new ScoreReport(metric, part, part), "", 1.0);
  }

  @Test
  void aScoreWithinItsMetricsRangeIsSound() {
    assertThat(ReportCheck.problem(scored("roc_auc", 0.91, new Interval(0.85, 0.95, 1000)), demo)).isNull();
  }

  @Test
  void aScoreOrABoundOutsideItsMetricsRangeIsNamed() {
    assertThat(ReportCheck.problem(scored("roc_auc", 1e308, null), demo)).contains("roc_auc").contains("range");
    assertThat(ReportCheck.problem(scored("roc_auc", 0.9, new Interval(0.8, 1.2, 1000)), demo)).contains("1.2");
  }

  @Test
  void aMetricThePhaseDoesNotScoreIsRefused() {
    assertThat(ReportCheck.problem(scored("r2", 0.5, null), demo)).contains("does not score");
  }

  @Test
  void aScoringImagesOwnMetricNeedsOnlyBeFinite() {
    EvaluationSpec custom = new EvaluationSpec(demo.challenge(), demo.phase(), demo.task(), demo.hidden(),
        demo.predictions(), java.util.List.of(EvaluationSpec.MetricSpec.of("dice_per_lesion")), demo.bootstrap(),
        demo.split(), demo.limits(), demo.scoringImage(), demo.image());
    assertThat(ReportCheck.problem(scored("dice_per_lesion", 37.5, null), custom)).isNull();
    assertThat(ReportCheck.problem(scored("roc_auc", 0.9, null), custom)).contains("does not score");
  }

  @Test
  void aFailedRunHasNoScoresToCheck() {
    assertThat(ReportCheck.problem(Fixtures.failed("OOM_KILLED", "too much"), demo)).isNull();
  }

  private static JobReport withVectors(Resampling resampling, java.util.List<Double> values) {
    SplitScores part = new SplitScores(10, 5, Map.of("roc_auc", new MetricValue(0.9, new Interval(0.8, 0.95, 3), null)),
        resampling, Map.of("roc_auc", values));
    return new JobReport("SUCCEEDED", "ok", false, new ScoreReport("roc_auc", part, part), "", 1.0);
  }

  @Test
  void resampleVectorsOfTheAnnouncedLengthWithinRangeAreSound() {
    Resampling r = new Resampling("stratified", 4, 3, 4, "00ff00ff00ff00ff", java.util.List.of(2));
    assertThat(ReportCheck.problem(withVectors(r, java.util.List.of(0.8, 0.9, 0.85)), demo)).isNull();
  }

  @Test
  void resampleVectorsThatAreTooLongOutOfRangeOrInconsistentAreRefused() {
    Resampling r = new Resampling("stratified", 4, 3, 4, "00ff00ff00ff00ff", java.util.List.of(2));
    assertThat(ReportCheck.problem(withVectors(r, java.util.List.of(0.8, 0.9)), demo)).contains("announces 3");
    assertThat(ReportCheck.problem(withVectors(r, java.util.List.of(0.8, 0.9, 1.5)), demo)).contains("range");
    Resampling tooMany = new Resampling("stratified", 100_000, 100_000, 100_000, "k", java.util.List.of());
    assertThat(ReportCheck.problem(withVectors(tooMany, java.util.List.of()), demo)).contains("inconsistent");
    Resampling unordered = new Resampling("stratified", 4, 2, 4, "k", java.util.List.of(3, 1));
    assertThat(ReportCheck.problem(withVectors(unordered, java.util.List.of(0.8, 0.9)), demo)).contains("ascending");
  }
}
