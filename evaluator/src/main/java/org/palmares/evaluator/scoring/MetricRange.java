package org.palmares.evaluator.scoring;

/**
 * The values a metric can take, bounds included (infinite for an open side): a reported value
 * outside is not a score but a mistake or a forgery, and the platform refuses it.
 *
 * @param lowest  the smallest possible value
 * @param highest the largest possible value
 */
public record MetricRange(double lowest, double highest) {
  /** Proportions, areas under curves, concordance, calibration error: [0, 1]. */
  public static final MetricRange UNIT = new MetricRange(0, 1);
  /** Agreement beyond chance: [-1, 1]. */
  public static final MetricRange KAPPA = new MetricRange(-1, 1);
  /** Losses and errors: [0, +∞). */
  public static final MetricRange NON_NEGATIVE = new MetricRange(0, Double.POSITIVE_INFINITY);
  /** The coefficient of determination: (-∞, 1]. */
  public static final MetricRange AT_MOST_ONE = new MetricRange(Double.NEGATIVE_INFINITY, 1);

  public MetricRange {
    if (Double.isNaN(lowest) || Double.isNaN(highest) || lowest > highest) {
      throw new IllegalArgumentException("a range needs lowest <= highest: [" + lowest + ", " + highest + "]");
    }
  }

  /** Whether {@code value} is a finite value of this range. */
  public boolean contains(double value) {
    return Double.isFinite(value) && value >= lowest && value <= highest;
  }

  @Override
  public String toString() {
    return (Double.isInfinite(lowest) ? "(-∞" : "[" + bound(lowest)) + ", "
        + (Double.isInfinite(highest) ? "+∞)" : bound(highest) + "]");
  }

  private static String bound(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
