package org.palmares.evaluator.scoring;

import java.util.Set;
import org.palmares.evaluator.protocol.TaskType;

/**
 * The names, directions and ranges of the metrics of segmentation and detection tasks, for the
 * catalog (bundle checks, board direction); their values are computed case by case in
 * {@code scoring.image} and aggregated through {@link CaseScores}. Image classification is scored
 * as multiclass classification ({@link MulticlassMetric}, with {@code cost_score}).
 */
enum ImageTaskMetric implements MetricDefinition {
  DICE("dice", TaskType.IMAGE_SEGMENTATION, true, MetricRange.UNIT, "Dice", Pooling.LOGIT),
  NSD("nsd", TaskType.IMAGE_SEGMENTATION, true, MetricRange.UNIT, "Normalised surface distance", Pooling.LOGIT),
  HD95("hd95", TaskType.IMAGE_SEGMENTATION, false, MetricRange.NON_NEGATIVE, "Hausdorff distance (95th percentile)", Pooling.IDENTITY),
  LESION_F1("lesion_f1", TaskType.OBJECT_DETECTION, true, MetricRange.UNIT, "Lesion-wise F1", Pooling.LOGIT),
  FROC("froc", TaskType.OBJECT_DETECTION, true, MetricRange.UNIT, "FROC score", Pooling.LOGIT);

  private final MetricInfo info;

  ImageTaskMetric(String name, TaskType task, boolean higherIsBetter, MetricRange range, String title,
      Pooling pooling) {
    this.info = new MetricInfo(name, task, higherIsBetter, Set.of(), title, range, pooling);
  }

  @Override
  public MetricInfo info() {
    return info;
  }
}
