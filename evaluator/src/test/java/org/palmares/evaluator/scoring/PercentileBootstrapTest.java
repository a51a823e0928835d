package org.palmares.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PercentileBootstrapTest {

  private static final List<BinaryMetric> ALL = List.of(BinaryMetric.values());

  @Test
  void theSameSeedGivesIdenticalIntervals() throws IOException {
    BinaryMetricTest.Fixture fixture = BinaryMetricTest.Fixture.load("/scoring/random-200.csv");

    Map<BinaryMetric, Interval> first = PercentileBootstrap.intervals(fixture.positive(),
        fixture.probability(), ALL, 500, PercentileBootstrap.streamFor(42, 0));
    Map<BinaryMetric, Interval> second = PercentileBootstrap.intervals(fixture.positive(),
        fixture.probability(), ALL, 500, PercentileBootstrap.streamFor(42, 0));

    assertThat(second).isEqualTo(first);
  }

  @Test
  void anotherSeedOrPartGivesOtherIntervals() throws IOException {
    BinaryMetricTest.Fixture fixture = BinaryMetricTest.Fixture.load("/scoring/random-200.csv");

    Interval base = rocAucInterval(fixture, 42, 0);

    assertThat(rocAucInterval(fixture, 43, 0)).isNotEqualTo(base);
    assertThat(rocAucInterval(fixture, 42, 1)).isNotEqualTo(base);
  }

  @Test
  void eachIntervalContainsThePointEstimateOfAReasonableCase() throws IOException {
    BinaryMetricTest.Fixture fixture = BinaryMetricTest.Fixture.load("/scoring/random-200.csv");

    Map<BinaryMetric, Interval> intervals = PercentileBootstrap.intervals(fixture.positive(),
        fixture.probability(), ALL, 1000, PercentileBootstrap.streamFor(7, 0));

    for (BinaryMetric metric : ALL) {
      double point = metric.compute(fixture.positive(), fixture.probability()).getAsDouble();
      Interval ci = intervals.get(metric);
      assertThat(ci.low()).as(metric.metricName()).isLessThan(point);
      assertThat(ci.high()).as(metric.metricName()).isGreaterThan(point);
      assertThat(ci.resamples()).as(metric.metricName()).isEqualTo(1000);
    }
    // 200 cases give an AUC interval some hundredths wide, not a degenerate or a huge one.
    Interval auc = intervals.get(BinaryMetric.ROC_AUC);
    assertThat(auc.high() - auc.low()).isBetween(0.05, 0.3);
  }

  @Test
  void resamplesWhereAMetricIsUndefinedAreSkippedAndNotCounted() {
    // One positive among six: about (5/6)^6 = 33% of resamples draw no positive, so ROC AUC and
    // sensitivity lose those while accuracy and specificity keep every resample.
    boolean[] positive = BinaryMetricTest.classes(1, 0, 0, 0, 0, 0);
    double[] probability = {0.9, 0.2, 0.4, 0.6, 0.1, 0.3};

    Map<BinaryMetric, Interval> intervals = PercentileBootstrap.intervals(positive, probability,
        ALL, 1000, PercentileBootstrap.streamFor(1, 0));

    assertThat(intervals.get(BinaryMetric.ACCURACY).resamples()).isEqualTo(1000);
    assertThat(intervals.get(BinaryMetric.LOG_LOSS).resamples()).isEqualTo(1000);
    int aucResamples = intervals.get(BinaryMetric.ROC_AUC).resamples();
    assertThat(aucResamples).isBetween(550, 800);
    assertThat(intervals.get(BinaryMetric.SENSITIVITY).resamples()).isEqualTo(aucResamples);
    // Specificity is undefined only when every draw is the one positive: (1/6)^6 per resample.
    assertThat(intervals.get(BinaryMetric.SPECIFICITY).resamples()).isBetween(995, 1000);
  }

  @Test
  void aMetricUndefinedOnEveryResampleHasNoInterval() {
    boolean[] onlyNegatives = BinaryMetricTest.classes(0, 0, 0);

    Map<BinaryMetric, Interval> intervals = PercentileBootstrap.intervals(onlyNegatives,
        new double[] {0.1, 0.2, 0.7}, ALL, 100, PercentileBootstrap.streamFor(1, 0));

    assertThat(intervals.get(BinaryMetric.ROC_AUC)).isNull();
    assertThat(intervals.get(BinaryMetric.SENSITIVITY)).isNull();
    assertThat(intervals.get(BinaryMetric.SPECIFICITY).resamples()).isEqualTo(100);
  }

  @Test
  void intervalsComeInTheOrderOfTheMetrics() {
    List<BinaryMetric> order = List.of(BinaryMetric.LOG_LOSS, BinaryMetric.ROC_AUC);
    Map<BinaryMetric, Interval> intervals = PercentileBootstrap.intervals(
        BinaryMetricTest.classes(1, 0, 1, 0), new double[] {0.8, 0.3, 0.6, 0.4}, order, 10,
        PercentileBootstrap.streamFor(1, 0));

    assertThat(intervals.keySet()).containsExactlyElementsOf(order);
  }

  @Test
  void zeroResamplesAreRejected() {
    assertThatThrownBy(() -> PercentileBootstrap.intervals(BinaryMetricTest.classes(1, 0),
        new double[] {0.8, 0.3}, ALL, 0, PercentileBootstrap.streamFor(1, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Interval rocAucInterval(BinaryMetricTest.Fixture fixture, long seed, int part) {
    return PercentileBootstrap.intervals(fixture.positive(), fixture.probability(),
        List.of(BinaryMetric.ROC_AUC), 300, PercentileBootstrap.streamFor(seed, part))
        .get(BinaryMetric.ROC_AUC);
  }
}
