package org.palmares.evaluator.protocol;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of prediction task a challenge can pose; {@link #id()} is the name used in bundles and specs. */
public enum TaskType {
  BINARY_CLASSIFICATION("binary-classification"),
  MULTICLASS_CLASSIFICATION("multiclass-classification"),
  REGRESSION("regression"),
  SURVIVAL("survival"),
  /** One class per image (binary, multiclass or ordinal grades), read from a CSV the container writes. */
  IMAGE_CLASSIFICATION("image-classification"),
  /** A label mask per image, with the image's geometry, scored per class (Dice, NSD, HD95). */
  IMAGE_SEGMENTATION("image-segmentation"),
  /** Points or boxes with probabilities per image, as JSON, scored lesion-wise (F1, FROC). */
  OBJECT_DETECTION("object-detection");

  private final String id;

  TaskType(String id) {
    this.id = id;
  }

  /** Whether the task's inputs are images under {@code /input/images} (see {@link EvaluationSpec.ImageTask}). */
  public boolean isImageTask() {
    return this == IMAGE_CLASSIFICATION || this == IMAGE_SEGMENTATION || this == OBJECT_DETECTION;
  }

  public String id() {
    return id;
  }

  /** The task named {@code id}; the exception lists the known ones. */
  public static TaskType byId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown task '" + id + "'; known: "
            + Arrays.stream(values()).map(TaskType::id).collect(Collectors.joining(", "))));
  }
}
