package org.palmares.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.protocol.TaskType;

class MetricCatalogTest {

  @Test
  void eachTaskListsItsMetricsInDocumentationOrder() {
    assertThat(names(TaskType.BINARY_CLASSIFICATION)).containsExactly("roc_auc",
        "average_precision", "accuracy", "balanced_accuracy", "f1", "sensitivity", "specificity",
        "sensitivity_at_specificity", "log_loss", "brier", "ece");
    assertThat(names(TaskType.MULTICLASS_CLASSIFICATION)).containsExactly("accuracy", "macro_f1",
        "cohen_kappa", "quadratic_kappa", "cost_score");
    assertThat(names(TaskType.IMAGE_CLASSIFICATION)).isEqualTo(names(TaskType.MULTICLASS_CLASSIFICATION));
    assertThat(names(TaskType.IMAGE_SEGMENTATION)).containsExactly("dice", "nsd", "hd95");
    assertThat(names(TaskType.OBJECT_DETECTION)).containsExactly("lesion_f1", "froc");
    assertThat(names(TaskType.REGRESSION)).containsExactly("mae", "rmse", "r2");
    assertThat(names(TaskType.SURVIVAL)).containsExactly("c_index");
  }

  @Test
  void lossesAndErrorsAreTheOnlyMetricsBetterWhenLower() {
    List<String> lower = java.util.Arrays.stream(TaskType.values())
        .flatMap(t -> MetricCatalog.forTask(t).stream()).filter(m -> !m.higherIsBetter())
        .map(MetricInfo::name).toList();

    assertThat(lower).containsExactly("log_loss", "brier", "ece", "mae", "rmse", "hd95");
  }

  @Test
  void aMetricKnowsItsTaskTitleAndParameters() {
    assertThat(MetricCatalog.byName("c_index")).isEqualTo(new MetricInfo("c_index",
        TaskType.SURVIVAL, true, Set.of(), "Harrell's C-index", MetricRange.UNIT, Pooling.LOGIT));
    assertThat(MetricCatalog.byName("roc_auc").title()).isEqualTo("ROC AUC");
    assertThat(MetricCatalog.byName("sensitivity_at_specificity").parameterNames())
        .containsExactly("specificity");
    assertThat(MetricCatalog.byName("ece").parameterNames()).containsExactly("bins");
    assertThat(MetricCatalog.byName("f1").parameterNames()).containsExactly("threshold");
  }

  @Test
  void aNameSharedByTwoTasksAgreesOnDirectionAndTitleAndDiffersInParameters() {
    MetricInfo binary = MetricCatalog.byName(TaskType.BINARY_CLASSIFICATION, "accuracy");
    MetricInfo multiclass = MetricCatalog.byName(TaskType.MULTICLASS_CLASSIFICATION, "accuracy");

    assertThat(MetricCatalog.byName("accuracy")).isEqualTo(binary);
    assertThat(multiclass.higherIsBetter()).isEqualTo(binary.higherIsBetter());
    assertThat(multiclass.title()).isEqualTo(binary.title());
    assertThat(binary.parameterNames()).containsExactly("threshold");
    assertThat(multiclass.parameterNames()).isEmpty();
  }

  @Test
  void anUnknownNameIsRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> MetricCatalog.byName(TaskType.SURVIVAL, "auc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown metric 'auc' for survival; known metrics: c_index");
    assertThatThrownBy(() -> MetricCatalog.byName("jaccard"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown metric 'jaccard'; known metrics: binary-classification:"
            + " roc_auc,")
        .hasMessageEndingWith("image-segmentation: dice, nsd, hd95; object-detection: lesion_f1, froc");
  }

  @Test
  void theBinaryEnumAndTheCatalogAgree() {
    for (BinaryMetric metric : BinaryMetric.values()) {
      assertThat(MetricCatalog.byName(TaskType.BINARY_CLASSIFICATION, metric.metricName()))
          .isEqualTo(metric.info());
      assertThat(BinaryMetric.byName(metric.metricName()).higherIsBetter())
          .isEqualTo(metric.info().higherIsBetter());
    }
  }

  private static List<String> names(TaskType task) {
    return MetricCatalog.forTask(task).stream().map(MetricInfo::name).toList();
  }

  @Test
  void everyMetricDeclaresTheValuesItCanTake() {
    assertThat(MetricCatalog.byName("roc_auc").range()).isEqualTo(MetricRange.UNIT);
    assertThat(MetricCatalog.byName("log_loss").range().contains(1e308)).isTrue();
    assertThat(MetricCatalog.byName("roc_auc").range().contains(1e308)).isFalse();
    assertThat(MetricCatalog.byName("cohen_kappa").range().contains(-0.5)).isTrue();
    assertThat(MetricCatalog.byName("r2").range().contains(-3)).isTrue();
    assertThat(MetricCatalog.byName("r2").range().contains(1.5)).isFalse();
    assertThat(MetricCatalog.byName("mae").range().contains(-0.1)).isFalse();
    assertThat(MetricCatalog.byName("c_index").range().toString()).isEqualTo("[0, 1]");
  }

  @Test
  void proportionsOfCountedCasesPoolFromCountsBoundedMetricsOnTheLogitScaleTheOthersOnTheirOwn() {
    java.util.Map<Pooling, java.util.Set<String>> byPooling = new java.util.EnumMap<>(Pooling.class);
    for (TaskType task : TaskType.values()) {
      for (MetricInfo m : MetricCatalog.forTask(task)) {
        byPooling.computeIfAbsent(m.pooling(), p -> new java.util.TreeSet<>()).add(m.name());
      }
    }
    assertThat(byPooling.get(Pooling.CASES)).containsExactly("accuracy");
    assertThat(byPooling.get(Pooling.POSITIVES)).containsExactly("sensitivity");
    assertThat(byPooling.get(Pooling.NEGATIVES)).containsExactly("specificity");
    assertThat(byPooling.get(Pooling.LOGIT)).contains("roc_auc", "c_index", "average_precision", "dice")
        .allSatisfy(name -> assertThat(MetricCatalog.byName(name).range()).isEqualTo(MetricRange.UNIT));
    assertThat(byPooling.get(Pooling.IDENTITY)).contains("log_loss", "brier", "mae", "rmse", "r2", "cohen_kappa");
    assertThat(Pooling.LOGIT.fromScale(Pooling.LOGIT.toScale(0.73))).isCloseTo(0.73,
        org.assertj.core.api.Assertions.within(1e-12));
  }
}
