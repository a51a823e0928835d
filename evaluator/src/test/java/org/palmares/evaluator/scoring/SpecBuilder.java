package org.palmares.evaluator.scoring;

import java.time.Duration;
import java.util.List;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.SandboxLimits;

/**
 * Builds evaluation specs for tests: labels in column 'label' with positive label '1', predictions
 * in columns 'id' and 'malignant', all five metrics with roc_auc first.
 */
final class SpecBuilder {

  private List<String> metrics = List.of("roc_auc", "accuracy", "sensitivity", "specificity",
      "log_loss");
  private double publicFraction = 0.5;
  private long splitSeed = 7;
  private int resamples = 200;
  private long bootstrapSeed = 42;

  static SpecBuilder aSpec() {
    return new SpecBuilder();
  }

  SpecBuilder metrics(String... names) {
    this.metrics = List.of(names);
    return this;
  }

  SpecBuilder publicFraction(double fraction) {
    this.publicFraction = fraction;
    return this;
  }

  SpecBuilder splitSeed(long seed) {
    this.splitSeed = seed;
    return this;
  }

  SpecBuilder resamples(int resamples) {
    this.resamples = resamples;
    return this;
  }

  SpecBuilder bootstrapSeed(long seed) {
    this.bootstrapSeed = seed;
    return this;
  }

  EvaluationSpec build() {
    return new EvaluationSpec("melanoma",
        new EvaluationSpec.HiddenData("test/inputs.csv", "test/labels.csv", "id", "label", "1"),
        new EvaluationSpec.PredictionContract("predictions.csv", "id", "malignant"),
        metrics,
        new EvaluationSpec.Bootstrap(resamples, bootstrapSeed),
        new EvaluationSpec.Split(publicFraction, splitSeed),
        new SandboxLimits(1, 1L << 30, Duration.ofMinutes(10), 1L << 20, 64, 1L << 26, 1L << 16));
  }
}
