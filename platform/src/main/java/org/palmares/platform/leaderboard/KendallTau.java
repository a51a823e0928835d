package org.palmares.platform.leaderboard;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Kendall's τ-b of many rankings against one fixed ranking, by Knight's (1966) O(n log n)
 * algorithm on primitive arrays: the fixed side is sorted once, each compared ranking costs one
 * merge sort counting exchanges. The same figure as Commons Math's {@code KendallsCorrelation}
 * (checked in {@code KendallTauTest}), which boxes every pair and re-sorts both sides per call:
 * at 1,000 teams × 1,000 resamples that was most of the rank statistics' time.
 */
final class KendallTau {

  private final int n;
  /** Indices sorted by the fixed values, ties by index. */
  private final int[] order;
  /** For each position in {@code order}, the end (exclusive) of its run of equal fixed values. */
  private final int[] runEnd;
  private final long fixedTiePairs;
  private final double[] y;
  private final double[] buffer;

  KendallTau(double[] fixed) {
    n = fixed.length;
    order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> fixed[i]))
        .mapToInt(Integer::intValue).toArray();
    runEnd = new int[n];
    long ties = 0;
    for (int start = 0; start < n; ) {
      int end = start + 1;
      while (end < n && fixed[order[end]] == fixed[order[start]]) {
        end++;
      }
      Arrays.fill(runEnd, start, end, end);
      ties += (long) (end - start) * (end - start - 1) / 2;
      start = end;
    }
    fixedTiePairs = ties;
    y = new double[n];
    buffer = new double[n];
  }

  /** τ-b between the fixed values and {@code other}, NaN when either side is constant. */
  double against(double[] other) {
    long pairs = (long) n * (n - 1) / 2;
    // y in fixed order, each run of equal fixed values sorted by y: joint ties are then adjacent.
    for (int k = 0; k < n; k++) {
      y[k] = other[order[k]];
    }
    long jointTies = 0;
    for (int start = 0; start < n; start = runEnd[start]) {
      int end = runEnd[start];
      Arrays.sort(y, start, end);
      for (int s = start; s < end; ) {
        int e = s + 1;
        while (e < end && y[e] == y[s]) {
          e++;
        }
        jointTies += (long) (e - s) * (e - s - 1) / 2;
        s = e;
      }
    }
    long swaps = mergeSortCountingSwaps(0, n);
    long otherTies = 0;
    for (int s = 0; s < n; ) {
      int e = s + 1;
      while (e < n && y[e] == y[s]) {
        e++;
      }
      otherTies += (long) (e - s) * (e - s - 1) / 2;
      s = e;
    }
    double concordantMinusDiscordant = pairs - fixedTiePairs - otherTies + jointTies - 2.0 * swaps;
    double denominator = Math.sqrt((double) (pairs - fixedTiePairs) * (pairs - otherTies));
    return denominator == 0 ? Double.NaN : concordantMinusDiscordant / denominator;
  }

  /** Sorts y[from, to) ascending, returning the number of strict inversions. */
  private long mergeSortCountingSwaps(int from, int to) {
    if (to - from < 2) {
      return 0;
    }
    int mid = (from + to) >>> 1;
    long swaps = mergeSortCountingSwaps(from, mid) + mergeSortCountingSwaps(mid, to);
    int i = from;
    int j = mid;
    int k = from;
    while (i < mid && j < to) {
      if (y[j] < y[i]) {
        swaps += mid - i;
        buffer[k++] = y[j++];
      } else {
        buffer[k++] = y[i++];
      }
    }
    while (i < mid) {
      buffer[k++] = y[i++];
    }
    while (j < to) {
      buffer[k++] = y[j++];
    }
    System.arraycopy(buffer, from, y, from, to - from);
    return swaps;
  }
}
