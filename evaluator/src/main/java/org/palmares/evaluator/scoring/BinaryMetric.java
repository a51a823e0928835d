package org.palmares.evaluator.scoring;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.palmares.evaluator.protocol.TaskType;
import org.palmares.evaluator.scoring.Evaluation.Outcome;

/**
 * The metrics of binary classification, by the name a challenge's evaluation spec uses, each a
 * pure function over the true classes ({@code positive[i]}) and the predicted probabilities of
 * the positive class ({@code probability[i]}).
 *
 * <p>Threshold metrics (accuracy, balanced accuracy, F1, sensitivity, specificity) predict the
 * positive class when the probability is at least the {@code threshold} parameter, by default
 * {@value #THRESHOLD}. Whether a metric is defined depends on the class counts only: each says
 * which class it needs.
 */
public enum BinaryMetric implements MetricDefinition {

  /**
   * Area under the ROC curve, the Mann–Whitney U statistic: the share of positive–negative pairs
   * in which the positive has the higher probability, a tie counting one half. Undefined unless
   * both classes are present.
   */
  ROC_AUC("roc_auc", true, MetricRange.UNIT, "ROC AUC", Pooling.LOGIT) {
    @Override
    String whyUndefined(long positives, long negatives) {
      return positives == 0 || negatives == 0 ? ONE_CLASS : null;
    }

    @Override
    Evaluation prepare(BinaryCases cases, Map<String, Double> params) {
      return new RocAucEvaluation(cases);
    }
  },

  /**
   * Average precision, the area under the precision–recall curve as a step function (no
   * interpolation): the sum over distinct probabilities t, from the highest, of precision(p >= t)
   * times the gain in recall at t. Equal to scikit-learn's {@code average_precision_score}.
   * Undefined without positive cases.
   */
  AVERAGE_PRECISION("average_precision", true, MetricRange.UNIT, "Average precision (PR AUC)", Pooling.LOGIT) {
    @Override
    String whyUndefined(long positives, long negatives) {
      return positives == 0 ? NO_POSITIVES : null;
    }

    @Override
    Evaluation prepare(BinaryCases cases, Map<String, Double> params) {
      int[] order = cases.ascending();
      int[] groupEnds = cases.groupEnds();
      boolean[] positive = cases.positive;
      return w -> {
        long positives = cases.classCounts(w)[0];
        if (positives == 0) {
          return Outcome.undefined(NO_POSITIVES);
        }
        double sum = 0;
        long truePositives = 0;
        long flagged = 0;
        for (int g = groupEnds.length - 1; g >= 0; g--) {
          int start = g == 0 ? 0 : groupEnds[g - 1];
          long runPositives = 0;
          long runCases = 0;
          for (int k = start; k < groupEnds[g]; k++) {
            int i = order[k];
            runCases += w[i];
            if (positive[i]) {
              runPositives += w[i];
            }
          }
          truePositives += runPositives;
          flagged += runCases;
          if (runPositives > 0) {
            sum += (double) runPositives / positives * ((double) truePositives / flagged);
          }
        }
        return Outcome.of(sum);
      };
    }
  },

  /** Share of cases whose thresholded prediction equals the true class. */
  ACCURACY("accuracy", true, MetricRange.UNIT, "Accuracy", Pooling.CASES, MetricParameter.THRESHOLD) {
    @Override
    String whyUndefined(long positives, long negatives) {
      return positives + negatives == 0 ? Outcome.NO_CASES : null;
    }

    @Override
    double fromConfusion(long tp, long fp, long tn, long fn) {
      return (double) (tp + tn) / (tp + fp + tn + fn);
    }
  },

  /** Mean of sensitivity and specificity at the threshold. Undefined unless both classes are present. */
  BALANCED_ACCURACY("balanced_accuracy", true, MetricRange.UNIT, "Balanced accuracy", Pooling.LOGIT, MetricParameter.THRESHOLD) {
    @Override
    String whyUndefined(long positives, long negatives) {
      return positives == 0 || negatives == 0 ? ONE_CLASS : null;
    }

    @Override
    double fromConfusion(long tp, long fp, long tn, long fn) {
      return ((double) tp / (tp + fn) + (double) tn / (tn + fp)) / 2;
    }
  },

  /**
   * F1 score of the positive class at the threshold, 2TP / (2TP + FP + FN). Undefined without
   * positive cases (it would be 0 or 0/0, and says nothing about the negatives).
   */
  F1("f1", true, MetricRange.UNIT, "F1 score", Pooling.LOGIT, MetricParameter.THRESHOLD) {
    @Override
    String whyUndefined(long positives, long negatives) {
      return positives == 0 ? NO_POSITIVES : null;
    }

    @Override
    double fromConfusion(long tp, long fp, long tn, long fn) {
      return 2.0 * tp / (2.0 * tp + fp + fn);
    }
  },

  /** True-positive rate (recall of the positive class) at the threshold. Needs positive cases. */
  SENSITIVITY("sensitivity", true, MetricRange.UNIT, "Sensitivity", Pooling.POSITIVES, MetricParameter.THRESHOLD) {
    @Override
    String whyUndefined(long positives, long negatives) {
      return positives == 0 ? NO_POSITIVES : null;
    }

    @Override
    double fromConfusion(long tp, long fp, long tn, long fn) {
      return (double) tp / (tp + fn);
    }
  },

  /** True-negative rate (recall of the negative class) at the threshold. Needs negative cases. */
  SPECIFICITY("specificity", true, MetricRange.UNIT, "Specificity", Pooling.NEGATIVES, MetricParameter.THRESHOLD) {
    @Override
    String whyUndefined(long positives, long negatives) {
      return negatives == 0 ? NO_NEGATIVES : null;
    }

    @Override
    double fromConfusion(long tp, long fp, long tn, long fn) {
      return (double) tn / (tn + fp);
    }
  },

  /**
   * Sensitivity at a fixed specificity (parameter {@code specificity}, default 0.9): the highest
   * sensitivity among the operating points "positive when p >= t" whose specificity is at least
   * the target, t ranging over the distinct probabilities and +infinity (nothing positive:
   * sensitivity 0, specificity 1). Sensitivity grows and specificity falls as t decreases, so this
   * is the sensitivity at the lowest such t. Ties are never broken: all cases at a probability
   * are on the same side of every t. Equal to {@code max(tpr[1 - fpr >= target])} over
   * scikit-learn's {@code roc_curve(y, p, drop_intermediate=False)}. Undefined unless both classes
   * are present.
   */
  SENSITIVITY_AT_SPECIFICITY("sensitivity_at_specificity", true, MetricRange.UNIT,
      "Sensitivity at fixed specificity", Pooling.LOGIT, MetricParameter.SPECIFICITY) {
    @Override
    String whyUndefined(long positives, long negatives) {
      return positives == 0 || negatives == 0 ? ONE_CLASS : null;
    }

    @Override
    Evaluation prepare(BinaryCases cases, Map<String, Double> params) {
      double target = params.get(MetricParameter.SPECIFICITY.parameterName());
      int[] order = cases.ascending();
      int[] groupEnds = cases.groupEnds();
      boolean[] positive = cases.positive;
      return w -> {
        long[] counts = cases.classCounts(w);
        String undefined = whyUndefined(counts[0], counts[1]);
        if (undefined != null) {
          return Outcome.undefined(undefined);
        }
        double positives = counts[0];
        double negatives = counts[1];
        long truePositives = 0;
        long falsePositives = 0;
        double best = 0;
        for (int g = groupEnds.length - 1; g >= 0; g--) {
          int start = g == 0 ? 0 : groupEnds[g - 1];
          for (int k = start; k < groupEnds[g]; k++) {
            int i = order[k];
            if (positive[i]) {
              truePositives += w[i];
            } else {
              falsePositives += w[i];
            }
          }
          if (1 - falsePositives / negatives < target) {
            break;
          }
          best = truePositives / positives;
        }
        return Outcome.of(best);
      };
    }
  },

  /**
   * Mean negative log-likelihood (natural log). The probability of the positive class is clipped
   * to [1e-15, 1 - 1e-15] first, so a confident mistake costs about 34.5 rather than infinity;
   * this matches scikit-learn's {@code log_loss(y, p, eps=1e-15)} (its default before 1.2), which
   * also clips {@code p} before taking {@code 1 - p} for negative cases.
   */
  LOG_LOSS("log_loss", false, MetricRange.NON_NEGATIVE, "Log loss", Pooling.IDENTITY) {
    @Override
    String whyUndefined(long positives, long negatives) {
      return positives + negatives == 0 ? Outcome.NO_CASES : null;
    }

    @Override
    Evaluation prepare(BinaryCases cases, Map<String, Double> params) {
      double[] loss = new double[cases.size()];
      for (int i = 0; i < loss.length; i++) {
        double p = Math.min(Math.max(cases.probability[i], LOG_LOSS_EPSILON),
            1 - LOG_LOSS_EPSILON);
        loss[i] = cases.positive[i] ? -Math.log(p) : -Math.log(1 - p);
      }
      return meanOf(loss);
    }
  },

  /** Brier score: mean squared difference between the probability and the class (1 or 0). */
  BRIER("brier", false, MetricRange.UNIT, "Brier score", Pooling.IDENTITY) {
    @Override
    String whyUndefined(long positives, long negatives) {
      return positives + negatives == 0 ? Outcome.NO_CASES : null;
    }

    @Override
    Evaluation prepare(BinaryCases cases, Map<String, Double> params) {
      double[] loss = new double[cases.size()];
      for (int i = 0; i < loss.length; i++) {
        double error = cases.probability[i] - (cases.positive[i] ? 1 : 0);
        loss[i] = error * error;
      }
      return meanOf(loss);
    }
  },

  /**
   * Expected calibration error with {@code bins} equal-width bins of [0, 1] (default 10): case
   * {@code i} falls in bin {@code min(floor(p * bins), bins - 1)}, so a probability on an inner
   * edge k/bins goes to the upper bin and 1 to the last; ECE is the sum over non-empty bins of
   * (cases in the bin / cases) * |share of positives in the bin - mean probability in the bin|.
   */
  ECE("ece", false, MetricRange.UNIT, "Expected calibration error", Pooling.IDENTITY, MetricParameter.BINS) {
    @Override
    String whyUndefined(long positives, long negatives) {
      return positives + negatives == 0 ? Outcome.NO_CASES : null;
    }

    @Override
    Evaluation prepare(BinaryCases cases, Map<String, Double> params) {
      int bins = (int) Math.round(params.get(MetricParameter.BINS.parameterName()));
      int[] bin = new int[cases.size()];
      for (int i = 0; i < bin.length; i++) {
        bin[i] = Math.min((int) Math.floor(cases.probability[i] * bins), bins - 1);
      }
      return w -> {
        long[] count = new long[bins];
        long[] positives = new long[bins];
        double[] probabilities = new double[bins];
        long total = 0;
        for (int i = 0; i < bin.length; i++) {
          if (w[i] == 0) {
            continue;
          }
          count[bin[i]] += w[i];
          probabilities[bin[i]] += w[i] * cases.probability[i];
          if (cases.positive[i]) {
            positives[bin[i]] += w[i];
          }
          total += w[i];
        }
        if (total == 0) {
          return Outcome.undefined(Outcome.NO_CASES);
        }
        double sum = 0;
        for (int b = 0; b < bins; b++) {
          if (count[b] > 0) {
            sum += Math.abs(positives[b] - probabilities[b]);
          }
        }
        return Outcome.of(sum / total);
      };
    }
  };

  /** Default threshold of the threshold metrics. */
  public static final double THRESHOLD = 0.5;

  /** Log loss clips probabilities this far from 0 and 1. */
  public static final double LOG_LOSS_EPSILON = 1e-15;

  private static final String ONE_CLASS = "undefined: the part has only one class";
  private static final String NO_POSITIVES = "undefined: the part has no positive cases";
  private static final String NO_NEGATIVES = "undefined: the part has no negative cases";

  private final MetricInfo info;

  BinaryMetric(String metricName, boolean higherIsBetter, MetricRange range, String title,
      Pooling pooling, MetricParameter... parameters) {
    this.info = new MetricInfo(metricName, TaskType.BINARY_CLASSIFICATION, higherIsBetter,
        MetricParameter.names(parameters), title, range, pooling);
  }

  /**
   * The metric an evaluation spec names, for binary classification only; prefer {@link
   * MetricCatalog#byName(TaskType, String)}, which knows every task.
   *
   * @throws IllegalArgumentException naming the unknown metric and listing the known ones
   */
  public static BinaryMetric byName(String name) {
    for (BinaryMetric metric : values()) {
      if (metric.metricName().equals(name)) {
        return metric;
      }
    }
    throw new IllegalArgumentException("unknown metric '" + name + "' for binary classification;"
        + " known metrics: " + Arrays.stream(values()).map(BinaryMetric::metricName)
            .collect(Collectors.joining(", ")));
  }

  @Override
  public MetricInfo info() {
    return info;
  }

  /** The name evaluation specs use, e.g. {@code roc_auc}. */
  public String metricName() {
    return info.name();
  }

  /** Whether a larger value is a better submission (false for losses). */
  public boolean higherIsBetter() {
    return info.higherIsBetter();
  }

  /** As {@link #compute(boolean[], double[], Map)} with every parameter at its default. */
  public OptionalDouble compute(boolean[] positive, double[] probability) {
    return compute(positive, probability, Map.of());
  }

  /**
   * Computes the metric.
   *
   * @param positive    true class of each case
   * @param probability predicted probability of the positive class, finite, in [0, 1]
   * @param params      the metric's parameters; missing ones take their defaults
   * @return the value, or empty when the metric is undefined on these cases (see {@link
   *     #whyUndefined(boolean[])})
   * @throws IllegalArgumentException if the arrays differ in length, a probability is not in
   *     [0, 1], or a parameter is unknown or invalid
   */
  public OptionalDouble compute(boolean[] positive, double[] probability,
      Map<String, Double> params) {
    Outcome outcome = prepare(new BinaryCases(positive, probability),
        MetricParameter.resolve(info, params)).on(Evaluation.ones(positive.length));
    return outcome.isDefined() ? OptionalDouble.of(outcome.value()) : OptionalDouble.empty();
  }

  /**
   * Why the metric is undefined on cases of these classes, as a human sentence, or {@code null}
   * when it is defined. Definedness depends on the class counts only.
   */
  public String whyUndefined(boolean[] positive) {
    long positives = 0;
    for (boolean p : positive) {
      if (p) {
        positives++;
      }
    }
    return whyUndefined(positives, positive.length - positives);
  }

  /** Why the metric is undefined for these (weighted) class counts, or {@code null}. */
  abstract String whyUndefined(long positives, long negatives);

  /**
   * The metric bound to one part's cases and resolved parameters. Threshold metrics need only
   * {@link #fromConfusion}; the others override this.
   */
  Evaluation prepare(BinaryCases cases, Map<String, Double> params) {
    double threshold = params.get(MetricParameter.THRESHOLD.parameterName());
    return w -> {
      long[] c = cases.confusion(w, threshold);
      String undefined = whyUndefined(c[0] + c[3], c[1] + c[2]);
      return undefined != null ? Outcome.undefined(undefined)
          : Outcome.of(fromConfusion(c[0], c[1], c[2], c[3]));
    };
  }

  /** A threshold metric from its weighted confusion counts, known to be defined. */
  double fromConfusion(long tp, long fp, long tn, long fn) {
    throw new UnsupportedOperationException(metricName() + " is not a threshold metric");
  }

  /** A weighted mean of per-case losses; undefined on no cases. */
  static Evaluation meanOf(double[] loss) {
    return w -> {
      double sum = 0;
      long total = 0;
      for (int i = 0; i < loss.length; i++) {
        sum += w[i] * loss[i];
        total += w[i];
      }
      return total == 0 ? Outcome.undefined(Outcome.NO_CASES) : Outcome.of(sum / total);
    };
  }
}
