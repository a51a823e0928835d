package org.palmares.evaluator.protocol;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of prediction task a challenge can pose; {@link #id()} is the name used in bundles and specs. */
public enum TaskType {
  BINARY_CLASSIFICATION("binary-classification"),
  MULTICLASS_CLASSIFICATION("multiclass-classification"),
  REGRESSION("regression"),
  SURVIVAL("survival");

  private final String id;

  TaskType(String id) {
    this.id = id;
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
