package org.palmares.evaluator.scoring;

/**
 * One metric computed on one part of the test set.
 *
 * @param value the metric, or {@code null} when it is undefined on this part (never NaN or
 *              infinite, so it serialises to JSON and sorts without surprises)
 * @param ci    its 95% bootstrap confidence interval, or {@code null} when there is none (the value
 *              is undefined, or no resample allowed computing it)
 * @param note  a human sentence saying why the value or the interval is missing, or {@code null}
 */
public record MetricValue(Double value, Interval ci, String note) {

  public MetricValue {
    if (value != null && !Double.isFinite(value)) {
      throw new IllegalArgumentException("a metric value must be finite or null: " + value);
    }
    if (value == null && ci != null) {
      throw new IllegalArgumentException("an undefined metric cannot have an interval");
    }
  }

  /** An undefined metric, with the reason. */
  static MetricValue undefined(String note) {
    return new MetricValue(null, null, note);
  }
}
