package org.palmares.evaluator.scoring;

/**
 * How a metric's values from several sites are pooled into one figure, declared by each metric
 * (the one place that choice is made; see {@link MetricInfo#pooling()}).
 *
 * <p>Two families:
 * <ul>
 *   <li><b>random effects</b> ({@link #LOGIT}, {@link #IDENTITY}): each site's estimate and its
 *       standard error are taken on the pooling scale and combined by a random-effects
 *       meta-analysis. Bounded metrics whose sampling distribution is skewed near the bounds
 *       (AUC, C-index, Dice…) are pooled on the logit scale, the usual choice for
 *       meta-analyses of AUCs and C-indices (Debray et al., BMJ 2017); unbounded ones (errors,
 *       losses, kappa, R²) on their own scale.</li>
 *   <li><b>counts</b> ({@link #CASES}, {@link #POSITIVES}, {@link #NEGATIVES}): a proportion of
 *       cases (accuracy), of positives (sensitivity) or of negatives (specificity) pools exactly:
 *       the numerators and denominators are summed over sites. A site reports the value and the
 *       part's counts, so its numerator is {@code round(value × denominator)}.</li>
 * </ul>
 */
public enum Pooling {
  /** Random effects on {@code log(p / (1 - p))}, back-transformed by the logistic function. */
  LOGIT,
  /** Random effects on the metric's own scale. */
  IDENTITY,
  /** Pooled counts: a share of all the part's cases. */
  CASES,
  /** Pooled counts: a share of the part's positive cases. */
  POSITIVES,
  /** Pooled counts: a share of the part's negative cases. */
  NEGATIVES;

  /** Whether this metric pools exactly from counts rather than by meta-analysis. */
  public boolean fromCounts() {
    return this == CASES || this == POSITIVES || this == NEGATIVES;
  }

  /**
   * The denominator a site's value is a share of, from the part's counts.
   *
   * @throws IllegalStateException for a random-effects pooling
   */
  public long denominator(int cases, int positives) {
    return switch (this) {
      case CASES -> cases;
      case POSITIVES -> positives;
      case NEGATIVES -> cases - (long) positives;
      case LOGIT, IDENTITY -> throw new IllegalStateException(this + " does not pool counts");
    };
  }

  /** A value on the pooling scale (the logit of a proportion; the value itself otherwise). */
  public double toScale(double value) {
    return this == LOGIT ? Math.log(value / (1 - value)) : value;
  }

  /** Back from the pooling scale to the metric's scale. */
  public double fromScale(double scaled) {
    return this == LOGIT ? 1 / (1 + Math.exp(-scaled)) : scaled;
  }
}
