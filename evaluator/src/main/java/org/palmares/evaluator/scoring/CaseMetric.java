package org.palmares.evaluator.scoring;

/**
 * A metric over the cases of one part of a test set, for scorers outside this package (the image
 * tasks' per-case metrics): the public face of {@link Evaluation}, so that their bootstrap over
 * cases is the tabular tasks' bootstrap over rows, through {@link CaseScores}.
 */
public interface CaseMetric {

  /** The metric's name in the spec and on the board. */
  String name();

  /**
   * The metric on the cases drawn with these multiplicities ({@code weights[i]} copies of case
   * {@code i}; all ones for the part itself), or NaN where it is undefined on them.
   */
  double on(int[] weights);

  /** The sentence saying why the metric is undefined when {@link #on} gives NaN. */
  String undefinedNote();
}
