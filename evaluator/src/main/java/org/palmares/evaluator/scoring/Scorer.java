package org.palmares.evaluator.scoring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.palmares.evaluator.protocol.EvaluationSpec;

/**
 * Scores one submission's predictions against a challenge's hidden labels.
 *
 * <p>Scoring is deterministic: the same spec, labels and predictions give the same report, down
 * to the bootstrap intervals, on every run and every machine. Only binary classification is
 * scored for now; another task type would get its own metric enum and a branch in {@link
 * #score}, reusing the split and the report types.
 */
public final class Scorer {

  /** Index of each part in the bootstrap stream derivation; changing them changes every CI. */
  private static final int PUBLIC_PART = 0;
  private static final int PRIVATE_PART = 1;

  private Scorer() {}

  /**
   * Validates the predictions against the hidden labels, splits the test set into public/private
   * parts, computes every metric of spec.metrics() on each part with a bootstrap CI.
   *
   * @param spec           the challenge's evaluation spec: columns, metrics, split, bootstrap
   * @param labelsCsv      the hidden labels file (the organizer's)
   * @param predictionsCsv the predictions file the submission wrote (untrusted)
   * @return the scores of both parts, metrics in spec order
   * @throws InvalidPredictionsException if the predictions cannot be scored; the message tells
   *     the competitor what to fix and reveals no label
   * @throws IOException                 if a file cannot be read for reasons of our own
   * @throws IllegalArgumentException    if the spec names an unknown metric or has invalid
   *     split or bootstrap settings
   * @throws IllegalStateException       if the labels file is malformed
   */
  public static ScoreReport score(EvaluationSpec spec, Path labelsCsv, Path predictionsCsv)
      throws InvalidPredictionsException, IOException {
    // Spec errors are the organizer's: report them before touching the competitor's file.
    List<BinaryMetric> metrics = metricsOf(spec);
    if (spec.bootstrap().resamples() < 1) {
      throw new IllegalArgumentException("the bootstrap needs at least one resample: "
          + spec.bootstrap().resamples());
    }
    HiddenLabels labels = HiddenLabels.read(labelsCsv, spec.hidden());
    Map<String, Double> probabilities = PredictionsFile.read(predictionsCsv,
        spec.predictions().idColumn(), spec.predictions().scoreColumn(),
        new HashSet<>(labels.ids()));
    TestSplit split = TestSplit.of(labels.ids(), labels.positives(), spec.split());
    return new ScoreReport(spec.primaryMetric(),
        scorePart(split.publicIds(), labels, probabilities, spec, metrics, PUBLIC_PART),
        scorePart(split.privateIds(), labels, probabilities, spec, metrics, PRIVATE_PART));
  }

  private static List<BinaryMetric> metricsOf(EvaluationSpec spec) {
    if (spec.metrics() == null || spec.metrics().isEmpty()) {
      throw new IllegalArgumentException("the evaluation spec names no metric");
    }
    List<BinaryMetric> metrics = new ArrayList<>();
    for (String name : spec.metrics().stream().map(EvaluationSpec.MetricSpec::name).toList()) {
      BinaryMetric metric = BinaryMetric.byName(name);
      if (metrics.contains(metric)) {
        throw new IllegalArgumentException("the evaluation spec names metric '" + name
            + "' twice");
      }
      metrics.add(metric);
    }
    return metrics;
  }

  private static SplitScores scorePart(Set<String> ids, HiddenLabels labels,
      Map<String, Double> probabilities, EvaluationSpec spec, List<BinaryMetric> metrics,
      int partIndex) {
    // The part's ids come sorted, so the arrays, hence the resamples, are the same on every run.
    boolean[] positive = new boolean[ids.size()];
    double[] probability = new double[ids.size()];
    int i = 0;
    for (String id : ids) {
      positive[i] = labels.positives().contains(id);
      probability[i] = probabilities.get(id);
      i++;
    }
    Map<BinaryMetric, Interval> intervals = PercentileBootstrap.intervals(positive, probability,
        metrics, spec.bootstrap().resamples(),
        PercentileBootstrap.streamFor(spec.bootstrap().seed(), partIndex));

    int positives = BinaryMetric.countPositives(positive);
    Map<String, MetricValue> values = new LinkedHashMap<>();
    for (BinaryMetric metric : metrics) {
      String undefined = metric.whyUndefined(positives, positive.length - positives);
      if (undefined != null) {
        values.put(metric.metricName(), MetricValue.undefined(undefined));
        continue;
      }
      double value = metric.computeDefined(positive, probability, positives,
          positive.length - positives);
      Interval ci = intervals.get(metric);
      values.put(metric.metricName(), new MetricValue(value, ci, ci == null
          ? "no confidence interval: the metric was undefined on every bootstrap resample"
          : null));
    }
    return new SplitScores(positive.length, positives, values);
  }
}
