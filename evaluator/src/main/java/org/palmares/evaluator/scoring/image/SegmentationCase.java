package org.palmares.evaluator.scoring.image;

import java.util.Arrays;

/**
 * The segmentation metrics of one case, per class: kept at the site (per-case values are never
 * shown to competitors), averaged over cases by {@link ImageMetrics#meanOverCases}.
 *
 * <p>A value is NaN where the declared edge cases exclude it (both masks empty under {@link
 * EdgeCases.BothEmpty#EXCLUDED}).
 */
public final class SegmentationCase {

  private final int[] classes;
  private final double[][] values;
  private final EdgeCases edgeCases;
  private final double hausdorffWorst;
  private final int tooComplex;

  SegmentationCase(int[] classes, double[][] values, EdgeCases edgeCases, double hausdorffWorst,
      int tooComplex) {
    this.classes = classes;
    this.values = values;
    this.edgeCases = edgeCases;
    this.hausdorffWorst = hausdorffWorst;
    this.tooComplex = tooComplex;
  }

  /** The metric for one class label, NaN where excluded. */
  public double value(SegmentationMetric metric, int classLabel) {
    for (int c = 0; c < classes.length; c++) {
      if (classes[c] == classLabel) {
        return values[c][metric.ordinal()];
      }
    }
    throw new IllegalArgumentException("class " + classLabel + " is not scored; scored classes: "
        + Arrays.toString(classes));
  }

  /**
   * The metric averaged over the classes, under the declared NaN rule: NaN values left out
   * (NaN when all are) or counted as the worst value.
   */
  public double overClasses(SegmentationMetric metric) {
    double sum = 0;
    int count = 0;
    for (double[] row : values) {
      double v = row[metric.ordinal()];
      if (Double.isNaN(v) && edgeCases.nan() == EdgeCases.NanRule.WORST) {
        v = worst(metric);
      }
      if (!Double.isNaN(v)) {
        sum += v;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  /** The worst value of the metric for this case: Dice 0, NSD 0, HD95 the declared worst. */
  public double worst(SegmentationMetric metric) {
    return metric == SegmentationMetric.HD95 ? hausdorffWorst : 0;
  }

  /**
   * How many classes had a predicted border over the declared bound (a noise-like mask), so their
   * NSD and HD95 were scored at the worst values.
   */
  public int tooComplexClasses() {
    return tooComplex;
  }
}
