package org.palmares.evaluator.scoring;

/**
 * A 95% confidence interval.
 *
 * @param low       its lower end
 * @param high      its upper end
 * @param resamples the valid resamples (0 for a scoring image's own interval: not known) of the part (those drawn minus those dropped because a
 *                  metric was undefined on them; see {@link Resampling}), whatever the method
 * @param method    how it was computed, one of {@link IntervalMethod}'s {@link IntervalMethod#id()}s
 *                  ({@code bca}, {@code delong-logit}, {@code percentile}, {@code scoring-image}); null in reports older
 *                  than the methods (percentile)
 */
public record Interval(double low, double high, int resamples, String method) {

  public Interval {
    if (!Double.isFinite(low) || !Double.isFinite(high) || low > high) {
      throw new IllegalArgumentException("an interval needs finite bounds, low <= high: [" + low
          + ", " + high + "]");
    }
    // 0 only for a scoring image's own interval, whose resamples we do not know.
    if (resamples < 1 && !IntervalMethod.SCORING_IMAGE.id().equals(method)) {
      throw new IllegalArgumentException("an interval needs at least one resample: " + resamples);
    }
  }

  /** A percentile interval (reports from before the methods). */
  public Interval(double low, double high, int resamples) {
    this(low, high, resamples, IntervalMethod.PERCENTILE.id());
  }
}
