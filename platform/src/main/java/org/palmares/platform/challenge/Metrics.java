package org.palmares.platform.challenge;

import java.util.Locale;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.TaskType;
import org.palmares.evaluator.scoring.BinaryMetric;

/**
 * What the platform needs to know of a metric (does it exist for the task, which way is better,
 * its display name), in one place, from the evaluator's metric library.
 */
public final class Metrics {
  private Metrics() {}

  /** Fails with a sentence when {@code metric} does not exist for {@code task} or has unknown parameters. */
  public static void check(TaskType task, EvaluationSpec.MetricSpec metric) {
    if (task != TaskType.BINARY_CLASSIFICATION) {
      throw new IllegalArgumentException("metric " + metric.name() + ": " + task.id()
          + " tasks are not scored by this version yet");
    }
    BinaryMetric.byName(metric.name());
    if (!metric.params().isEmpty()) {
      throw new IllegalArgumentException("metric " + metric.name() + " takes no parameter "
          + metric.params().keySet());
    }
  }

  public static boolean higherIsBetter(String metric) {
    return BinaryMetric.byName(metric).higherIsBetter();
  }

  public static String title(String metric) {
    return switch (metric) {
      case "roc_auc" -> "ROC AUC";
      case "log_loss" -> "Log loss";
      default -> metric.substring(0, 1).toUpperCase(Locale.ROOT) + metric.substring(1).replace('_', ' ');
    };
  }
}
