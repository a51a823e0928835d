package org.palmares.evaluator.scoring;

import org.palmares.evaluator.scoring.Evaluation.Outcome;

/**
 * ROC AUC bound to one part's cases: the Mann–Whitney statistic on any multiplicities in one pass
 * over the cases sorted once, and DeLong's interval on the logit scale ({@link
 * IntervalMethod#DELONG_LOGIT}).
 */
final class RocAucEvaluation implements Evaluation.ClosedForm {

  private final BinaryCases cases;
  private final int[] order;
  private final int[] groupEnds;
  private final int[] positiveMask;

  RocAucEvaluation(BinaryCases cases) {
    this.cases = cases;
    this.order = cases.ascending();
    this.groupEnds = cases.groupEnds();
    this.positiveMask = new int[order.length];
    for (int i = 0; i < positiveMask.length; i++) {
      positiveMask[i] = cases.positive[i] ? -1 : 0;
    }
  }

  @Override
  public Outcome on(int[] w) {
    // Ascending runs of equal probability: each positive beats the negatives of the runs
    // below and ties with the negatives of its own run.
    // Twice the concordant pairs, in exact integers: a tie adds 1 instead of 1/2.
    long doublePairs = 0;
    long negativesBelow = 0;
    long positives = 0;
    int k = 0;
    for (int end : groupEnds) {
      long runPositives = 0;
      long runCases = 0;
      for (; k < end; k++) {
        int i = order[k];
        // Branch-free: the classes of neighbouring scores are close to random.
        runPositives += w[i] & positiveMask[i];
        runCases += w[i];
      }
      long runNegatives = runCases - runPositives;
      doublePairs += runPositives * (2 * negativesBelow + runNegatives);
      negativesBelow += runNegatives;
      positives += runPositives;
    }
    String undefined = BinaryMetric.ROC_AUC.whyUndefined(positives, negativesBelow);
    return undefined != null ? Outcome.undefined(undefined)
        : Outcome.of(doublePairs / (2.0 * positives * negativesBelow));
  }

  /**
   * DeLong's variance from the placement values (each positive's share of negatives below it,
   * each negative's share of positives above it, ties counting one half), then the logit-scale
   * Wald interval. Where DeLong's variance is zero or cannot be estimated (an AUC of 0 or 1, or a
   * class of one case), the estimate is moved half a pair inside (0, 1) and the variance is
   * Hanley and McNeil's (1982) at that estimate, so the interval keeps a width instead of
   * collapsing to "1.0000 – 1.0000"; its end on the side of the bound is the bound itself.
   */
  @Override
  public Interval interval(int valid) {
    int n = order.length;
    long positives = 0;
    for (boolean p : cases.positive) {
      positives += p ? 1 : 0;
    }
    long negatives = n - positives;
    double auc = on(Evaluation.ones(n)).value();
    // Placements in one pass over the runs of equal probability.
    double[] runPositives = new double[groupEnds.length];
    double[] runNegatives = new double[groupEnds.length];
    int k = 0;
    for (int g = 0; g < groupEnds.length; g++) {
      for (; k < groupEnds[g]; k++) {
        if (cases.positive[order[k]]) {
          runPositives[g]++;
        } else {
          runNegatives[g]++;
        }
      }
    }
    double negativesBelow = 0;
    double positivesAbove = positives;
    double s10 = 0;
    double s01 = 0;
    for (int g = 0; g < groupEnds.length; g++) {
      positivesAbove -= runPositives[g];
      double v10 = (negativesBelow + 0.5 * runNegatives[g]) / negatives;
      double v01 = (positivesAbove + 0.5 * runPositives[g]) / positives;
      s10 += runPositives[g] * (v10 - auc) * (v10 - auc);
      s01 += runNegatives[g] * (v01 - auc) * (v01 - auc);
      negativesBelow += runNegatives[g];
    }
    double variance = positives < 2 || negatives < 2 ? 0
        : s10 / (positives - 1) / positives + s01 / (negatives - 1) / negatives;
    double half = 0.5 / ((double) positives * negatives);
    double estimate = Math.min(Math.max(auc, half), 1 - half);
    if (!(variance > 0) || estimate != auc) {
      variance = Math.max(variance, hanleyMcNeil(estimate, positives, negatives));
    }
    Interval wald = IntervalMethod.logitWald(estimate, variance, valid);
    // At an AUC of 0 or 1 the interval reaches the estimate itself: it always contains it.
    return new Interval(auc == 0 ? 0 : wald.low(), auc == 1 ? 1 : wald.high(), valid, wald.method());
  }

  /** Hanley and McNeil's (1982) variance of an AUC of {@code a}, eq. 2. */
  static double hanleyMcNeil(double a, long positives, long negatives) {
    double q1 = a / (2 - a);
    double q2 = 2 * a * a / (1 + a);
    return (a * (1 - a) + (positives - 1) * (q1 - a * a) + (negatives - 1) * (q2 - a * a))
        / ((double) positives * negatives);
  }
}
