package org.palmares.evaluator.scoring;

import java.util.List;

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
    PairedBootstrap.Estimate auc = Bootstraps.binary(positive, probability,
        List.of(BinaryMetric.ROC_AUC), resamples, "public").estimates().get(0);
    Interval ci = auc.ci();
    return new double[] {auc.point().value(), ci.low(), ci.high(), ci.resamples()};
  }
}
