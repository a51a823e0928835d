package org.palmares.evaluator.scoring;

import java.util.Map;
import org.palmares.evaluator.protocol.TaskType;
import org.palmares.evaluator.scoring.Evaluation.Outcome;

/**
 * The metrics of multiclass classification, over the true class index of each case and the
 * predicted one (the argmax of the case's class probabilities, a tie going to the class listed
 * first). Classes are numbered in the order of the prediction contract's {@code classes()},
 * which is also the ordinal order of the quadratic-weighted kappa. Each metric is a function of
 * the weighted confusion matrix.
 */
enum MulticlassMetric implements MetricDefinition {

  /** Share of cases whose predicted class is the true one. */
  ACCURACY("accuracy", true, MetricRange.UNIT, "Accuracy", Pooling.CASES) {
    @Override
    Outcome fromConfusion(long[][] m, long total) {
      long agree = 0;
      for (int c = 0; c < m.length; c++) {
        agree += m[c][c];
      }
      return Outcome.of((double) agree / total);
    }
  },

  /**
   * Unweighted mean of the per-class F1 scores 2TP / (2TP + FP + FN), over the classes that occur
   * in the part's labels or predictions (a class in neither has F1 = 0/0 and is left out), as
   * scikit-learn's {@code f1_score(y, pred, average='macro')}; a class that is predicted but
   * absent, or present but never predicted, counts 0.
   */
  MACRO_F1("macro_f1", true, MetricRange.UNIT, "Macro-averaged F1", Pooling.LOGIT) {
    @Override
    Outcome fromConfusion(long[][] m, long total) {
      double sum = 0;
      int classes = 0;
      for (int c = 0; c < m.length; c++) {
        long truePositives = m[c][c];
        long actual = 0;
        long predicted = 0;
        for (int k = 0; k < m.length; k++) {
          actual += m[c][k];
          predicted += m[k][c];
        }
        if (actual + predicted > 0) {
          sum += 2.0 * truePositives / (actual + predicted);
          classes++;
        }
      }
      return Outcome.of(sum / classes);
    }
  },

  /** Cohen's kappa, unweighted: (observed - chance agreement) / (1 - chance agreement). */
  COHEN_KAPPA("cohen_kappa", true, MetricRange.KAPPA, "Cohen's kappa", Pooling.IDENTITY) {
    @Override
    Outcome fromConfusion(long[][] m, long total) {
      return kappa(m, total, false);
    }
  },

  /**
   * Cohen's kappa with quadratic weights (i - j)^2 over the class indices, the classes being
   * ordinal in the order of {@code classes()}: 1 - sum(w * observed) / sum(w * expected).
   */
  QUADRATIC_KAPPA("quadratic_kappa", true, MetricRange.KAPPA, "Quadratic-weighted kappa", Pooling.IDENTITY) {
    @Override
    Outcome fromConfusion(long[][] m, long total) {
      return kappa(m, total, true);
    }
  },

  /**
   * The graded-classification score of the Health Data Hub's cervical-biopsy challenge: the mean
   * over cases of 1 - cost[truth][predicted], the cost matrix declared in the bundle (entries in
   * [0, 1], zero on the diagonal), so a grade one step off costs less than a grade three steps
   * off. Higher is better; 1 is a perfect grading.
   */
  COST_SCORE("cost_score", true, MetricRange.UNIT, "Cost-matrix score", Pooling.LOGIT) {
    @Override
    Outcome fromConfusion(long[][] m, long total) {
      throw new IllegalStateException("cost_score needs its matrix");
    }

    @Override
    Evaluation prepare(int[] label, int[] predicted, int classes, Map<String, Double> params,
        double[][] cost) {
      return w -> {
        double sum = 0;
        long total = 0;
        for (int i = 0; i < label.length; i++) {
          sum += w[i] * (1 - cost[label[i]][predicted[i]]);
          total += w[i];
        }
        return total == 0 ? Outcome.undefined(Outcome.NO_CASES) : Outcome.of(sum / total);
      };
    }
  };

  static final String CHANCE_IS_TOTAL = "undefined: the labels and the predictions are all of"
      + " one class, so agreement by chance is total";

  private final MetricInfo info;

  MulticlassMetric(String metricName, boolean higherIsBetter, MetricRange range, String title,
      Pooling pooling) {
    this.info = new MetricInfo(metricName, TaskType.MULTICLASS_CLASSIFICATION, higherIsBetter,
        java.util.Set.of(), title, range, pooling);
  }

  @Override
  public MetricInfo info() {
    return info;
  }

  /** The metric from a weighted confusion matrix ({@code m[true][predicted]}) of total > 0. */
  abstract Outcome fromConfusion(long[][] m, long total);

  /**
   * The metric bound to one part's cases.
   *
   * @param label     true class index of each case
   * @param predicted predicted class index of each case
   * @param classes   number of classes
   * @param matrix    the metric's checked matrix ({@link CostMatrix}), or null if it takes none
   */
  Evaluation prepare(int[] label, int[] predicted, int classes, Map<String, Double> params,
      double[][] matrix) {
    return w -> {
      long[][] m = new long[classes][classes];
      long total = 0;
      for (int i = 0; i < label.length; i++) {
        m[label[i]][predicted[i]] += w[i];
        total += w[i];
      }
      return total == 0 ? Outcome.undefined(Outcome.NO_CASES) : fromConfusion(m, total);
    };
  }

  /** The metric bound to one part's cases, for the metrics that take no matrix. */
  Evaluation prepare(int[] label, int[] predicted, int classes, Map<String, Double> params) {
    return prepare(label, predicted, classes, params, null);
  }

  private static Outcome kappa(long[][] m, long total, boolean quadratic) {
    int k = m.length;
    double[] rows = new double[k];
    double[] columns = new double[k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        rows[i] += m[i][j];
        columns[j] += m[i][j];
      }
    }
    double observed = 0;
    double expected = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double weight = quadratic ? (double) (i - j) * (i - j) : (i == j ? 0 : 1);
        observed += weight * m[i][j];
        expected += weight * rows[i] * columns[j] / total;
      }
    }
    return expected == 0 ? Outcome.undefined(CHANCE_IS_TOTAL)
        : Outcome.of(1 - observed / expected);
  }
}
