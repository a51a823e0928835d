package org.palmares.evaluator.scoring;

import java.util.List;
import org.palmares.evaluator.protocol.EvaluationSpec;

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
    return new EvaluationSpec("melanoma", "final", "binary-classification",
        EvaluationSpec.HiddenData.binary("test/inputs.csv", "test/labels.csv", "id", "label", "1"),
        new EvaluationSpec.PredictionContract("predictions.csv", "id", "malignant"),
        metrics == null ? null : metrics.stream().map(EvaluationSpec.MetricSpec::of).toList(),
        new EvaluationSpec.Bootstrap(resamples, bootstrapSeed),
        new EvaluationSpec.Split(publicFraction, splitSeed),
        // The scorer never reads the sandbox limits; leaving them out keeps these tests
        // independent of that record's shape.
        null, null);
  }
}
