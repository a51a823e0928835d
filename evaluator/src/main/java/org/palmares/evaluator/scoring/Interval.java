package org.palmares.evaluator.scoring;

/**
 * A 95% percentile bootstrap confidence interval.
 *
 * @param low       2.5th percentile of the metric over the valid resamples
 * @param high      97.5th percentile of the metric over the valid resamples
 * @param resamples number of resamples the interval was computed from: those drawn minus those on
 *                  which the metric was undefined (for example, a resample holding one class only)
 */
public record Interval(double low, double high, int resamples) {

  public Interval {
    if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
      throw new IllegalArgumentException("an interval needs finite bounds, low <= high: [" + low
          + ", " + high + "]");
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("an interval needs at least one resample: " + resamples);
    }
  }
}
