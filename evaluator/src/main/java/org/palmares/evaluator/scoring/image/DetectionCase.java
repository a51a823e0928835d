package org.palmares.evaluator.scoring.image;

/**
 * The detections of one case matched against its lesions: kept at the site, pooled over cases by
 * {@link ImageMetrics#f1} and {@link ImageMetrics#froc}.
 *
 * @param truePositives        pairs of the one-to-one assignment
 * @param falsePositives       detections left unpaired (double detections included)
 * @param falseNegatives       lesions left unpaired
 * @param falsePositiveScores  for FROC, the probabilities of the detections that match no lesion
 *                             at all (a detection matching an already-found lesion is neither,
 *                             as in CAMELYON16's evaluation)
 * @param lesionScores         for FROC, per lesion, the highest probability of the detections
 *                             matching it, 0 when none does (MONAI's {@code compute_fp_tp_probs})
 */
public record DetectionCase(int truePositives, int falsePositives, int falseNegatives,
    double[] falsePositiveScores, double[] lesionScores) {

  public DetectionCase {
    falsePositiveScores = falsePositiveScores.clone();
    lesionScores = lesionScores.clone();
  }

  /** A case the submission wrote no detections file for: every lesion missed. */
  public static DetectionCase missing(int lesions) {
    double[] none = new double[lesions];
    return new DetectionCase(0, 0, lesions, new double[0], none);
  }

  public int lesions() {
    return lesionScores.length;
  }
}
