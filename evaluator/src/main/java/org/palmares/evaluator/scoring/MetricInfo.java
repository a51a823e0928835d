package org.palmares.evaluator.scoring;

import java.util.Objects;
import java.util.Set;
import org.palmares.evaluator.protocol.TaskType;

/**
 * What the platform needs to know about a metric without computing it: its name in bundles and
 * specs, the task it scores, its direction, the parameters it takes and a display title.
 *
 * @param name           the name evaluation specs use, e.g. {@code roc_auc}
 * @param task           the task type it scores
 * @param higherIsBetter whether a larger value is a better submission (false for losses and errors)
 * @param parameterNames the parameters {@link org.palmares.evaluator.protocol.EvaluationSpec.MetricSpec#params()}
 *                       may set for it, e.g. {@code threshold}; unmodifiable, empty for most
 * @param title          a display name, e.g. "ROC AUC", "Harrell's C-index"
 * @param range          the values it can take: a reported score outside is refused
 * @param pooling        how its values from several sites are pooled (by meta-analysis on a
 *                       scale, or exactly from counts)
 */
public record MetricInfo(String name, TaskType task, boolean higherIsBetter,
    Set<String> parameterNames, String title, MetricRange range, Pooling pooling) {

  public MetricInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(pooling, "pooling");
    parameterNames = Set.copyOf(parameterNames);
  }
}
