package org.palmares.evaluator.scoring;

/** A metric implemented here: the enums of each task's metrics implement it. */
interface MetricDefinition {

  /** What the platform needs to know about the metric. */
  MetricInfo info();
}
