package org.palmares.evaluator.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.TaskType;

/**
 * Every built-in metric of every task, by the name bundles and specs use: the one place the
 * platform asks for a metric's direction, parameters and title, and where a spec's metrics are
 * checked before any file is read.
 *
 * <p>A name may serve several tasks ({@code accuracy} scores binary and multiclass
 * classification); such metrics agree on direction and title, so {@link #byName(String)} can
 * answer without the task, while {@link #byName(TaskType, String)} also checks that the task has
 * it and says which parameters it takes there.
 */
public final class MetricCatalog {

  private static final Map<TaskType, List<MetricDefinition>> BY_TASK = new LinkedHashMap<>();

  static {
    BY_TASK.put(TaskType.BINARY_CLASSIFICATION, List.of(BinaryMetric.values()));
    BY_TASK.put(TaskType.MULTICLASS_CLASSIFICATION, List.of(MulticlassMetric.values()));
    BY_TASK.put(TaskType.REGRESSION, List.of(RegressionMetric.values()));
    BY_TASK.put(TaskType.SURVIVAL, List.of(SurvivalMetric.values()));
    // one class per image, from a CSV of class probabilities: multiclass metrics, cost_score among them
    BY_TASK.put(TaskType.IMAGE_CLASSIFICATION, List.of(MulticlassMetric.values()));
    BY_TASK.put(TaskType.IMAGE_SEGMENTATION, java.util.Arrays.stream(ImageTaskMetric.values())
        .filter(m -> m.info().task() == TaskType.IMAGE_SEGMENTATION).map(m -> (MetricDefinition) m).toList());
    BY_TASK.put(TaskType.OBJECT_DETECTION, java.util.Arrays.stream(ImageTaskMetric.values())
        .filter(m -> m.info().task() == TaskType.OBJECT_DETECTION).map(m -> (MetricDefinition) m).toList());
  }

  private MetricCatalog() {}

  /**
   * The metric of this name, whatever its task (for a name several tasks share, the first task's
   * in {@link TaskType} order; they agree on direction and title).
   *
   * @throws IllegalArgumentException naming the unknown metric and listing every known one by task
   */
  public static MetricInfo byName(String name) {
    for (List<MetricDefinition> metrics : BY_TASK.values()) {
      for (MetricDefinition metric : metrics) {
        if (metric.info().name().equals(name)) {
          return metric.info();
        }
      }
    }
    throw new IllegalArgumentException("unknown metric '" + name + "'; known metrics: "
        + BY_TASK.keySet().stream().map(t -> t.id() + ": " + names(t))
            .collect(Collectors.joining("; ")));
  }

  /**
   * The metric of this name for this task.
   *
   * @throws IllegalArgumentException naming the unknown metric and listing the task's known ones
   */
  public static MetricInfo byName(TaskType task, String name) {
    return definition(task, name).info();
  }

  /** The metrics of a task, in a stable order (the order of their documentation). */
  public static List<MetricInfo> forTask(TaskType task) {
    return BY_TASK.get(task).stream().map(MetricDefinition::info).toList();
  }

  static MetricDefinition definition(TaskType task, String name) {
    for (MetricDefinition metric : BY_TASK.get(task)) {
      if (metric.info().name().equals(name)) {
        return metric;
      }
    }
    throw new IllegalArgumentException("unknown metric '" + name + "' for " + task.id()
        + "; known metrics: " + names(task));
  }

  /**
   * Checks one metric of a bundle: it exists for {@code task} and its parameters are known and in range.
   *
   * @throws IllegalArgumentException with a sentence naming the problem
   */
  public static void check(TaskType task, EvaluationSpec.MetricSpec spec) {
    MetricDefinition definition = definition(task, spec.name());
    MetricParameter.resolve(definition.info(), spec.params());
    CostMatrix.of(definition, spec);
  }

  private static String names(TaskType task) {
    return BY_TASK.get(task).stream().map(m -> m.info().name()).collect(Collectors.joining(", "));
  }

  /**
   * A spec's metric with its parameters checked and completed with defaults.
   *
   * @param definition the metric
   * @param params     every parameter it takes, each given or at its default
   * @param matrix     its checked matrix, or null if it takes none
   */
  record Resolved(MetricDefinition definition, Map<String, Double> params, double[][] matrix) {
    String name() {
      return definition.info().name();
    }
  }

  /**
   * The metrics of a spec for its task, in spec order, each with its parameters.
   *
   * @throws IllegalArgumentException if there is none, one is unknown for the task or named twice,
   *     or a parameter is unknown or out of range
   */
  static List<Resolved> resolve(TaskType task, List<EvaluationSpec.MetricSpec> specs) {
    if (specs == null || specs.isEmpty()) {
      throw new IllegalArgumentException("the evaluation spec names no metric");
    }
    List<Resolved> resolved = new ArrayList<>();
    for (EvaluationSpec.MetricSpec spec : specs) {
      MetricDefinition definition = definition(task, spec.name());
      if (resolved.stream().anyMatch(r -> r.definition() == definition)) {
        throw new IllegalArgumentException("the evaluation spec names metric '" + spec.name()
            + "' twice");
      }
      resolved.add(new Resolved(definition,
          MetricParameter.resolve(definition.info(), spec.params()),
          CostMatrix.of(definition, spec)));
    }
    return resolved;
  }
}
