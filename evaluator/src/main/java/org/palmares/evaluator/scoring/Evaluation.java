package org.palmares.evaluator.scoring;

/**
 * A metric bound to the cases of one part of a test set and to its parameters, ready to be
 * computed on the part itself and on each bootstrap resample.
 *
 * <p>A resample is given as multiplicities: {@code weights[i]} is how many times case {@code i}
 * was drawn (all ones for the part itself). Every metric here depends on the multiset of cases
 * only, so this is the same as computing it on the drawn cases, without copying them; and work
 * that does not depend on the draw (sorting the scores, binning, ranking) is done once, when the
 * evaluation is prepared.
 */
interface Evaluation {

  /** The metric on the cases drawn with these multiplicities (one per case, non-negative). */
  Outcome on(int[] weights);

  /**
   * A metric's value, or why it has none.
   *
   * @param value     the value, finite, when {@code undefined} is null; NaN otherwise
   * @param undefined a sentence saying why the metric is undefined, or null
   */
  record Outcome(double value, String undefined) {

    static final String NO_CASES = "undefined: the part has no cases";

    static Outcome of(double value) {
      if (!Double.isFinite(value)) {
        // A bug, never the competitor's data: every undefined case is caught before dividing.
        throw new IllegalStateException("a metric computed a non-finite value: " + value);
      }
      return new Outcome(value, null);
    }

    static Outcome undefined(String why) {
      return new Outcome(Double.NaN, why);
    }

    boolean isDefined() {
      return undefined == null;
    }
  }

  /**
   * A metric whose interval has a closed form with better small-sample coverage than the
   * bootstrap's (ROC AUC's DeLong interval on the logit scale): {@link IntervalMethod#of} picks it.
   * Its resample values are still computed and reported, for the paired comparisons.
   */
  interface ClosedForm extends Evaluation {
    /** The 95% interval on the part itself, carrying the part's {@code valid} resamples. */
    Interval interval(int valid);
  }

  /** The number of cases drawn: the sum of the weights. */
  static long total(int[] weights) {
    long total = 0;
    for (int w : weights) {
      total += w;
    }
    return total;
  }

  /** Multiplicities of the part itself: each case once. */
  static int[] ones(int n) {
    int[] weights = new int[n];
    java.util.Arrays.fill(weights, 1);
    return weights;
  }
}
