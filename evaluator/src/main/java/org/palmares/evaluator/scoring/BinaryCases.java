package org.palmares.evaluator.scoring;

import java.util.Arrays;

/**
 * The cases of one part of a binary classification test set, with the order of their scores
 * computed once and shared by every metric that ranks (ROC AUC, average precision, sensitivity at
 * a specificity): a bootstrap resample then costs those metrics one pass, never a sort.
 */
final class BinaryCases {

  final boolean[] positive;
  final double[] probability;
  private int[] ascending;
  private int[] groupEnds;

  BinaryCases(boolean[] positive, double[] probability) {
    if (positive.length != probability.length) {
      throw new IllegalArgumentException(positive.length + " classes but " + probability.length
          + " probabilities");
    }
    for (double p : probability) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("probability " + p + " is not in [0, 1]");
      }
    }
    this.positive = positive;
    this.probability = probability;
  }

  /**
   * The cases laid out by increasing probability (ties keep their given order), so that the
   * ranking metrics read a resample's multiplicities in memory order: the scorer's layout. The
   * metrics do not depend on the order of the cases, only the resamples a seed draws do.
   */
  static BinaryCases byProbability(boolean[] positive, double[] probability) {
    BinaryCases given = new BinaryCases(positive, probability);
    return given.reordered(given.ascending());
  }

  /** These cases with case {@code order[k]} at position {@code k}. */
  BinaryCases reordered(int[] order) {
    boolean[] sortedPositive = new boolean[order.length];
    double[] sortedProbability = new double[order.length];
    for (int k = 0; k < order.length; k++) {
      sortedPositive[k] = positive[order[k]];
      sortedProbability[k] = probability[order[k]];
    }
    return new BinaryCases(sortedPositive, sortedProbability);
  }

  int size() {
    return positive.length;
  }

  /** Case indices by increasing probability. */
  int[] ascending() {
    sortOnce();
    return ascending;
  }

  /**
   * Ends (exclusive) of the runs of equal probability in {@link #ascending()}: run {@code g} is
   * {@code ascending[groupEnds[g-1] .. groupEnds[g])}.
   */
  int[] groupEnds() {
    sortOnce();
    return groupEnds;
  }

  private void sortOnce() {
    if (ascending != null) {
      return;
    }
    int n = size();
    // Sorted once per part: a bootstrap resample reuses this order.
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (a, b) -> Double.compare(probability[a], probability[b]));
    double[] sortedValues = new double[n];
    ascending = new int[n];
    for (int i = 0; i < n; i++) {
      ascending[i] = boxed[i];
      sortedValues[i] = probability[ascending[i]];
    }
    int[] ends = new int[n];
    int groups = 0;
    for (int k = 1; k <= n; k++) {
      if (k == n || sortedValues[k] != sortedValues[k - 1]) {
        ends[groups++] = k;
      }
    }
    groupEnds = Arrays.copyOf(ends, groups);
  }

  /** Weighted counts of the confusion matrix at a threshold (positive when p >= threshold). */
  long[] confusion(int[] w, double threshold) {
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < positive.length; i++) {
      int weight = w[i];
      if (weight == 0) {
        continue;
      }
      boolean predicted = probability[i] >= threshold;
      if (positive[i]) {
        if (predicted) {
          tp += weight;
        } else {
          fn += weight;
        }
      } else if (predicted) {
        fp += weight;
      } else {
        tn += weight;
      }
    }
    return new long[] {tp, fp, tn, fn};
  }

  /** Weighted number of positive cases, then of negative cases. */
  long[] classCounts(int[] w) {
    long positives = 0;
    long total = 0;
    for (int i = 0; i < positive.length; i++) {
      total += w[i];
      if (positive[i]) {
        positives += w[i];
      }
    }
    return new long[] {positives, total - positives};
  }
}
