package org.palmares.evaluator.scoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palmares.evaluator.protocol.EvaluationSpec;

/**
 * The scores of one part of a test set from per-case metrics, each with its bootstrap interval
 * resampling cases as {@link Scorer} resamples the rows of tabular tasks: the same
 * {@link PairedBootstrap}, intervals and notes, so a change there carries over.
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
   * A part's metrics through the same {@link PairedBootstrap} as the tabular tasks: one stratum of
   * cases in the order given, its resamples seeded from the spec's seed and the part alone, so
   * every submission of a phase is resampled on the same indices (cases come in the order of
   * {@code cases.csv}, which is the same for all of them) and the resample vectors pair up.
   *
   * @param positives positives or events in the part, 0 where the task has none
   * @param names     the metrics' names, in the order of {@code evaluations}
   */
  static SplitScores scores(int cases, int positives, List<String> names,
      List<Evaluation> evaluations, EvaluationSpec.Bootstrap bootstrap, int partIndex) {
    PairedBootstrap.Plan plan = PairedBootstrap.unstratified(
        bootstrap.seed() * 31 + partIndex, cases, bootstrap.resamples());
    return scores(plan, null, positives, names, evaluations);
  }

  /**
   * The one place a part's metrics get their values, intervals and resample vectors from a
   * bootstrap plan, for the tabular tasks' {@link Scorer} and the per-case metrics alike.
   *
   * @param layout see {@link PairedBootstrap#run}; null when the evaluations hold the cases in
   *               the plan's order
   */
  static SplitScores scores(PairedBootstrap.Plan plan, int[] layout, int positives, List<String> names,
      List<Evaluation> evaluations) {
    PairedBootstrap.Result result = PairedBootstrap.run(plan, layout, evaluations);
    Map<String, MetricValue> values = new LinkedHashMap<>();
    Map<String, List<Double>> vectors = new LinkedHashMap<>();
    for (int m = 0; m < evaluations.size(); m++) {
      PairedBootstrap.Estimate estimate = result.estimates().get(m);
      Evaluation.Outcome outcome = estimate.point();
      Interval ci = estimate.ci();
      values.put(names.get(m), !outcome.isDefined()
          ? MetricValue.undefined(outcome.undefined())
          : new MetricValue(outcome.value(), ci, ci == null
              ? "no confidence interval: the metric was undefined on every bootstrap resample"
              : null));
      if (outcome.isDefined()) {
        vectors.put(names.get(m), estimate.values());
      }
    }
    return new SplitScores(plan.cases(), positives, values, result.resampling(), vectors);
  }

  private static Evaluation evaluation(CaseMetric metric) {
    return weights -> {
      double value = metric.on(weights);
      return Double.isNaN(value) ? Evaluation.Outcome.undefined(metric.undefinedNote())
          : Evaluation.Outcome.of(value);
    };
  }
}
