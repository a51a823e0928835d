package org.palmares.platform.leaderboard;

import java.util.ArrayList;
import java.util.List;
import org.palmares.evaluator.scoring.Pooling;

/**
 * One metric pooled over the sites that scored a submission, the way the metric declares
 * ({@link Pooling}): a random-effects meta-analysis of the sites' estimates on the metric's
 * pooling scale ({@link MetaAnalysis}), or exactly from the sites' counts.
 *
 * <p>For a meta-analysis, a site's standard error on the pooling scale {@code g} comes from its
 * reported 95% bootstrap interval: {@code se = (g(high) - g(low)) / (2 × 1.959964)} (on the logit scale, a value or
 * bound at 0 or 1 is first moved half a case inside); the pooled
 * estimate and interval are back-transformed to the metric's scale. For counts, each site's
 * numerator is {@code round(value × denominator)}, the numerators and denominators are summed,
 * and the interval is Wilson's score interval of the pooled proportion.
 *
 * @param value    the pooled value on the metric's scale, or null when it cannot be pooled
 * @param low      lower end of its 95% interval, or null
 * @param high     upper end, or null
 * @param tau2     between-site variance on the pooling scale (meta-analysis only), or null
 * @param i2       I² in percent (meta-analysis only), or null
 * @param q        Cochran's Q (meta-analysis only), or null
 * @param sites    the number of sites pooled
 * @param method   how it was pooled, one of {@link #REML}, {@link #DL}, {@link #COUNTS}
 * @param scale    the pooling scale of a meta-analysis ({@code logit}, {@code identity}), or null
 * @param note     why there is no value, or null
 */
public record PooledScore(Double value, Double low, Double high, Double tau2, Double i2, Double q,
    int sites, String method, String scale, String note) {

  /** Random-effects meta-analysis, tau² by REML. */
  public static final String REML = "random-effects-reml";
  /** Random-effects meta-analysis, tau² by DerSimonian–Laird (REML did not converge). */
  public static final String DL = "random-effects-dl";
  /** Pooled counts with Wilson's interval. */
  public static final String COUNTS = "pooled-counts";

  /**
   * One site's figure for one metric on one part.
   *
   * @param value     the metric's value
   * @param low       its 95% interval's lower end, or null
   * @param high      its upper end, or null
   * @param cases     the part's cases
   * @param positives the part's positives
   */
  public record SiteFigure(double value, Double low, Double high, int cases, int positives) {}

  /** Pools {@code figures} (at least one) as {@code pooling} says. */
  public static PooledScore of(Pooling pooling, List<SiteFigure> figures) {
    if (figures.isEmpty()) {
      throw new IllegalArgumentException("nothing to pool");
    }
    return pooling.fromCounts() ? counts(pooling, figures) : randomEffects(pooling, figures);
  }

  private static PooledScore randomEffects(Pooling pooling, List<SiteFigure> figures) {
    String scale = pooling == Pooling.LOGIT ? "logit" : "identity";
    List<MetaAnalysis.Study> studies = new ArrayList<>();
    for (SiteFigure f : figures) {
      if (f.low() == null || f.high() == null) {
        return unpooled(figures.size(), REML, scale,
            "a site reported no confidence interval, so its standard error is unknown");
      }
      double y = pooling.toScale(inside(pooling, f.value(), f.cases()));
      double se = (pooling.toScale(inside(pooling, f.high(), f.cases()))
          - pooling.toScale(inside(pooling, f.low(), f.cases()))) / (2 * MetaAnalysis.Z_975);
      if (!Double.isFinite(y) || !Double.isFinite(se) || se <= 0) {
        return unpooled(figures.size(), REML, scale, "a site's interval has no width on the " + scale
            + " scale, so its standard error is 0 and it cannot be pooled");
      }
      studies.add(new MetaAnalysis.Study(y, se));
    }
    MetaAnalysis.Result r = MetaAnalysis.randomEffects(studies);
    return new PooledScore(pooling.fromScale(r.estimate()), pooling.fromScale(r.low()),
        pooling.fromScale(r.high()), r.tau2(), r.i2(), r.q(), r.k(),
        r.estimator() == MetaAnalysis.Estimator.REML ? REML : DL, scale, null);
  }

  /**
   * A proportion moved half a case inside (0, 1) when it lies on a bound, for the logit scale: a perfect AUC at a
   * site (or an interval reaching 1) is still pooled, as a continuity correction does (the usual 0.5 in
   * meta-analyses of proportions); every other value is left as it is.
   */
  private static double inside(Pooling pooling, double p, int cases) {
    if (pooling != Pooling.LOGIT) {
      return p;
    }
    double half = 0.5 / Math.max(1, cases);
    return Math.min(Math.max(p, half), 1 - half);
  }

  private static PooledScore counts(Pooling pooling, List<SiteFigure> figures) {
    long numerator = 0;
    long denominator = 0;
    for (SiteFigure f : figures) {
      long n = pooling.denominator(f.cases(), f.positives());
      numerator += Math.round(f.value() * n);
      denominator += n;
    }
    if (denominator == 0) {
      return unpooled(figures.size(), COUNTS, null, "no site has cases to count");
    }
    double[] wilson = wilson(numerator, denominator);
    return new PooledScore((double) numerator / denominator, wilson[0], wilson[1], null, null,
        null, figures.size(), COUNTS, null, null);
  }

  /** Wilson's score interval at 95% for {@code x} successes out of {@code n}. */
  static double[] wilson(long x, long n) {
    double z = MetaAnalysis.Z_975;
    double p = (double) x / n;
    double z2n = z * z / n;
    double centre = (p + z2n / 2) / (1 + z2n);
    double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  private static PooledScore unpooled(int sites, String method, String scale, String note) {
    return new PooledScore(null, null, null, null, null, null, sites, method, scale, note);
  }
}
