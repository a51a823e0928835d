package org.palmares.evaluator.scoring;

import java.util.Map;
import java.util.Set;
import org.palmares.evaluator.protocol.TaskType;
import org.palmares.evaluator.scoring.Evaluation.Outcome;

/** The metrics of regression, over the true value and the predicted value of each case. */
enum RegressionMetric implements MetricDefinition {

  /** Mean absolute error. */
  MAE("mae", false, MetricRange.NON_NEGATIVE, "Mean absolute error", Pooling.IDENTITY) {
    @Override
    Evaluation prepare(double[] truth, double[] prediction, Map<String, Double> params) {
      double[] error = new double[truth.length];
      for (int i = 0; i < error.length; i++) {
        error[i] = Math.abs(truth[i] - prediction[i]);
      }
      return BinaryMetric.meanOf(error);
    }
  },

  /** Root mean squared error. */
  RMSE("rmse", false, MetricRange.NON_NEGATIVE, "Root mean squared error", Pooling.IDENTITY) {
    @Override
    Evaluation prepare(double[] truth, double[] prediction, Map<String, Double> params) {
      Evaluation mse = BinaryMetric.meanOf(squaredErrors(truth, prediction));
      return w -> {
        Outcome outcome = mse.on(w);
        return outcome.isDefined() ? Outcome.of(Math.sqrt(outcome.value())) : outcome;
      };
    }
  },

  /**
   * Coefficient of determination, 1 - sum of squared errors / sum of squared deviations of the
   * true values from their mean. Undefined when the true values are all equal (there is no
   * variance to explain; scikit-learn would return 1.0 or 0.0 instead).
   */
  R2("r2", true, MetricRange.AT_MOST_ONE, "R² (coefficient of determination)", Pooling.IDENTITY) {
    @Override
    Evaluation prepare(double[] truth, double[] prediction, Map<String, Double> params) {
      double[] squared = squaredErrors(truth, prediction);
      return w -> {
        long total = 0;
        double sum = 0;
        double residual = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < truth.length; i++) {
          if (w[i] == 0) {
            continue;
          }
          total += w[i];
          sum += w[i] * truth[i];
          residual += w[i] * squared[i];
          min = Math.min(min, truth[i]);
          max = Math.max(max, truth[i]);
        }
        if (total == 0) {
          return Outcome.undefined(Outcome.NO_CASES);
        }
        // Tested on the values, not on the sum below: a mean of equal values can be off by an
        // ulp, which would give a tiny variance and a huge, meaningless R².
        if (min == max) {
          return Outcome.undefined(ALL_EQUAL);
        }
        double mean = sum / total;
        double deviations = 0;
        for (int i = 0; i < truth.length; i++) {
          double d = truth[i] - mean;
          deviations += w[i] * d * d;
        }
        return Outcome.of(1 - residual / deviations);
      };
    }
  };

  static final String ALL_EQUAL = "undefined: all labels are equal (R² needs variance)";

  private final MetricInfo info;

  RegressionMetric(String metricName, boolean higherIsBetter, MetricRange range, String title,
      Pooling pooling) {
    this.info = new MetricInfo(metricName, TaskType.REGRESSION, higherIsBetter, Set.of(), title, range,
        pooling);
  }

  @Override
  public MetricInfo info() {
    return info;
  }

  /** The metric bound to one part's true and predicted values (finite). */
  abstract Evaluation prepare(double[] truth, double[] prediction, Map<String, Double> params);

  private static double[] squaredErrors(double[] truth, double[] prediction) {
    double[] squared = new double[truth.length];
    for (int i = 0; i < squared.length; i++) {
      double d = truth[i] - prediction[i];
      squared[i] = d * d;
    }
    return squared;
  }
}
