package org.palmares.evaluator.scoring.image;

import java.util.List;
import org.palmares.evaluator.scoring.CaseMetric;
import org.palmares.evaluator.scoring.CaseScores;

/**
 * The image tasks' metrics over the cases of one part, as {@link CaseMetric}s for {@link
 * CaseScores#part}: the value on the part and on each bootstrap resample of its cases.
 */
public final class ImageMetrics {

  /** The false-positive rates per image of CAMELYON16's FROC score. */
  public static final double[] CAMELYON_RATES = {0.25, 0.5, 1, 2, 4, 8};

  private ImageMetrics() {}

  /**
   * The mean over cases of a per-case value (e.g. {@link SegmentationCase#overClasses}), under the
   * declared NaN rule: a NaN case is left out ({@link EdgeCases.NanRule#EXCLUDE}; undefined when
   * all drawn cases are) or counted at that case's worst value ({@link EdgeCases.NanRule#WORST}).
   *
   * @param perCase the value of each case, NaN where excluded
   * @param worst   the worst value of each case (HD95's depends on the image)
   */
  public static CaseMetric meanOverCases(String name, double[] perCase, double[] worst,
      EdgeCases.NanRule nan) {
    if (perCase.length != worst.length) {
      throw new IllegalArgumentException("one worst value per case");
    }
    double[] values = perCase.clone();
    if (nan == EdgeCases.NanRule.WORST) {
      for (int i = 0; i < values.length; i++) {
        values[i] = Double.isNaN(values[i]) ? worst[i] : values[i];
      }
    }
    return metric(name, "undefined: every case is excluded by the declared edge cases", w -> {
      double sum = 0;
      long count = 0;
      for (int i = 0; i < values.length; i++) {
        if (w[i] > 0 && !Double.isNaN(values[i])) {
          sum += w[i] * values[i];
          count += w[i];
        }
      }
      return count == 0 ? Double.NaN : sum / count;
    });
  }

  /** A segmentation metric averaged over classes, then over cases, by the cases' edge cases. */
  public static CaseMetric meanOverCases(String name, List<SegmentationCase> cases,
      SegmentationMetric metric, EdgeCases.NanRule nan) {
    return meanOverCases(name, cases.stream().mapToDouble(c -> c.overClasses(metric)).toArray(),
        cases.stream().mapToDouble(c -> c.worst(metric)).toArray(), nan);
  }

  /**
   * Lesion-wise F1, 2 TP / (2 TP + FP + FN), over the pooled counts of the drawn cases (pooled
   * rather than averaged per case, because most cases hold few lesions and a per-case F1 is often
   * 0/0); undefined when the drawn cases hold no lesion and no detection.
   */
  public static CaseMetric f1(String name, List<DetectionCase> cases) {
    int[] tp = cases.stream().mapToInt(DetectionCase::truePositives).toArray();
    int[] fp = cases.stream().mapToInt(DetectionCase::falsePositives).toArray();
    int[] fn = cases.stream().mapToInt(DetectionCase::falseNegatives).toArray();
    return metric(name, "undefined: the cases hold no lesion and no detection", w -> {
      double truePositives = 0;
      double errors = 0;
      for (int i = 0; i < w.length; i++) {
        truePositives += (double) w[i] * tp[i];
        errors += (double) w[i] * (fp[i] + fn[i]);
      }
      return truePositives + errors == 0 ? Double.NaN
          : 2 * truePositives / (2 * truePositives + errors);
    });
  }

  /**
   * The FROC score: the mean sensitivity at the given false-positive rates per image, pooling the
   * drawn cases (each drawn case counts once as an image per draw), by {@link Froc#score}.
   */
  public static CaseMetric froc(String name, List<DetectionCase> cases, double[] rates) {
    List<DetectionCase> all = List.copyOf(cases);
    double[] fpRates = rates.clone();
    Froc.check(fpRates);
    return metric(name, "undefined: the cases hold no lesion",
        w -> Froc.score(all, w, fpRates));
  }

  private interface Value {
    double on(int[] weights);
  }

  private static CaseMetric metric(String name, String note, Value value) {
    return new CaseMetric() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double on(int[] weights) {
        return value.on(weights);
      }

      @Override
      public String undefinedNote() {
        return note;
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
