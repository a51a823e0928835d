package org.palmares.evaluator.scoring.image;

import java.util.Arrays;
import java.util.List;

/**
 * The FROC score of CAMELYON16 as MONAI computes it ({@code monai/metrics/froc.py}, "modified from
 * the official evaluation code of CAMELYON16"), so scores compare with theirs:
 *
 * <ol>
 *   <li>each lesion scores the highest probability of the detections matching it (0 if none);
 *       each detection matching no lesion is a false positive with its probability;
 *   <li>the thresholds are the distinct values among all those scores, in increasing order,
 *       <em>without the lowest</em> (CAMELYON16's code skips it), plus a last point (0 FP, 0
 *       sensitivity); at each, FP per image = false positives ≥ threshold / images, sensitivity =
 *       lesions scoring ≥ threshold / lesions;
 *   <li>the score is the mean, over the declared rates, of the sensitivity interpolated linearly
 *       at that FP rate ({@code numpy.interp}: flat beyond the curve's ends).
 * </ol>
 */
final class Froc {

  private Froc() {}

  static void check(double[] rates) {
    if (rates.length == 0) {
      throw new IllegalArgumentException("FROC needs at least one false-positive rate");
    }
    for (double r : rates) {
      if (!(r > 0 && Double.isFinite(r))) {
        throw new IllegalArgumentException("a FROC false-positive rate per image must be a"
            + " positive number: " + r);
      }
    }
  }

  /** The score on the cases drawn with these multiplicities; NaN when they hold no lesion. */
  static double score(List<DetectionCase> cases, int[] weights, double[] rates) {
    int count = 0;
    long images = 0;
    long lesions = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        DetectionCase c = cases.get(i);
        count += c.falsePositiveScores().length + c.lesions();
        images += weights[i];
        lesions += (long) weights[i] * c.lesions();
      }
    }
    if (lesions == 0) {
      return Double.NaN;
    }
    // Every score with its weight, false positives marked: sorted once, counted from the top.
    double[] score = new double[count];
    long[] weightOf = new long[count];
    boolean[] falsePositive = new boolean[count];
    Integer[] order = new Integer[count];
    int k = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        DetectionCase c = cases.get(i);
        for (double s : c.falsePositiveScores()) {
          score[k] = s;
          weightOf[k] = weights[i];
          falsePositive[k++] = true;
        }
        for (double s : c.lesionScores()) {
          score[k] = s;
          weightOf[k++] = weights[i];
        }
      }
    }
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    // Distinct thresholds, increasing; the counts at or above each, by suffix sums.
    double[] thresholds = new double[count];
    long[] fpAtOrAbove = new long[count];
    long[] tpAtOrAbove = new long[count];
    int distinct = 0;
    for (int i = 0; i < count; i++) {
      double s = score[order[i]];
      if (distinct == 0 || s != thresholds[distinct - 1]) {
        thresholds[distinct++] = s;
      }
      if (falsePositive[order[i]]) {
        fpAtOrAbove[distinct - 1] += weightOf[order[i]];
      } else {
        tpAtOrAbove[distinct - 1] += weightOf[order[i]];
      }
    }
    for (int t = distinct - 2; t >= 0; t--) {
      fpAtOrAbove[t] += fpAtOrAbove[t + 1];
      tpAtOrAbove[t] += tpAtOrAbove[t + 1];
    }
    // The curve from the highest threshold down, reversed so FP rates increase: point 0 is the
    // appended (0, 0), then thresholds distinct-1 .. 1 (the lowest is skipped).
    int points = distinct;
    double[] fpRate = new double[points];
    double[] sensitivity = new double[points];
    for (int p = 1; p < points; p++) {
      int t = distinct - p;
      fpRate[p] = (double) fpAtOrAbove[t] / images;
      sensitivity[p] = (double) tpAtOrAbove[t] / lesions;
    }
    double sum = 0;
    for (double rate : rates) {
      sum += interpolate(rate, fpRate, sensitivity);
    }
    return sum / rates.length;
  }

  /** {@code numpy.interp(x, xp, fp)} for increasing (not strictly) xp. */
  static double interpolate(double x, double[] xp, double[] fp) {
    int n = xp.length;
    if (x >= xp[n - 1]) {
      return fp[n - 1];
    }
    if (x < xp[0]) {
      return fp[0];
    }
    // The last j with xp[j] <= x; then xp[j + 1] > x.
    int lo = 0;
    int hi = n - 1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (xp[mid] <= x) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double slope = (fp[lo + 1] - fp[lo]) / (xp[lo + 1] - xp[lo]);
    return slope * (x - xp[lo]) + fp[lo];
  }
}
