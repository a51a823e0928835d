package org.palmares.evaluator.scoring.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The FROC score (CAMELYON16 as MONAI computes it) on a hand-made pair of images. */
class FrocTest {

  @Test
  void theMeanSensitivityAtCamelyonRatesIsDerivedByHand() {
    // Image 1: lesions scored 0.9 and 0.4; a false positive at 0.6. Image 2: its lesion missed
    // (0), a false positive at 0.8. 2 images, 3 lesions.
    // Distinct scores 0, 0.4, 0.6, 0.8, 0.9; the lowest (0) skipped. At or above each threshold:
    //   0.4: FP 2 (1.0 per image), lesions 2 (2/3);  0.6: FP 2 (1.0), lesions 1 (1/3);
    //   0.8: FP 1 (0.5), lesions 1 (1/3);            0.9: FP 0 (0), lesions 1 (1/3); then (0, 0).
    // Increasing FP: xp = [0, 0, 0.5, 1, 1], sensitivity = [0, 1/3, 1/3, 1/3, 2/3].
    // numpy.interp: 0.25 → 1/3 (between xp[1] = 0 and xp[2] = 0.5), 0.5 → 1/3, and 1, 2, 4, 8 at
    // or beyond the last point → 2/3. Mean: (2 · 1/3 + 4 · 2/3) / 6 = 5/9.
    List<DetectionCase> cases = List.of(
        new DetectionCase(2, 1, 0, new double[] {0.6}, new double[] {0.9, 0.4}),
        new DetectionCase(0, 1, 1, new double[] {0.8}, new double[] {0}));
    assertThat(ImageMetrics.froc("froc", cases, ImageMetrics.CAMELYON_RATES)
        .on(new int[] {1, 1})).isCloseTo(5.0 / 9, within(1e-12));
  }

  @Test
  void aResampleCountsACaseAsManyImagesAsItIsDrawn() {
    // Image 1 drawn twice: 2 images, lesion scores 0.9, 0.9, 0.4, 0.4, FP 0.6, 0.6 — the same
    // curve as image 1 alone (every count and the image count doubled): distinct 0.4, 0.6, 0.9,
    // 0.4 skipped: 0.6: FP 1 per image, sensitivity 1/2; 0.9: 0, 1/2; then (0, 0).
    // xp = [0, 0, 1], sensitivity = [0, 1/2, 1/2]: 1/2 at every rate.
    List<DetectionCase> cases = List.of(
        new DetectionCase(2, 1, 0, new double[] {0.6}, new double[] {0.9, 0.4}),
        new DetectionCase(0, 1, 1, new double[] {0.8}, new double[] {0}));
    var froc = ImageMetrics.froc("froc", cases, ImageMetrics.CAMELYON_RATES);
    assertThat(froc.on(new int[] {2, 0})).isCloseTo(0.5, within(1e-12));
    assertThat(froc.on(new int[] {1, 0})).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void noLesionMeansNoFrocAndRatesMustBePositive() {
    var froc = ImageMetrics.froc("froc", List.of(new DetectionCase(0, 1, 0, new double[] {0.5},
        new double[0])), ImageMetrics.CAMELYON_RATES);
    assertThat(froc.on(new int[] {1})).isNaN();
    assertThat(froc.undefinedNote()).isEqualTo("undefined: the cases hold no lesion");
    assertThatThrownBy(() -> ImageMetrics.froc("froc", List.of(), new double[] {0}))
        .hasMessage("a FROC false-positive rate per image must be a positive number: 0.0");
  }

  @Test
  void interpolationFollowsNumpyAtRepeatedAbscissae() {
    // numpy.interp(0, [0, 0, 1], [0, 0.5, 1]) = 0.5 (the last point at x), interp(0.5, ...) =
    // 0.75, beyond the ends flat.
    double[] xp = {0, 0, 1};
    double[] fp = {0, 0.5, 1};
    assertThat(Froc.interpolate(0, xp, fp)).isEqualTo(0.5);
    assertThat(Froc.interpolate(0.5, xp, fp)).isEqualTo(0.75);
    assertThat(Froc.interpolate(3, xp, fp)).isEqualTo(1.0);
    assertThat(Froc.interpolate(-1, xp, fp)).isEqualTo(0.0);
  }
}
