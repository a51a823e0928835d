package org.palmares.evaluator.scoring;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * How a metric's 95% interval is computed, chosen per metric for its coverage on small parts
 * (measured by {@code scripts/coverage-benchmark.sh}; figures in {@code docs/benchmarks.md}).
 *
 * <ul>
 *   <li>{@link #DELONG_LOGIT} for ROC AUC: DeLong, DeLong and Clarke-Pearson (1988)'s variance
 *       of the Mann–Whitney AUC from its placement values, with the Wald interval taken on the
 *       logit scale and transformed back (Pepe, 2003, §5.2; Qin and Hotilovac, 2008, found its
 *       coverage close to nominal at small samples where the bootstrap percentile under-covers),
 *       so the bounds stay inside (0, 1) and are asymmetric near 1.</li>
 *   <li>{@link #BCA} for every other metric: the bias-corrected and accelerated bootstrap
 *       (Efron, 1987; DiCiccio and Efron, 1996), second-order accurate where the percentile
 *       interval is first-order only; the bias correction from the share of resamples below the
 *       estimate (ties counting one half), the acceleration from a jackknife.</li>
 *   <li>{@link #PERCENTILE}: the 2.5th and 97.5th percentiles of the resamples (R-7, numpy's
 *       default), reports from before the methods.</li>
 * </ul>
 */
public enum IntervalMethod {
  BCA("bca"),
  DELONG_LOGIT("delong-logit"),
  PERCENTILE("percentile"),
  /** A challenge's scoring image computed it; we know nothing of how. */
  SCORING_IMAGE("scoring-image");

  static final double LEVEL = 0.95;
  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
  private static final double Z = NORMAL.inverseCumulativeProbability(1 - (1 - LEVEL) / 2);

  private final String id;

  IntervalMethod(String id) {
    this.id = id;
  }

  /** The name reports use. */
  public String id() {
    return id;
  }

  /** A metric's method: the closed form it offers, else BCa. */
  static IntervalMethod of(Evaluation evaluation) {
    return evaluation instanceof Evaluation.ClosedForm ? DELONG_LOGIT : BCA;
  }

  /**
   * The interval of a metric.
   *
   * @param point     the metric on the part
   * @param resampled its value on each valid resample
   * @param jackknife its leave-out values, computed only when needed (BCa)
   * @param valid     the part's valid resamples, carried by the interval
   */
  Interval interval(double point, double[] resampled, PairedBootstrap.Jackknife jackknife,
      int valid) {
    return switch (this) {
      case BCA -> bca(point, resampled, jackknife.values(), valid, jackknife.cases());
      case PERCENTILE -> percentile(resampled, 100 * (1 - LEVEL) / 2, 100 * (1 + LEVEL) / 2, valid, this);
      case DELONG_LOGIT -> throw new IllegalStateException("a closed form is its metric's own");
      case SCORING_IMAGE -> throw new IllegalStateException("a scoring image computes its own");
    };
  }

  /**
   * BCa bounds (DiCiccio and Efron 1996, eq. 2.3 and 6.6), with the normal quantile expanded for
   * small parts as Hesterberg (2015, "What teachers should know about the bootstrap", §4.5, the
   * expanded percentile interval) does: {@code sqrt(n / (n - 1)) t(n - 1)} in place of {@code z},
   * which corrects the bootstrap's narrowness bias (its variance is the plug-in one, too small
   * by n / (n - 1)) and its normal tails where a t is due; negligible from a few hundred cases.
   */
  static Interval bca(double point, double[] resampled, double[] jackknife, int valid, int cases) {
    int b = resampled.length;
    double below = 0;
    for (double v : resampled) {
      below += v < point ? 1 : v == point ? 0.5 : 0;
    }
    // A share of 0 or 1 would put z0 at infinity: keep it half a resample inside.
    double share = Math.min(Math.max(below / b, 0.5 / b), 1 - 0.5 / b);
    double z0 = NORMAL.inverseCumulativeProbability(share);
    double a = acceleration(jackknife);
    double z = expandedQuantile(cases);
    double low = 100 * adjusted(z0, a, -z);
    double high = 100 * adjusted(z0, a, z);
    return percentile(resampled, low, high, valid, BCA);
  }

  /** {@code sqrt(n / (n - 1))} times the 97.5% quantile of Student's t with n - 1 degrees of freedom. */
  static double expandedQuantile(int cases) {
    if (cases < 2) {
      return Z;
    }
    double t = new org.apache.commons.math3.distribution.TDistribution(null, cases - 1)
        .inverseCumulativeProbability(1 - (1 - LEVEL) / 2);
    return Math.sqrt((double) cases / (cases - 1)) * t;
  }

  private static double adjusted(double z0, double a, double z) {
    double shifted = z0 + z;
    double denominator = 1 - a * shifted;
    // Past the pole of the formula the correction has lost its meaning: take the extreme.
    if (denominator <= 0) {
      return z < 0 ? 0 : 1;
    }
    return NORMAL.cumulativeProbability(z0 + shifted / denominator);
  }

  /** Efron's acceleration from jackknife values: skewness of the influence, over 6. */
  static double acceleration(double[] jackknife) {
    if (jackknife.length < 2) {
      return 0;
    }
    double mean = 0;
    for (double v : jackknife) {
      mean += v;
    }
    mean /= jackknife.length;
    double squares = 0;
    double cubes = 0;
    for (double v : jackknife) {
      double d = mean - v;
      squares += d * d;
      cubes += d * d * d;
    }
    return squares == 0 ? 0 : cubes / (6 * Math.pow(squares, 1.5));
  }

  private static Interval percentile(double[] values, double low, double high, int valid,
      IntervalMethod method) {
    Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
    percentile.setData(values);
    // Percentile takes p in (0, 100]; p = 0 means the smallest value, which R-7 gives at any tiny p.
    double lo = percentile.evaluate(Math.max(low, 1e-9));
    double hi = percentile.evaluate(Math.max(high, 1e-9));
    return new Interval(Math.min(lo, hi), Math.max(lo, hi), valid, method.id());
  }

  /**
   * The logit-scale Wald interval of a proportion-like estimate in (0, 1) with the given
   * variance (DeLong's, for ROC AUC).
   */
  static Interval logitWald(double estimate, double variance, int valid) {
    double logit = Math.log(estimate / (1 - estimate));
    double se = Math.sqrt(variance) / (estimate * (1 - estimate));
    return new Interval(expit(logit - Z * se), expit(logit + Z * se), valid, DELONG_LOGIT.id());
  }

  private static double expit(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
