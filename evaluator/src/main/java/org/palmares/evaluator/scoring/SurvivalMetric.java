package org.palmares.evaluator.scoring;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.palmares.evaluator.protocol.TaskType;
import org.palmares.evaluator.scoring.Evaluation.Outcome;

/** The metrics of survival analysis, over follow-up times, event indicators and predicted risks. */
enum SurvivalMetric implements MetricDefinition {

  /**
   * Harrell's concordance index, with the convention of R's {@code survival::concordance(Surv(time,
   * event) ~ risk, reverse = TRUE)} (survival 3.x, default {@code timewt = "n"}): a pair (i, j) is
   * comparable when case i had the event and either {@code time_i < time_j}, or the times are
   * equal and case j is censored (censored at t means still at risk at t); pairs with equal times
   * where both had the event, or both are censored, are not comparable. A comparable pair is
   * concordant when {@code risk_i > risk_j} (higher risk, earlier event) and counts 1/2 when the
   * risks are equal. C = (concordant + ties / 2) / comparable; undefined without a comparable
   * pair.
   *
   * <p>O(n log n): cases are swept by decreasing time while a Fenwick tree over risk ranks holds
   * the (weighted) cases seen so far, i.e. those with a later time, or the same time and censored.
   */
  C_INDEX("c_index", true, MetricRange.UNIT, "Harrell's C-index", Pooling.LOGIT) {
    @Override
    Evaluation prepare(double[] time, boolean[] event, double[] risk, Map<String, Double> params) {
      int n = time.length;
      Integer[] boxed = new Integer[n];
      for (int i = 0; i < n; i++) {
        boxed[i] = i;
      }
      Arrays.sort(boxed, (a, b) -> Double.compare(time[b], time[a]));
      int[] byTimeDescending = new int[n];
      for (int k = 0; k < n; k++) {
        byTimeDescending[k] = boxed[k];
      }
      // Adding 0.0 turns -0.0 into 0.0: they are equal risks, but Arrays.sort and binarySearch
      // would tell them apart.
      double[] sortedRisks = new double[n];
      for (int i = 0; i < n; i++) {
        sortedRisks[i] = risk[i] + 0.0;
      }
      Arrays.sort(sortedRisks);
      int distinct = 0;
      for (int k = 0; k < n; k++) {
        if (k == 0 || sortedRisks[k] != sortedRisks[k - 1]) {
          sortedRisks[distinct++] = sortedRisks[k];
        }
      }
      int[] rank = new int[n];
      for (int i = 0; i < n; i++) {
        // 1-based rank among the distinct risks, as the Fenwick tree wants.
        rank[i] = Arrays.binarySearch(sortedRisks, 0, distinct, risk[i] + 0.0) + 1;
      }
      int ranks = distinct;
      return w -> {
        long[] tree = new long[ranks + 1];
        long inTree = 0;
        double concordant = 0;
        double comparable = 0;
        int k = 0;
        while (k < n) {
          int end = k;
          while (end < n && time[byTimeDescending[end]] == time[byTimeDescending[k]]) {
            end++;
          }
          // Censored cases at this time are later than the events at this time.
          for (int m = k; m < end; m++) {
            int i = byTimeDescending[m];
            if (!event[i] && w[i] > 0) {
              add(tree, rank[i], w[i]);
              inTree += w[i];
            }
          }
          for (int m = k; m < end; m++) {
            int i = byTimeDescending[m];
            if (event[i] && w[i] > 0 && inTree > 0) {
              long below = prefix(tree, rank[i] - 1);
              long tied = prefix(tree, rank[i]) - below;
              concordant += (double) w[i] * (below + 0.5 * tied);
              comparable += (double) w[i] * inTree;
            }
          }
          for (int m = k; m < end; m++) {
            int i = byTimeDescending[m];
            if (event[i] && w[i] > 0) {
              add(tree, rank[i], w[i]);
              inTree += w[i];
            }
          }
          k = end;
        }
        return comparable == 0 ? Outcome.undefined(NO_COMPARABLE_PAIRS)
            : Outcome.of(concordant / comparable);
      };
    }
  };

  static final String NO_COMPARABLE_PAIRS = "undefined: no comparable pairs (no event before"
      + " another case's follow-up time)";

  private final MetricInfo info;

  SurvivalMetric(String metricName, boolean higherIsBetter, MetricRange range, String title,
      Pooling pooling) {
    this.info = new MetricInfo(metricName, TaskType.SURVIVAL, higherIsBetter, Set.of(), title, range,
        pooling);
  }

  @Override
  public MetricInfo info() {
    return info;
  }

  /**
   * The metric bound to one part's cases.
   *
   * @param time  follow-up time of each case, finite, >= 0
   * @param event whether the case had the event (else it is censored at its time)
   * @param risk  predicted risk, finite; higher means an earlier event
   */
  abstract Evaluation prepare(double[] time, boolean[] event, double[] risk,
      Map<String, Double> params);

  private static void add(long[] tree, int index, long weight) {
    for (int i = index; i < tree.length; i += i & -i) {
      tree[i] += weight;
    }
  }

  private static long prefix(long[] tree, int index) {
    long sum = 0;
    for (int i = index; i > 0; i -= i & -i) {
      sum += tree[i];
    }
    return sum;
  }
}
