package org.palmares.evaluator.scoring;

import java.util.List;
import java.util.Map;

/** Test helpers around {@link PairedBootstrap}: one stratum, a seeded stream. */
final class Bootstraps {
  private Bootstraps() {}

  /** The intervals of evaluations over {@code n} cases held in id order, one stratum. */
  static List<Interval> intervals(int n, List<Evaluation> evaluations, int resamples, long seed) {
    return PairedBootstrap.run(PairedBootstrap.unstratified(seed, n, resamples), null, evaluations)
        .estimates().stream().map(PairedBootstrap.Estimate::ci).toList();
  }

  /** Binary metrics at their defaults, cases stratified by class as the scorer does. */
  static PairedBootstrap.Result binary(boolean[] positive, double[] probability,
      List<BinaryMetric> metrics, int resamples, String part) {
    BinaryCases inIdOrder = new BinaryCases(positive, probability);
    int[] layout = inIdOrder.ascending();
    BinaryCases cases = inIdOrder.reordered(layout);
    List<Evaluation> evaluations = metrics.stream()
        .map(m -> m.prepare(cases, MetricParameter.resolve(m.info(), Map.of()))).toList();
    int[] stratumOf = new int[positive.length];
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < positive.length; i++) {
      stratumOf[i] = positive[i] ? 0 : 1;
      ids.add("case-%06d".formatted(i));
    }
    PairedBootstrap.Plan plan = PairedBootstrap.plan("demo", "final", 0, 42, resamples, ids,
        stratumOf, 2);
    return PairedBootstrap.run(plan, layout, evaluations);
  }
}
