package org.palmares.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * Properties of the bootstrap for a fixed model, on n = 100, 1,000 and 10,000 cases drawn
 * deterministically: every interval contains its point estimate, and it narrows as n grows
 * (roughly as 1 / sqrt(n): tenfold the cases, about a third of the width).
 */
class BootstrapPropertyTest {

  private static final int[] SIZES = {100, 1000, 10_000};
  private static final int RESAMPLES = 400;

  @Test
  void everyBinaryIntervalContainsItsPointEstimateAndNarrowsAsTheTestSetGrows() {
    for (BinaryMetric metric : BinaryMetric.values()) {
      double previousWidth = Double.POSITIVE_INFINITY;
      for (int n : SIZES) {
        Well19937c rng = new Well19937c(n);
        boolean[] positive = new boolean[n];
        double[] probability = new double[n];
        for (int i = 0; i < n; i++) {
          positive[i] = rng.nextDouble() < 0.3;
          probability[i] = 1 / (1 + Math.exp(-(rng.nextGaussian() + (positive[i] ? 1 : 0) - 0.8)));
        }
        BinaryCases cases = new BinaryCases(positive, probability);
        Evaluation evaluation = metric.prepare(cases, MetricParameter.resolve(metric.info(), Map.of()));
        double width = checkInterval(metric.metricName(), n, evaluation);
        assertThat(width).as(metric.metricName() + " at n = " + n).isLessThan(previousWidth * 0.6);
        previousWidth = width;
      }
    }
  }

  @Test
  void everyOtherTasksIntervalContainsItsPointEstimateAndNarrowsAsTheTestSetGrows() {
    List<String> names = List.of("macro_f1", "quadratic_kappa", "rmse", "r2", "c_index");
    for (String name : names) {
      double previousWidth = Double.POSITIVE_INFINITY;
      for (int n : SIZES) {
        Well19937c rng = new Well19937c(n + 1);
        int[] label = new int[n];
        int[] predicted = new int[n];
        double[] truth = new double[n];
        double[] prediction = new double[n];
        double[] time = new double[n];
        boolean[] event = new boolean[n];
        double[] risk = new double[n];
        for (int i = 0; i < n; i++) {
          label[i] = rng.nextInt(3);
          predicted[i] = rng.nextDouble() < 0.6 ? label[i] : rng.nextInt(3);
          truth[i] = rng.nextGaussian();
          prediction[i] = 0.7 * truth[i] + 0.5 * rng.nextGaussian();
          risk[i] = rng.nextGaussian();
          time[i] = Math.rint(10 * -Math.log(rng.nextDouble()) / Math.exp(0.7 * risk[i]));
          event[i] = rng.nextDouble() < 0.7;
        }
        Evaluation evaluation = switch (name) {
          case "macro_f1" -> MulticlassMetric.MACRO_F1.prepare(label, predicted, 3, Map.of());
          case "quadratic_kappa" -> MulticlassMetric.QUADRATIC_KAPPA.prepare(label, predicted, 3, Map.of());
          case "rmse" -> RegressionMetric.RMSE.prepare(truth, prediction, Map.of());
          case "r2" -> RegressionMetric.R2.prepare(truth, prediction, Map.of());
          default -> SurvivalMetric.C_INDEX.prepare(time, event, risk, Map.of());
        };
        double width = checkInterval(name, n, evaluation);
        assertThat(width).as(name + " at n = " + n).isLessThan(previousWidth * 0.6);
        previousWidth = width;
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameIntervalsForEveryTask() {
    List<Interval> first = new ArrayList<>();
    List<Interval> second = new ArrayList<>();
    double[] t = {1, 2, 3, 4, 5, 6};
    double[] p = {1.5, 1.5, 3, 5, 4, 7};
    for (List<Interval> into : List.of(first, second)) {
      into.addAll(Bootstraps.intervals(6,
          List.of(RegressionMetric.MAE.prepare(t, p, Map.of()),
              SurvivalMetric.C_INDEX.prepare(t, new boolean[] {true, true, false, true, true, false},
                  p, Map.of())), 300, 9));
    }
    assertThat(second).isEqualTo(first);
  }

  private static double checkInterval(String name, int n, Evaluation evaluation) {
    Evaluation.Outcome point = evaluation.on(Evaluation.ones(n));
    Interval ci = Bootstraps.intervals(n, List.of(evaluation), RESAMPLES, 5).get(0);
    assertThat(point.isDefined()).as(name).isTrue();
    assertThat(ci.low()).as(name + " low at n = " + n).isLessThanOrEqualTo(point.value());
    assertThat(ci.high()).as(name + " high at n = " + n).isGreaterThanOrEqualTo(point.value());
    assertThat(ci.resamples()).as(name).isEqualTo(RESAMPLES);
    return ci.high() - ci.low();
  }
}
