package org.palmares.platform.challenge;

import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.TaskType;
import org.palmares.evaluator.scoring.MetricCatalog;

/**
 * What the platform needs to know of a built-in metric (does it exist for the task with these
 * parameters, which way is better, its display name), in one place, from the evaluator's catalog.
 */
public final class Metrics {
  private Metrics() {}

  /** Fails with a sentence when {@code metric} does not exist for {@code task} or has bad parameters. */
  public static void check(TaskType task, EvaluationSpec.MetricSpec metric) {
    MetricCatalog.check(task, metric);
  }

  public static boolean higherIsBetter(String metric) {
    return MetricCatalog.byName(metric).higherIsBetter();
  }

  /** Display name ("ROC AUC"); a custom scorer's metric shows as written. */
  public static String title(String metric) {
    try {
      return MetricCatalog.byName(metric).title();
    } catch (IllegalArgumentException custom) {
      return metric;
    }
  }
}
