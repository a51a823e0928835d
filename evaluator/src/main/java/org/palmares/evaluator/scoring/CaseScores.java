package org.palmares.evaluator.scoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palmares.evaluator.protocol.EvaluationSpec;

/**
 * The scores of one part of a test set from per-case metrics, each with its bootstrap interval
 * resampling cases exactly as {@link Scorer} resamples the rows of tabular tasks: the same
 * {@link PercentileBootstrap} call, stream derivation and notes, so a change there carries over.
 */
public final class CaseScores {

  /** The bootstrap stream index of the public part, as in {@link Scorer}. */
  public static final int PUBLIC_PART = 0;
  /** The bootstrap stream index of the private part, as in {@link Scorer}. */
  public static final int PRIVATE_PART = 1;

  private CaseScores() {}

  /**
   * Every metric on the part, with its interval.
   *
   * @param cases     the number of cases in the part (the length of the weights)
   * @param metrics   the metrics, in spec order
   * @param bootstrap the spec's bootstrap settings (resamples, seed)
   * @param partIndex {@link #PUBLIC_PART} or {@link #PRIVATE_PART}
   */
  public static SplitScores part(int cases, List<CaseMetric> metrics,
      EvaluationSpec.Bootstrap bootstrap, int partIndex) {
    return scores(cases, 0, metrics.stream().map(CaseMetric::name).toList(),
        metrics.stream().map(CaseScores::evaluation).toList(), bootstrap, partIndex);
  }

  /**
   * The one place a part's metrics get their values and intervals, for the tabular tasks'
   * {@link Scorer} and the per-case metrics alike.
   *
   * @param positives positives or events in the part, 0 where the task has none
   * @param names     the metrics' names, in the order of {@code evaluations}
   */
  static SplitScores scores(int cases, int positives, List<String> names,
      List<Evaluation> evaluations, EvaluationSpec.Bootstrap bootstrap, int partIndex) {
    List<Interval> intervals = PercentileBootstrap.intervals(cases, evaluations,
        bootstrap.resamples(), PercentileBootstrap.streamFor(bootstrap.seed(), partIndex));
    int[] ones = Evaluation.ones(cases);
    Map<String, MetricValue> values = new LinkedHashMap<>();
    for (int m = 0; m < evaluations.size(); m++) {
      Evaluation.Outcome outcome = evaluations.get(m).on(ones);
      Interval ci = intervals.get(m);
      values.put(names.get(m), !outcome.isDefined()
          ? MetricValue.undefined(outcome.undefined())
          : new MetricValue(outcome.value(), ci, ci == null
              ? "no confidence interval: the metric was undefined on every bootstrap resample"
              : null));
    }
    return new SplitScores(cases, positives, values);
  }

  private static Evaluation evaluation(CaseMetric metric) {
    return weights -> {
      double value = metric.on(weights);
      return Double.isNaN(value) ? Evaluation.Outcome.undefined(metric.undefinedNote())
          : Evaluation.Outcome.of(value);
    };
  }
}
