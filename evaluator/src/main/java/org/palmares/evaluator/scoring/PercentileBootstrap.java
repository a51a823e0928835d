package org.palmares.evaluator.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Seeded 95% percentile bootstrap intervals.
 *
 * <p>Each resample draws {@code n} case indices uniformly with replacement from a {@link Stream}
 * ({@code stream.nextIndex(n)}, n times) and hands the metrics the number of times each case was
 * drawn (see {@link Evaluation}); every metric is computed on the same resample,
 * which is both cheaper and keeps the metrics' intervals consistent with one another. A resample
 * on which a metric is undefined (for example, one class only, for ROC AUC) is skipped for that
 * metric, and the interval counts only the valid ones. The bounds are the 2.5th and 97.5th
 * percentiles with estimation type R-7 (linear interpolation between order statistics, numpy's
 * default), so they can be checked against {@code numpy.percentile}.
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
  static Stream streamFor(long seed, int partIndex) {
    return new Stream(Stream.mix(seed + GOLDEN_GAMMA * (partIndex + 1L)));
  }

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  /**
   * The bootstrap's random stream, specified here to the bit so that any implementation can
   * reproduce the resamples: SplitMix64 (Steele, Lea and Flood, 2014; the state advances by the
   * golden gamma 0x9E3779B97F4A7C15 and each output is the state through the finalizer {@link
   * #mix}), and indices below {@code n} by Lemire's multiply-shift with rejection (unbiased), from
   * the high 32 bits of each output. It replaced Commons Math's Well19937c, whose bounded draws
   * cost more than the metrics themselves: a million-case bootstrap is mostly drawing.
   */
  static final class Stream {
    private long state;

    Stream(long state) {
      this.state = state;
    }

    static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    long nextLong() {
      state += GOLDEN_GAMMA;
      return mix(state);
    }

    /** A uniform index in [0, n), n >= 1. */
    int nextIndex(int n) {
      long product = (nextLong() >>> 32) * n;
      long low = product & 0xFFFFFFFFL;
      if (low < n) {
        long threshold = (0x100000000L - n) % n;
        while (low < threshold) {
          product = (nextLong() >>> 32) * n;
          low = product & 0xFFFFFFFFL;
        }
      }
      return (int) (product >>> 32);
    }
  }

  /**
   * The interval of each evaluation over {@code resamples} resamples of the {@code n} cases.
   *
   * @return for each evaluation, in the given order, its interval, or {@code null} when no
   *     resample allowed computing it
   */
  static List<Interval> intervals(int n, List<Evaluation> evaluations, int resamples,
      Stream rng) {
    if (resamples < 1) {
      throw new IllegalArgumentException("the bootstrap needs at least one resample: "
          + resamples);
    }
    int metrics = evaluations.size();
    double[][] values = new double[metrics][resamples];
    int[] valid = new int[metrics];
    int[] weights = new int[n];
    // An empty part draws nothing: nextInt(0) would throw, and no metric is defined on it.
    for (int r = 0; r < resamples && n > 0; r++) {
      Arrays.fill(weights, 0);
      for (int i = 0; i < n; i++) {
        weights[rng.nextIndex(n)]++;
      }
      for (int m = 0; m < metrics; m++) {
        Evaluation.Outcome outcome = evaluations.get(m).on(weights);
        if (outcome.isDefined()) {
          values[m][valid[m]++] = outcome.value();
        }
      }
    }
    List<Interval> intervals = new ArrayList<>(metrics);
    for (int m = 0; m < metrics; m++) {
      intervals.add(percentileInterval(values[m], valid[m]));
    }
    return intervals;
  }

  /** The intervals of binary metrics at their default parameters (tests and tools use it). */
  static Map<BinaryMetric, Interval> intervals(boolean[] positive, double[] probability,
      List<BinaryMetric> metrics, int resamples, Stream rng) {
    BinaryCases cases = new BinaryCases(positive, probability);
    List<Evaluation> evaluations = metrics.stream()
        .map(m -> m.prepare(cases, MetricParameter.resolve(m.info(), Map.of()))).toList();
    List<Interval> intervals = intervals(positive.length, evaluations, resamples, rng);
    Map<BinaryMetric, Interval> byMetric = new LinkedHashMap<>();
    for (int m = 0; m < metrics.size(); m++) {
      byMetric.put(metrics.get(m), intervals.get(m));
    }
    return byMetric;
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
