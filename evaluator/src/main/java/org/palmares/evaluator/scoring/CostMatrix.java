package org.palmares.evaluator.scoring;

import java.util.List;
import org.palmares.evaluator.protocol.EvaluationSpec;

/**
 * The cost matrix of {@link MulticlassMetric#COST_SCORE}, checked: the one place that says what a
 * bundle's {@code matrix:} may hold. Rows are the true class, columns the predicted one, both in
 * the order of {@code predictions.classes}; every entry is a cost in [0, 1] (so the score is in
 * [0, 1]) and the diagonal is 0 (a right answer costs nothing).
 */
final class CostMatrix {

  private CostMatrix() {}

  /**
   * The spec's matrix as an array, or null for a metric that takes none.
   *
   * @throws IllegalArgumentException naming the metric and the problem
   */
  static double[][] of(MetricDefinition definition, EvaluationSpec.MetricSpec spec) {
    List<List<Double>> matrix = spec.matrix();
    String name = spec.name();
    if (definition != MulticlassMetric.COST_SCORE) {
      if (matrix != null) {
        throw new IllegalArgumentException("metric '" + name + "' takes no matrix");
      }
      return null;
    }
    if (matrix == null || matrix.size() < 2) {
      throw new IllegalArgumentException("metric '" + name + "' needs a square cost matrix"
          + " (matrix: one row per true class, one column per predicted class) of at least 2"
          + " classes");
    }
    int k = matrix.size();
    double[][] cost = new double[k][k];
    for (int t = 0; t < k; t++) {
      List<Double> row = matrix.get(t);
      if (row == null || row.size() != k) {
        throw new IllegalArgumentException("metric '" + name + "': row " + (t + 1)
            + " of the cost matrix has " + (row == null ? 0 : row.size()) + " entries; a "
            + k + "-class matrix needs " + k);
      }
      for (int p = 0; p < k; p++) {
        Double v = row.get(p);
        if (v == null || !(v >= 0 && v <= 1)) {
          throw new IllegalArgumentException("metric '" + name + "': cost[" + (t + 1) + "]["
              + (p + 1) + "] must be a number in [0, 1]: " + v);
        }
        if (t == p && v != 0) {
          throw new IllegalArgumentException("metric '" + name + "': cost[" + (t + 1) + "]["
              + (p + 1) + "] is on the diagonal, so must be 0 (a right answer costs nothing): "
              + v);
        }
        cost[t][p] = v;
      }
    }
    return cost;
  }

  /**
   * Checks that a resolved metric's matrix has one row per class of the prediction contract.
   *
   * @throws IllegalArgumentException if not
   */
  static void checkSize(MetricCatalog.Resolved metric, List<String> classes) {
    if (metric.matrix() != null && metric.matrix().length != classes.size()) {
      throw new IllegalArgumentException("metric '" + metric.name() + "': the cost matrix is "
          + metric.matrix().length + "×" + metric.matrix().length + " but predictions.classes"
          + " lists " + classes.size() + " classes");
    }
  }
}
