package org.palmares.platform.leaderboard;

import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * A random-effects meta-analysis of per-site estimates (the intercept-only model {@code y_i ~
 * N(mu, v_i + tau²)}), computed as R's {@code metafor::rma(yi, sei = sei)} does by default, so
 * that a pooled board can be checked against it (MetaAnalysisReferenceTest, to 1e-6):
 * <ul>
 *   <li>tau² by restricted maximum likelihood, Fisher scoring from the Hedges (HE) estimate,
 *       step-halving to stay at or above 0, stopping when a step changes tau² by at most
 *       {@value #THRESHOLD} or after {@value #MAX_ITERATIONS} iterations (metafor's {@code
 *       control} defaults), then metafor's check that the likelihood at tau² = 0 is not higher
 *       (its {@code ll0check});</li>
 *   <li>the pooled estimate weighted by {@code 1 / (v_i + tau²)}, its standard error
 *       {@code 1 / sqrt(sum w)} and a normal 95% interval (metafor's {@code test = "z"});</li>
 *   <li>Cochran's Q with the fixed-effect weights {@code 1 / v_i} and its chi-square p-value;
 *       I² = tau² / (tau² + typical v) with metafor's typical within-site variance
 *       {@code (k - 1) / tr(P)}.</li>
 * </ul>
 * DerSimonian–Laird is kept as the fallback when Fisher scoring does not converge (metafor then
 * stops with an error; a board must still show something, and says which estimator it used).
 * Pure: no I/O, no state.
 */
public final class MetaAnalysis {

  /** The 97.5% quantile of the standard normal, R's {@code qnorm(0.975)}. */
  public static final double Z_975 = 1.959963984540054;
  /** metafor's {@code control$threshold}. */
  static final double THRESHOLD = 1e-5;
  /** metafor's {@code control$maxiter}. */
  static final int MAX_ITERATIONS = 100;
  /** metafor's {@code control$tol} ({@code .Machine$double.eps^0.25}) for the tau² = 0 check. */
  private static final double LL0_TOLERANCE = Math.pow(Math.ulp(1.0), 0.25);

  private MetaAnalysis() {}

  /** The estimator of tau² a result used. */
  public enum Estimator {
    /** Restricted maximum likelihood (metafor's default). */
    REML,
    /** DerSimonian–Laird, when REML did not converge. */
    DL
  }

  /**
   * One site's estimate on the pooling scale.
   *
   * @param estimate the estimate
   * @param se       its standard error, finite and positive
   */
  public record Study(double estimate, double se) {
    public Study {
      if (!Double.isFinite(estimate) || !Double.isFinite(se) || se <= 0) {
        throw new IllegalArgumentException("a study needs a finite estimate and a positive standard"
            + " error: " + estimate + " ± " + se);
      }
    }
  }

  /**
   * The pooled result on the pooling scale.
   *
   * @param estimate  pooled estimate
   * @param se        its standard error
   * @param low       lower end of its 95% interval
   * @param high      upper end
   * @param tau2      between-site variance
   * @param i2        share of the total variability due to heterogeneity, in percent [0, 100]
   * @param q         Cochran's Q
   * @param qp        Q's p-value (chi-square with k - 1 degrees of freedom); 1 for one study
   * @param k         number of studies
   * @param estimator how tau² was estimated
   */
  public record Result(double estimate, double se, double low, double high, double tau2,
      double i2, double q, double qp, int k, Estimator estimator) {}

  /**
   * The random-effects pooled estimate of {@code studies}.
   *
   * @throws IllegalArgumentException if there is no study
   */
  public static Result randomEffects(List<Study> studies) {
    int k = studies.size();
    if (k == 0) {
      throw new IllegalArgumentException("a meta-analysis needs at least one study");
    }
    double[] y = new double[k];
    double[] v = new double[k];
    for (int i = 0; i < k; i++) {
      y[i] = studies.get(i).estimate();
      v[i] = studies.get(i).se() * studies.get(i).se();
    }
    if (k == 1) {
      // metafor: one study, tau² = 0, Q = 0, I² = 0.
      return pooled(y, v, 0, 0, 1, 0, Estimator.REML);
    }
    double tau2;
    Estimator estimator = Estimator.REML;
    Double reml = reml(y, v);
    if (reml == null) {
      tau2 = derSimonianLaird(y, v);
      estimator = Estimator.DL;
    } else {
      tau2 = reml;
    }
    // Heterogeneity with the fixed-effect weights, and metafor's typical variance (i2def "1").
    double[] w = inverse(v, 0);
    double sumW = sum(w);
    double q = Math.max(0, weightedResiduals(y, w));
    double trP = sumW - sumOfSquares(w) / sumW;
    double typical = (k - 1) / trP;
    double i2 = 100 * tau2 / (typical + tau2);
    double qp = 1 - new ChiSquaredDistribution(null, k - 1).cumulativeProbability(q);
    return pooled(y, v, tau2, q, qp, i2, estimator);
  }

  /** DerSimonian–Laird's moment estimate of tau², at least 0. */
  public static double derSimonianLaird(double[] y, double[] v) {
    int k = y.length;
    double[] w = inverse(v, 0);
    double sumW = sum(w);
    double q = weightedResiduals(y, w);
    return Math.max(0, (q - (k - 1)) / (sumW - sumOfSquares(w) / sumW));
  }

  /** REML tau² by metafor's Fisher scoring, or null if it does not converge. */
  private static Double reml(double[] y, double[] v) {
    int k = y.length;
    // Hedges' estimate as the start: (sum (y - mean)² - sum v (1 - 1/k)) / (k - 1), at least 0.
    double mean = sum(y) / k;
    double rss = 0;
    for (double yi : y) {
      rss += (yi - mean) * (yi - mean);
    }
    double tau2 = Math.max(0, (rss - sum(v) * (1 - 1.0 / k)) / (k - 1));
    double change = THRESHOLD + 1;
    int iteration = 0;
    while (change > THRESHOLD) {
      iteration++;
      double old = tau2;
      double[] w = inverse(v, tau2);
      double sumW = sum(w);
      double mu = weightedMean(y, w);
      // With P = W - w wᵀ / sum(w): Py = w ∘ (y - mu), tr(P) and tr(PP) in closed form.
      double yPPy = 0;
      double sumW2 = 0;
      double sumW3 = 0;
      for (int i = 0; i < k; i++) {
        double r = w[i] * (y[i] - mu);
        yPPy += r * r;
        sumW2 += w[i] * w[i];
        sumW3 += w[i] * w[i] * w[i];
      }
      double trP = sumW - sumW2 / sumW;
      double trPP = sumW2 - 2 * sumW3 / sumW + sumW2 * sumW2 / (sumW * sumW);
      double adjustment = (yPPy - trP) / trPP;
      if (Double.isNaN(adjustment)) {
        adjustment = 0;
      }
      while (tau2 + adjustment < 0) {
        adjustment /= 2;
      }
      tau2 += adjustment;
      change = Math.abs(old - tau2);
      if (iteration > MAX_ITERATIONS) {
        return null;
      }
    }
    tau2 = Math.max(0, tau2);
    if (tau2 > THRESHOLD && restrictedLogLikelihood(y, v, 0) - restrictedLogLikelihood(y, v, tau2)
        > LL0_TOLERANCE) {
      // metafor: "Fisher scoring algorithm may have gotten stuck at a local maximum"; it sets 0.
      return 0.0;
    }
    return tau2;
  }

  /** The restricted log-likelihood at tau², as metafor computes it for its tau² = 0 check. */
  private static double restrictedLogLikelihood(double[] y, double[] v, double tau2) {
    int k = y.length;
    double[] w = inverse(v, tau2);
    double sumLog = 0;
    for (int i = 0; i < k; i++) {
      sumLog += Math.log(v[i] + tau2);
    }
    return -0.5 * (k - 1) * Math.log(2 * Math.PI) - 0.5 * sumLog - 0.5 * Math.log(sum(w))
        - 0.5 * weightedResiduals(y, w);
  }

  private static Result pooled(double[] y, double[] v, double tau2, double q, double qp,
      double i2, Estimator estimator) {
    double[] w = inverse(v, tau2);
    double estimate = weightedMean(y, w);
    double se = Math.sqrt(1 / sum(w));
    return new Result(estimate, se, estimate - Z_975 * se, estimate + Z_975 * se, tau2, i2, q,
        qp, y.length, estimator);
  }

  private static double[] inverse(double[] v, double tau2) {
    double[] w = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      w[i] = 1 / (v[i] + tau2);
    }
    return w;
  }

  private static double weightedMean(double[] y, double[] w) {
    double num = 0;
    for (int i = 0; i < y.length; i++) {
      num += w[i] * y[i];
    }
    return num / sum(w);
  }

  /** sum w (y - weighted mean)². */
  private static double weightedResiduals(double[] y, double[] w) {
    double mu = weightedMean(y, w);
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      s += w[i] * (y[i] - mu) * (y[i] - mu);
    }
    return s;
  }

  private static double sum(double[] x) {
    double s = 0;
    for (double xi : x) {
      s += xi;
    }
    return s;
  }

  private static double sumOfSquares(double[] x) {
    double s = 0;
    for (double xi : x) {
      s += xi * xi;
    }
    return s;
  }
}
