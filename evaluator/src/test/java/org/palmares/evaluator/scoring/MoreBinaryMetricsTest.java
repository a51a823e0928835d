package org.palmares.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.palmares.evaluator.scoring.BinaryMetricTest.classes;

import java.io.IOException;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The binary metrics added beside ROC AUC, accuracy, sensitivity, specificity and log loss, and
 * the parameters, against scikit-learn 1.2.1 (Debian python3-sklearn, run with /usr/bin/python3).
 * Each expected value was printed with {@code repr()} by the expression above it, after {@code
 * import numpy as np; from sklearn.metrics import average_precision_score,
 * balanced_accuracy_score, f1_score, recall_score, accuracy_score, brier_score_loss, roc_curve}
 * and these two definitions (scikit-learn 1.2 has neither):
 *
 * <pre>
 * def ece(y, p, bins=10):
 *     y = np.asarray(y, float); p = np.asarray(p, float)
 *     b = np.minimum(np.floor(p * bins).astype(int), bins - 1)
 *     return sum(abs(y[b == k].sum() - p[b == k].sum()) for k in range(bins) if (b == k).any()) / len(y)
 * def sas(y, p, t):
 *     fpr, tpr, _ = roc_curve(y, p, drop_intermediate=False); return max(tpr[(1 - fpr) >= t])
 * </pre>
 */
class MoreBinaryMetricsTest {

  private static final double TOLERANCE = 1e-12;

  private static final boolean[] SMALL_Y = classes(1, 0, 1, 0, 1);
  private static final double[] SMALL_P = {0.9, 0.3, 0.6, 0.4, 0.2};
  private static final boolean[] TIED_Y = classes(1, 0, 1, 0, 1, 0);
  private static final double[] TIED_P = {0.5, 0.5, 0.8, 0.2, 0.2, 0.8};
  private static final boolean[] EQUAL_Y = classes(1, 0, 1, 0);
  private static final double[] EQUAL_P = {0.3, 0.3, 0.3, 0.3};

  @Test
  void everyNewMetricOfTwoHundredPseudoRandomCasesMatchesScikitLearn() throws IOException {
    BinaryMetricTest.Fixture f = BinaryMetricTest.Fixture.load("/scoring/random-200.csv");
    boolean[] y = f.positive();
    double[] p = f.probability();
    // average_precision_score(y, p) -> 0.6622964092461052
    assertThat(value(BinaryMetric.AVERAGE_PRECISION, y, p)).isCloseTo(0.6622964092461052, within(TOLERANCE));
    // balanced_accuracy_score(y, p >= 0.5) -> 0.6195928753180662
    assertThat(value(BinaryMetric.BALANCED_ACCURACY, y, p)).isCloseTo(0.6195928753180662, within(TOLERANCE));
    // f1_score(y, p >= 0.5) -> 0.5380116959064327
    assertThat(value(BinaryMetric.F1, y, p)).isCloseTo(0.5380116959064327, within(TOLERANCE));
    // brier_score_loss(y, p) -> 0.20197299999999999
    assertThat(value(BinaryMetric.BRIER, y, p)).isCloseTo(0.20197299999999999, within(TOLERANCE));
    // ece(y, p) -> 0.1704
    assertThat(value(BinaryMetric.ECE, y, p)).isCloseTo(0.1704, within(TOLERANCE));
    // ece(y, p, 5) -> 0.15439999999999998
    assertThat(value(BinaryMetric.ECE, y, p, Map.of("bins", 5.0)))
        .isCloseTo(0.15439999999999998, within(TOLERANCE));
    // sas(y, p, 0.9) -> 0.37681159420289856
    assertThat(value(BinaryMetric.SENSITIVITY_AT_SPECIFICITY, y, p))
        .isCloseTo(0.37681159420289856, within(TOLERANCE));
    // sas(y, p, 0.8) -> 0.463768115942029
    assertThat(value(BinaryMetric.SENSITIVITY_AT_SPECIFICITY, y, p, Map.of("specificity", 0.8)))
        .isCloseTo(0.463768115942029, within(TOLERANCE));
  }

  @Test
  void theThresholdParameterMovesEveryThresholdMetric() throws IOException {
    BinaryMetricTest.Fixture f = BinaryMetricTest.Fixture.load("/scoring/random-200.csv");
    boolean[] y = f.positive();
    double[] p = f.probability();
    Map<String, Double> low = Map.of("threshold", 0.3);
    // accuracy_score(y, p >= 0.3) -> 0.56
    assertThat(value(BinaryMetric.ACCURACY, y, p, low)).isCloseTo(0.56, within(TOLERANCE));
    // f1_score(y, p >= 0.3) -> 0.6036036036036035
    assertThat(value(BinaryMetric.F1, y, p, low)).isCloseTo(0.6036036036036035, within(TOLERANCE));
    // recall_score(y, p >= 0.3) -> 0.9710144927536232
    assertThat(value(BinaryMetric.SENSITIVITY, y, p, low)).isCloseTo(0.9710144927536232, within(TOLERANCE));
    // recall_score(y, p >= 0.3, pos_label=0) -> 0.3435114503816794
    assertThat(value(BinaryMetric.SPECIFICITY, y, p, low)).isCloseTo(0.3435114503816794, within(TOLERANCE));
    // balanced_accuracy_score(y, p >= 0.3) -> 0.6572629715676512
    assertThat(value(BinaryMetric.BALANCED_ACCURACY, y, p, low))
        .isCloseTo(0.6572629715676512, within(TOLERANCE));
  }

  @Test
  void theNewMetricsOfASmallCaseMatchScikitLearn() {
    // average_precision_score([1,0,1,0,1], [0.9,0.3,0.6,0.4,0.2]) -> 0.8666666666666667
    assertThat(value(BinaryMetric.AVERAGE_PRECISION, SMALL_Y, SMALL_P)).isCloseTo(0.8666666666666667, within(TOLERANCE));
    // balanced_accuracy_score([1,0,1,0,1], np.array([0.9,0.3,0.6,0.4,0.2]) >= 0.5) -> 0.8333333333333333
    assertThat(value(BinaryMetric.BALANCED_ACCURACY, SMALL_Y, SMALL_P)).isCloseTo(0.8333333333333333, within(TOLERANCE));
    // f1_score([1,0,1,0,1], np.array([0.9,0.3,0.6,0.4,0.2]) >= 0.5) -> 0.8
    assertThat(value(BinaryMetric.F1, SMALL_Y, SMALL_P)).isCloseTo(0.8, within(TOLERANCE));
    // brier_score_loss([1,0,1,0,1], [0.9,0.3,0.6,0.4,0.2]) -> 0.21200000000000002
    assertThat(value(BinaryMetric.BRIER, SMALL_Y, SMALL_P)).isCloseTo(0.21200000000000002, within(TOLERANCE));
    // ece([1,0,1,0,1], [0.9,0.3,0.6,0.4,0.2]) -> 0.4
    assertThat(value(BinaryMetric.ECE, SMALL_Y, SMALL_P)).isCloseTo(0.4, within(TOLERANCE));
    // sas([1,0,1,0,1], [0.9,0.3,0.6,0.4,0.2], 0.9) -> 0.6666666666666666
    assertThat(value(BinaryMetric.SENSITIVITY_AT_SPECIFICITY, SMALL_Y, SMALL_P))
        .isCloseTo(0.6666666666666666, within(TOLERANCE));
  }

  @Test
  void tiedScoresAreNeverBrokenByTheRankingMetrics() {
    // average_precision_score([1,0,1,0,1,0], [0.5,0.5,0.8,0.2,0.2,0.8]) -> 0.5
    assertThat(value(BinaryMetric.AVERAGE_PRECISION, TIED_Y, TIED_P)).isCloseTo(0.5, within(TOLERANCE));
    // sas([1,0,1,0,1,0], [0.5,0.5,0.8,0.2,0.2,0.8], 0.6) -> 0.3333333333333333
    // (the 0.8 pair is flagged together: specificity 2/3, sensitivity 1/3; adding the 0.5 pair
    // drops specificity to 1/3)
    assertThat(value(BinaryMetric.SENSITIVITY_AT_SPECIFICITY, TIED_Y, TIED_P, Map.of("specificity", 0.6)))
        .isCloseTo(0.3333333333333333, within(TOLERANCE));
    // sas([1,0,1,0,1,0], [0.5,0.5,0.8,0.2,0.2,0.8], 0.3) -> 0.6666666666666666
    assertThat(value(BinaryMetric.SENSITIVITY_AT_SPECIFICITY, TIED_Y, TIED_P, Map.of("specificity", 0.3)))
        .isCloseTo(0.6666666666666666, within(TOLERANCE));
    // f1_score([1,0,1,0,1,0], np.array([0.5,0.5,0.8,0.2,0.2,0.8]) >= 0.5) -> 0.5714285714285715
    assertThat(value(BinaryMetric.F1, TIED_Y, TIED_P)).isCloseTo(0.5714285714285715, within(TOLERANCE));
    // brier_score_loss([1,0,1,0,1,0], [0.5,0.5,0.8,0.2,0.2,0.8]) -> 0.31000000000000005
    assertThat(value(BinaryMetric.BRIER, TIED_Y, TIED_P)).isCloseTo(0.31000000000000005, within(TOLERANCE));
    // ece([1,0,1,0,1,0], [0.5,0.5,0.8,0.2,0.2,0.8]) -> 0.20000000000000004
    assertThat(value(BinaryMetric.ECE, TIED_Y, TIED_P)).isCloseTo(0.20000000000000004, within(TOLERANCE));
  }

  @Test
  void allEqualScoresGiveTheChanceValues() {
    // average_precision_score([1,0,1,0], [0.3]*4) -> 0.5
    assertThat(value(BinaryMetric.AVERAGE_PRECISION, EQUAL_Y, EQUAL_P)).isCloseTo(0.5, within(TOLERANCE));
    // balanced_accuracy_score([1,0,1,0], np.array([0.3]*4) >= 0.5) -> 0.5
    assertThat(value(BinaryMetric.BALANCED_ACCURACY, EQUAL_Y, EQUAL_P)).isCloseTo(0.5, within(TOLERANCE));
    // f1_score([1,0,1,0], np.array([0.3]*4) >= 0.5, zero_division=0) -> 0.0
    assertThat(value(BinaryMetric.F1, EQUAL_Y, EQUAL_P)).isCloseTo(0.0, within(TOLERANCE));
    // brier_score_loss([1,0,1,0], [0.3]*4) -> 0.29
    assertThat(value(BinaryMetric.BRIER, EQUAL_Y, EQUAL_P)).isCloseTo(0.29, within(TOLERANCE));
    // ece([1,0,1,0], [0.3]*4) -> 0.2
    assertThat(value(BinaryMetric.ECE, EQUAL_Y, EQUAL_P)).isCloseTo(0.2, within(TOLERANCE));
    // sas([1,0,1,0], [0.3]*4, 0.9) -> 0.0 (only "nothing positive" reaches specificity 0.9)
    assertThat(value(BinaryMetric.SENSITIVITY_AT_SPECIFICITY, EQUAL_Y, EQUAL_P)).isCloseTo(0.0, within(TOLERANCE));
    // sas([1,0,1,0], [0.3]*4, 0.0) -> 1.0
    assertThat(value(BinaryMetric.SENSITIVITY_AT_SPECIFICITY, EQUAL_Y, EQUAL_P, Map.of("specificity", 0.0)))
        .isCloseTo(1.0, within(TOLERANCE));
  }

  @Test
  void aProbabilityOnABinEdgeGoesToTheUpperBinAndOneToTheLast() {
    // ece([1,0,1,0], [0.1,0.2,1.0,0.0]) -> 0.275
    assertThat(value(BinaryMetric.ECE, classes(1, 0, 1, 0), new double[] {0.1, 0.2, 1.0, 0.0}))
        .isCloseTo(0.275, within(TOLERANCE));
    // ece([1,0,1,0], [0.1,0.2,1.0,0.0], 4) -> 0.175
    assertThat(value(BinaryMetric.ECE, classes(1, 0, 1, 0), new double[] {0.1, 0.2, 1.0, 0.0},
        Map.of("bins", 4.0))).isCloseTo(0.175, within(TOLERANCE));
  }

  @Test
  void withOnlyPositivesTheMetricsNeedingNegativesAreUndefinedAndTheOthersDefined() {
    boolean[] onlyPositives = classes(1, 1, 1);
    double[] p = {0.9, 0.6, 0.3};
    // average_precision_score([1,1,1], [0.9,0.6,0.3]) -> 1.0
    assertThat(value(BinaryMetric.AVERAGE_PRECISION, onlyPositives, p)).isCloseTo(1.0, within(TOLERANCE));
    // f1_score([1,1,1], np.array([0.9,0.6,0.3]) >= 0.5) -> 0.8
    assertThat(value(BinaryMetric.F1, onlyPositives, p)).isCloseTo(0.8, within(TOLERANCE));
    // brier_score_loss([1,1,1], [0.9,0.6,0.3]) -> 0.21999999999999997
    assertThat(value(BinaryMetric.BRIER, onlyPositives, p)).isCloseTo(0.21999999999999997, within(TOLERANCE));
    // ece([1,1,1], [0.9,0.6,0.3]) -> 0.4000000000000001
    assertThat(value(BinaryMetric.ECE, onlyPositives, p)).isCloseTo(0.4000000000000001, within(TOLERANCE));
    for (BinaryMetric metric : new BinaryMetric[] {BinaryMetric.BALANCED_ACCURACY,
        BinaryMetric.SENSITIVITY_AT_SPECIFICITY}) {
      assertThat(metric.compute(onlyPositives, p)).as(metric.metricName()).isEmpty();
      assertThat(metric.whyUndefined(onlyPositives)).isEqualTo("undefined: the part has only one class");
    }
  }

  @Test
  void withOnlyNegativesTheMetricsOfThePositiveClassAreUndefined() {
    boolean[] onlyNegatives = classes(0, 0, 0);
    double[] p = {0.9, 0.6, 0.3};
    for (BinaryMetric metric : new BinaryMetric[] {BinaryMetric.AVERAGE_PRECISION,
        BinaryMetric.F1}) {
      // scikit-learn warns and returns 0.0 (f1) or -0.0 (average precision) here.
      assertThat(metric.compute(onlyNegatives, p)).as(metric.metricName()).isEmpty();
      assertThat(metric.whyUndefined(onlyNegatives)).isEqualTo("undefined: the part has no positive cases");
    }
    assertThat(value(BinaryMetric.BRIER, onlyNegatives, p)).isCloseTo((0.81 + 0.36 + 0.09) / 3, within(TOLERANCE));
  }

  @Test
  void anUnknownParameterIsRejectedByName() {
    assertThatThrownBy(() -> BinaryMetric.ROC_AUC.compute(classes(1, 0), new double[] {0.4, 0.2},
        Map.of("threshold", 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric 'roc_auc' has no parameter 'threshold'; it takes none");
    assertThatThrownBy(() -> BinaryMetric.F1.compute(classes(1, 0), new double[] {0.4, 0.2},
        Map.of("treshold", 0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric 'f1' has no parameter 'treshold'; it takes: threshold");
  }

  @Test
  void aParameterOutOfRangeIsRejectedWithItsValue() {
    assertThatThrownBy(() -> value(BinaryMetric.ECE, classes(1, 0), new double[] {0.4, 0.2},
        Map.of("bins", 2.5)))
        .hasMessage("parameter 'bins' of metric 'ece' must be a whole number from 1 to 1000: 2.5");
    assertThatThrownBy(() -> value(BinaryMetric.SENSITIVITY_AT_SPECIFICITY, classes(1, 0),
        new double[] {0.4, 0.2}, Map.of("specificity", 1.2)))
        .hasMessage("parameter 'specificity' of metric 'sensitivity_at_specificity' must be in"
            + " [0, 1]: 1.2");
    assertThatThrownBy(() -> value(BinaryMetric.ACCURACY, classes(1, 0), new double[] {0.4, 0.2},
        Map.of("threshold", Double.NaN)))
        .hasMessageContaining("parameter 'threshold' of metric 'accuracy' must be a probability");
  }

  private static double value(BinaryMetric metric, boolean[] y, double[] p) {
    return value(metric, y, p, Map.of());
  }

  private static double value(BinaryMetric metric, boolean[] y, double[] p,
      Map<String, Double> params) {
    OptionalDouble value = metric.compute(y, p, params);
    assertThat(value).as(metric.metricName()).isPresent();
    assertThat(value.getAsDouble()).isFinite();
    return value.getAsDouble();
  }
}
