package org.palmares.evaluator.scoring;

import java.util.List;
import java.util.Map;

/** Lets benchmarks in other packages time the scoring internals without the file reading. */
public final class BenchAccess {

  private BenchAccess() {}

  /**
   * ROC AUC of the cases and its bootstrap interval, as {@link Scorer} computes them for one part.
   *
   * @return point estimate, low, high, valid resamples
   */
  public static double[] rocAucWithInterval(boolean[] positive, double[] probability,
      int resamples, long seed) {
    BinaryCases cases = BinaryCases.byProbability(positive, probability);
    Evaluation auc = BinaryMetric.ROC_AUC.prepare(cases, Map.of());
    double point = auc.on(Evaluation.ones(positive.length)).value();
    Interval ci = PercentileBootstrap.intervals(positive.length, List.of(auc), resamples,
        PercentileBootstrap.streamFor(seed, 0)).get(0);
    return new double[] {point, ci.low(), ci.high(), ci.resamples()};
  }
}
