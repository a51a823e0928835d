package org.palmares.evaluator.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Seeded 95% percentile bootstrap intervals for binary metrics.
 *
 * <p>Each resample draws {@code n} case indices uniformly with replacement from a {@link
 * RandomGenerator}; every metric is computed on the same resample, which is both cheaper and
 * keeps the metrics' intervals consistent with one another. A resample on which a metric is
 * undefined (for example, one class only, for ROC AUC) is skipped for that metric, and the
 * interval counts only the valid ones. The bounds are the 2.5th and 97.5th percentiles with
 * estimation type R-7 (linear interpolation between order statistics, numpy's default), so they
 * can be checked against {@code numpy.percentile}.
 */
final class PercentileBootstrap {

  private static final double LOW_PERCENTILE = 2.5;
  private static final double HIGH_PERCENTILE = 97.5;

  private PercentileBootstrap() {}

  /**
   * A random stream for one part of the test set, derived from the challenge's bootstrap seed and
   * the part's index, so that the two parts draw independent resamples and a re-run of the same
   * scoring reproduces identical intervals.
   */
  static RandomGenerator streamFor(long seed, int partIndex) {
    return new Well19937c(new int[] {(int) (seed >>> 32), (int) seed, partIndex});
  }

  /**
   * The interval of each metric over {@code resamples} resamples of the cases.
   *
   * @return for each metric, in the given order, its interval, or {@code null} when no resample
   *     allowed computing it
   */
  static Map<BinaryMetric, Interval> intervals(boolean[] positive, double[] probability,
      List<BinaryMetric> metrics, int resamples, RandomGenerator rng) {
    if (resamples < 1) {
      throw new IllegalArgumentException("the bootstrap needs at least one resample: "
          + resamples);
    }
    int n = positive.length;
    List<double[]> values = new ArrayList<>(metrics.size());
    int[] valid = new int[metrics.size()];
    for (int m = 0; m < metrics.size(); m++) {
      values.add(new double[resamples]);
    }
    boolean[] drawnPositive = new boolean[n];
    double[] drawnProbability = new double[n];
    // An empty part draws nothing: nextInt(0) would throw, and no metric is defined on it.
    for (int r = 0; r < resamples && n > 0; r++) {
      int positives = 0;
      for (int i = 0; i < n; i++) {
        int pick = rng.nextInt(n);
        drawnPositive[i] = positive[pick];
        drawnProbability[i] = probability[pick];
        if (drawnPositive[i]) {
          positives++;
        }
      }
      int negatives = n - positives;
      for (int m = 0; m < metrics.size(); m++) {
        BinaryMetric metric = metrics.get(m);
        if (metric.whyUndefined(positives, negatives) == null) {
          values.get(m)[valid[m]++] =
              metric.computeDefined(drawnPositive, drawnProbability, positives, negatives);
        }
      }
    }
    Map<BinaryMetric, Interval> intervals = new LinkedHashMap<>();
    for (int m = 0; m < metrics.size(); m++) {
      intervals.put(metrics.get(m), percentileInterval(values.get(m), valid[m]));
    }
    return intervals;
  }

  private static Interval percentileInterval(double[] values, int count) {
    if (count == 0) {
      return null;
    }
    Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
    percentile.setData(values, 0, count);
    return new Interval(percentile.evaluate(LOW_PERCENTILE), percentile.evaluate(HIGH_PERCENTILE),
        count);
  }
}
