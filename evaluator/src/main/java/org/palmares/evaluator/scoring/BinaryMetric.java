package org.palmares.evaluator.scoring;

import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The metrics of binary classification, by the name a challenge's evaluation spec uses, each a
 * pure function over the true classes ({@code positive[i]}) and the predicted probabilities of
 * the positive class ({@code probability[i]}). This is the one place that maps names to functions
 * and says which direction is better.
 *
 * <p>Threshold metrics predict the positive class when the probability is at least
 * {@value #THRESHOLD}.
 */
public enum BinaryMetric {

  /**
   * Area under the ROC curve, from the Mann–Whitney U statistic with average ranks, so a tied
   * positive–negative pair counts one half; O(n log n). Undefined unless both classes are present.
   */
  ROC_AUC("roc_auc", true) {
    @Override
    String whyUndefined(int positives, int negatives) {
      return positives == 0 || negatives == 0 ? "undefined: the part has only one class" : null;
    }

    @Override
    double computeDefined(boolean[] positive, double[] probability, int positives, int negatives) {
      // A fresh ranking each call: NaturalRanking is cheap to build and this keeps the enum free
      // of shared state.
      double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE)
          .rank(probability);
      double positiveRankSum = 0;
      for (int i = 0; i < ranks.length; i++) {
        if (positive[i]) {
          positiveRankSum += ranks[i];
        }
      }
      double u = positiveRankSum - positives * (positives + 1.0) / 2.0;
      return u / ((double) positives * negatives);
    }
  },

  /** Share of cases whose thresholded prediction equals the true class. */
  ACCURACY("accuracy", true) {
    @Override
    String whyUndefined(int positives, int negatives) {
      return positives + negatives == 0 ? NO_CASES : null;
    }

    @Override
    double computeDefined(boolean[] positive, double[] probability, int positives, int negatives) {
      int correct = 0;
      for (int i = 0; i < positive.length; i++) {
        if (predictsPositive(probability[i]) == positive[i]) {
          correct++;
        }
      }
      return (double) correct / positive.length;
    }
  },

  /** True-positive rate (recall of the positive class). Undefined without positive cases. */
  SENSITIVITY("sensitivity", true) {
    @Override
    String whyUndefined(int positives, int negatives) {
      return positives == 0 ? "undefined: the part has no positive cases" : null;
    }

    @Override
    double computeDefined(boolean[] positive, double[] probability, int positives, int negatives) {
      int truePositives = 0;
      for (int i = 0; i < positive.length; i++) {
        if (positive[i] && predictsPositive(probability[i])) {
          truePositives++;
        }
      }
      return (double) truePositives / positives;
    }
  },

  /** True-negative rate (recall of the negative class). Undefined without negative cases. */
  SPECIFICITY("specificity", true) {
    @Override
    String whyUndefined(int positives, int negatives) {
      return negatives == 0 ? "undefined: the part has no negative cases" : null;
    }

    @Override
    double computeDefined(boolean[] positive, double[] probability, int positives, int negatives) {
      int trueNegatives = 0;
      for (int i = 0; i < positive.length; i++) {
        if (!positive[i] && !predictsPositive(probability[i])) {
          trueNegatives++;
        }
      }
      return (double) trueNegatives / negatives;
    }
  },

  /**
   * Mean negative log-likelihood (natural log). The probability of the positive class is clipped
   * to [1e-15, 1 - 1e-15] first, so a confident mistake costs about 34.5 rather than infinity;
   * this matches scikit-learn's {@code log_loss(y, p, eps=1e-15)} (its default before 1.2), which
   * also clips {@code p} before taking {@code 1 - p} for negative cases.
   */
  LOG_LOSS("log_loss", false) {
    @Override
    String whyUndefined(int positives, int negatives) {
      return positives + negatives == 0 ? NO_CASES : null;
    }

    @Override
    double computeDefined(boolean[] positive, double[] probability, int positives, int negatives) {
      double sum = 0;
      for (int i = 0; i < positive.length; i++) {
        double p = Math.min(Math.max(probability[i], LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
        sum -= positive[i] ? Math.log(p) : Math.log(1 - p);
      }
      return sum / positive.length;
    }
  };

  /** Threshold metrics predict the positive class at or above this probability. */
  public static final double THRESHOLD = 0.5;

  /** Log loss clips probabilities this far from 0 and 1. */
  public static final double LOG_LOSS_EPSILON = 1e-15;

  private static final String NO_CASES = "undefined: the part has no cases";

  private final String metricName;
  private final boolean higherIsBetter;

  BinaryMetric(String metricName, boolean higherIsBetter) {
    this.metricName = metricName;
    this.higherIsBetter = higherIsBetter;
  }

  /**
   * The metric an evaluation spec names.
   *
   * @throws IllegalArgumentException naming the unknown metric and listing the known ones
   */
  public static BinaryMetric byName(String name) {
    for (BinaryMetric metric : values()) {
      if (metric.metricName.equals(name)) {
        return metric;
      }
    }
    throw new IllegalArgumentException("unknown metric '" + name + "' for binary classification;"
        + " known metrics: " + Arrays.stream(values()).map(BinaryMetric::metricName)
            .collect(Collectors.joining(", ")));
  }

  /** The name evaluation specs use, e.g. {@code roc_auc}. */
  public String metricName() {
    return metricName;
  }

  /** Whether a larger value is a better submission (false for losses). */
  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  /**
   * Computes the metric.
   *
   * @param positive    true class of each case
   * @param probability predicted probability of the positive class, finite, in [0, 1]
   * @return the value, or empty when the metric is undefined on these cases (see {@link
   *     #whyUndefined(boolean[])})
   * @throws IllegalArgumentException if the arrays differ in length or a probability is not in
   *     [0, 1]
   */
  public OptionalDouble compute(boolean[] positive, double[] probability) {
    if (positive.length != probability.length) {
      throw new IllegalArgumentException(positive.length + " classes but " + probability.length
          + " probabilities");
    }
    for (double p : probability) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("probability " + p + " is not in [0, 1]");
      }
    }
    int positives = countPositives(positive);
    int negatives = positive.length - positives;
    if (whyUndefined(positives, negatives) != null) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(computeDefined(positive, probability, positives, negatives));
  }

  /**
   * Why the metric is undefined on cases of these classes, as a human sentence, or {@code null}
   * when it is defined. Definedness depends on the class counts only.
   */
  public String whyUndefined(boolean[] positive) {
    int positives = countPositives(positive);
    return whyUndefined(positives, positive.length - positives);
  }

  /** Why the metric is undefined for these class counts, or {@code null} when it is defined. */
  abstract String whyUndefined(int positives, int negatives);

  /**
   * The metric on inputs known to be valid and on which it is defined. The bootstrap calls this
   * directly, thousands of times, with counts it already has.
   */
  abstract double computeDefined(boolean[] positive, double[] probability, int positives,
      int negatives);

  static boolean predictsPositive(double probability) {
    return probability >= THRESHOLD;
  }

  static int countPositives(boolean[] positive) {
    int count = 0;
    for (boolean p : positive) {
      if (p) {
        count++;
      }
    }
    return count;
  }
}
