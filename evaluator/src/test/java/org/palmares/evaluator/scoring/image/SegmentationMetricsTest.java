package org.palmares.evaluator.scoring.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.scoring.image.EdgeCases.BothEmpty;
import org.palmares.evaluator.scoring.image.EdgeCases.NanRule;

/**
 * Dice, NSD and HD95 on hand-made masks, each expected value derived in the comments. Borders are
 * Metrics Reloaded's ({@code mask - binary_erosion(mask)}, cross element, outside = background);
 * HD95 is the max of the two directed 95th percentiles (MONAI and Metrics Reloaded); numpy's
 * linear percentile: h = (n - 1) · 0.95, a[floor h] + frac(h) · (a[floor h + 1] - a[floor h]).
 */
class SegmentationMetricsTest {

  private static final double EXACT = 1e-12;
  private static final SegmentationSettings ONE_CLASS = settings(1.0, EdgeCases.METRICS_RELOADED);

  private static SegmentationSettings settings(double tau, EdgeCases edge) {
    return new SegmentationSettings(new int[] {1}, tau, edge);
  }

  private static final String[] SQUARE = {
      "000000",
      "011100",
      "011100",
      "011100",
      "000000",
      "000000"};
  private static final String[] SQUARE_SHIFTED = {
      "000000",
      "001110",
      "001110",
      "001110",
      "000000",
      "000000"};

  @Test
  void aSquareShiftedByOnePixelHasDiceTwoThirdsAndHd95One() throws IOException {
    // |T| = |P| = 9, overlap 6 (columns 2 and 3): Dice = 12 / 18.
    // Each 3×3 border is its 8 outer pixels. From P's border to T's: the 4 pixels of columns 2-3
    // on rows 1 and 3 are on T's border (0); (4,1), (4,2), (4,3) are 1 from column 3; (2,2) is T's
    // centre, 1 from (1,2). Sorted [0,0,0,0,1,1,1,1]: h = 6.65 between two 1s, so 1; the other
    // direction is the mirror image. HD95 = 1.
    // NSD at τ = 0: 4 of 8 on each side are at distance 0: (4 + 4) / 16; at τ = 1: all.
    SegmentationCase atZero = SegmentationMetrics.score(ArrayRaster.of(SQUARE),
        ArrayRaster.of(SQUARE_SHIFTED), settings(0, EdgeCases.METRICS_RELOADED));
    assertThat(atZero.value(SegmentationMetric.DICE, 1)).isCloseTo(2.0 / 3, within(EXACT));
    assertThat(atZero.value(SegmentationMetric.HD95, 1)).isCloseTo(1, within(EXACT));
    assertThat(atZero.value(SegmentationMetric.NSD, 1)).isCloseTo(0.5, within(EXACT));
    SegmentationCase atOne = SegmentationMetrics.score(ArrayRaster.of(SQUARE),
        ArrayRaster.of(SQUARE_SHIFTED), ONE_CLASS);
    assertThat(atOne.value(SegmentationMetric.NSD, 1)).isCloseTo(1, within(EXACT));
  }

  @Test
  void distancesAreInPhysicalUnitsOfTheSpacing() throws IOException {
    // Pixels 0.5 wide along x, 1 along y: the shift along x is 0.5 long. The distances that were 1
    // (all along x, or for (2,2) either along x or y, x being shorter) become 0.5: HD95 = 0.5, and
    // at τ = 0.5 every border pixel is within tolerance while at τ = 0.4 only the 8 at 0 are.
    double[] spacing = {0.5, 1, 1};
    SegmentationCase c = SegmentationMetrics.score(ArrayRaster.of(spacing, SQUARE),
        ArrayRaster.of(spacing, SQUARE_SHIFTED), settings(0.5, EdgeCases.METRICS_RELOADED));
    assertThat(c.value(SegmentationMetric.HD95, 1)).isCloseTo(0.5, within(EXACT));
    assertThat(c.value(SegmentationMetric.NSD, 1)).isCloseTo(1, within(EXACT));
    SegmentationCase tight = SegmentationMetrics.score(ArrayRaster.of(spacing, SQUARE),
        ArrayRaster.of(spacing, SQUARE_SHIFTED), settings(0.4, EdgeCases.METRICS_RELOADED));
    assertThat(tight.value(SegmentationMetric.NSD, 1)).isCloseTo(0.5, within(EXACT));
  }

  @Test
  void theBorderIsWhatErosionWithFourConnectivityRemovesSoTheHd95TakesTheLargerDirection()
      throws IOException {
    // T: a 5×5 square (rows and columns 1-5); its border is the 16-pixel ring (4-connectivity
    // keeps the 3×3 inside). P: the centre pixel (3,3), its own border.
    // P → T: 2 (to the ring's edge middles). T → P: 4 corners at √8, 4 edge middles at 2, 8 others
    // at √5; sorted, h = 15 · 0.95 = 14.25 lies between two √8: √8. HD95 = max(2, √8) = √8.
    // Dice = 2 · 1 / (25 + 1) = 1/13. NSD at τ = 2: P's pixel and T's 4 edge middles: 5 / 17.
    String[] square = {"0000000", "0111110", "0111110", "0111110", "0111110", "0111110",
        "0000000"};
    String[] dot = {"0000000", "0000000", "0000000", "0001000", "0000000", "0000000", "0000000"};
    SegmentationCase c = SegmentationMetrics.score(ArrayRaster.of(square), ArrayRaster.of(dot),
        settings(2, EdgeCases.METRICS_RELOADED));
    assertThat(c.value(SegmentationMetric.DICE, 1)).isCloseTo(1.0 / 13, within(EXACT));
    assertThat(c.value(SegmentationMetric.HD95, 1)).isCloseTo(Math.sqrt(8), within(EXACT));
    assertThat(c.value(SegmentationMetric.NSD, 1)).isCloseTo(5.0 / 17, within(EXACT));
  }

  @Test
  void outsideTheImageIsBackgroundSoAMaskFillingTheImageHasABorder() throws IOException {
    // T fills a 3×3 image: with outside = background (scipy's border_value=0, as Metrics
    // Reloaded), its border is the 8 outer pixels, not nothing. P is the centre.
    // P → T: 1. T → P: 4 at 1, 4 corners at √2; h = 7 · 0.95 = 6.65 between two √2: √2.
    SegmentationCase c = SegmentationMetrics.score(ArrayRaster.of("111", "111", "111"),
        ArrayRaster.of("000", "010", "000"), ONE_CLASS);
    assertThat(c.value(SegmentationMetric.HD95, 1)).isCloseTo(Math.sqrt(2), within(EXACT));
    // NSD at τ = 1: P's pixel and T's 4 edge middles, out of 1 + 8.
    assertThat(c.value(SegmentationMetric.NSD, 1)).isCloseTo(5.0 / 9, within(EXACT));
  }

  @Test
  void aVolumeUsesSixConnectivityAndTheSliceSpacing() throws IOException {
    // T: a 3×3×3 cube in a 5×5×5 volume (coordinates 1-3); 6-connectivity erodes it to its
    // centre, so its border is the other 26 voxels. P: the centre voxel. Spacing (1, 1, 2).
    // P → T: 1 (to (1,2,2) along x). T → P: offsets (dx, dy, dz) ≠ 0 in {-1,0,1}³ at
    // √(dx² + dy² + 4dz²): 4 at 1, 4 at √2, 2 at 2, 8 at √5, 8 at √6; h = 25 · 0.95 = 23.75
    // between two √6. HD95 = √6. Dice = 2 / 28.
    ArrayRaster cube = new ArrayRaster(new int[] {5, 5, 5}, new double[] {1, 1, 2},
        (x, y, z) -> x >= 1 && x <= 3 && y >= 1 && y <= 3 && z >= 1 && z <= 3 ? 1 : 0);
    ArrayRaster centre = new ArrayRaster(new int[] {5, 5, 5}, new double[] {1, 1, 2},
        (x, y, z) -> x == 2 && y == 2 && z == 2 ? 1 : 0);
    SegmentationCase c = SegmentationMetrics.score(cube, centre, ONE_CLASS);
    assertThat(c.value(SegmentationMetric.HD95, 1)).isCloseTo(Math.sqrt(6), within(EXACT));
    assertThat(c.value(SegmentationMetric.DICE, 1)).isCloseTo(2.0 / 28, within(EXACT));
    // Volumes are read slice by slice, in order.
    assertThat(cube.inOrder).isTrue();
    assertThat(cube.largestRead).isEqualTo(25);
  }

  @Test
  void eachClassIsScoredOnItsOwnAndTheAverageIsOverClasses() throws IOException {
    // Labels 1 (left) and 2 (right) touching: each class's border is found against the other
    // label, not only against the background. Truth and prediction agree on class 1; class 2 is
    // predicted one column too wide: Dice_2 = 2 · 4 / (4 + 6) = 0.8.
    ArrayRaster truth = ArrayRaster.of("1122000", "1122000");
    ArrayRaster prediction = ArrayRaster.of("1122200", "1122200");
    SegmentationCase c = SegmentationMetrics.score(truth, prediction,
        new SegmentationSettings(new int[] {1, 2}, 1, EdgeCases.METRICS_RELOADED));
    assertThat(c.value(SegmentationMetric.DICE, 1)).isEqualTo(1.0);
    assertThat(c.value(SegmentationMetric.HD95, 1)).isEqualTo(0.0);
    assertThat(c.value(SegmentationMetric.DICE, 2)).isCloseTo(0.8, within(EXACT));
    // Class 2's truth is 2×2 (all border); its prediction 3×2 (all border). P → T: column 4 is 1
    // away, the rest 0: [0,0,0,0,1,1], h = 4.75 → 1. T → P: all 0. HD95 = 1.
    assertThat(c.value(SegmentationMetric.HD95, 2)).isCloseTo(1, within(EXACT));
    assertThat(c.overClasses(SegmentationMetric.DICE)).isCloseTo(0.9, within(EXACT));
  }

  @Test
  void bothMasksEmptyScoreBestByDefaultAsMetricsReloadedOrAreExcludedWhenDeclared()
      throws IOException {
    String[] empty = {"000", "000"};
    SegmentationCase best = SegmentationMetrics.score(ArrayRaster.of(empty),
        ArrayRaster.of(empty), ONE_CLASS);
    assertThat(best.value(SegmentationMetric.DICE, 1)).isEqualTo(1.0);
    assertThat(best.value(SegmentationMetric.NSD, 1)).isEqualTo(1.0);
    assertThat(best.value(SegmentationMetric.HD95, 1)).isEqualTo(0.0);
    SegmentationCase excluded = SegmentationMetrics.score(ArrayRaster.of(empty),
        ArrayRaster.of(empty), settings(1, new EdgeCases(BothEmpty.EXCLUDED, null,
            NanRule.EXCLUDE)));
    assertThat(excluded.value(SegmentationMetric.DICE, 1)).isNaN();
    assertThat(excluded.overClasses(SegmentationMetric.HD95)).isNaN();
    // Under the WORST rule the excluded class averages as its worst value.
    SegmentationCase worst = SegmentationMetrics.score(ArrayRaster.of(empty),
        ArrayRaster.of(empty), settings(1, new EdgeCases(BothEmpty.EXCLUDED, 50.0,
            NanRule.WORST)));
    assertThat(worst.overClasses(SegmentationMetric.DICE)).isEqualTo(0.0);
    assertThat(worst.overClasses(SegmentationMetric.HD95)).isEqualTo(50.0);
  }

  @Test
  void oneEmptyMaskScoresDiceZeroNsdZeroAndTheWorstHd95() throws IOException {
    // Worst HD95 by default: the image's physical diagonal, √(6² + 6²) for 6×6 pixels of 1.
    String[] empty = {"000000", "000000", "000000", "000000", "000000", "000000"};
    SegmentationCase missed = SegmentationMetrics.score(ArrayRaster.of(SQUARE),
        ArrayRaster.of(empty), ONE_CLASS);
    assertThat(missed.value(SegmentationMetric.DICE, 1)).isEqualTo(0.0);
    assertThat(missed.value(SegmentationMetric.NSD, 1)).isEqualTo(0.0);
    assertThat(missed.value(SegmentationMetric.HD95, 1)).isCloseTo(Math.sqrt(72), within(EXACT));
    assertThat(hd95WithWorst(374, empty, SQUARE)).isEqualTo(374.0);
  }

  @Test
  void aMissingCaseScoresTheWorstValuesEvenWhereTheTruthIsEmpty() {
    // BraTS 2023 volumes: 240 × 240 × 155 at 1 mm, diagonal √139225 = 373.13…, BraTS' 374.
    SegmentationCase c = SegmentationMetrics.missing(new int[] {240, 240, 155},
        new double[] {1, 1, 1}, ONE_CLASS);
    assertThat(c.value(SegmentationMetric.DICE, 1)).isEqualTo(0.0);
    assertThat(c.value(SegmentationMetric.NSD, 1)).isEqualTo(0.0);
    assertThat(c.value(SegmentationMetric.HD95, 1)).isCloseTo(Math.sqrt(139225),
        within(EXACT));
  }

  @Test
  void aComputedHd95AboveTheDeclaredWorstIsCappedSoNothingBeatsWritingNothing()
      throws IOException {
    // The shifted square's HD95 is 1; a declared worst of 0.5 caps it.
    assertThat(hd95WithWorst(0.5, SQUARE, SQUARE_SHIFTED)).isEqualTo(0.5);
  }

  private static double hd95WithWorst(double worst, String[] truth, String[] prediction)
      throws IOException {
    return SegmentationMetrics.score(ArrayRaster.of(truth), ArrayRaster.of(prediction),
        settings(1, new EdgeCases(BothEmpty.BEST, worst, NanRule.EXCLUDE)))
        .value(SegmentationMetric.HD95, 1);
  }

  @Test
  void masksOfDifferentSizesAreRefusedWithBothSizes() {
    assertThatThrownBy(() -> SegmentationMetrics.score(ArrayRaster.of(SQUARE),
        ArrayRaster.of("0000", "0000"), ONE_CLASS))
        .isInstanceOf(MaskMismatchException.class)
        .hasMessage("the mask is 4×2, the image is 6×6");
  }

  @Test
  void aPredictionWhoseBorderExceedsTheBoundScoresWorstDistancesButAnExactDice()
      throws IOException {
    // A checkerboard prediction: every predicted pixel is a border pixel (12 of them); with a
    // bound of 4 its distances are not computed: NSD 0, HD95 the worst (√72, the diagonal). The
    // truth, a 2×2 block, has a border of 4, within the bound. Dice stays exact: the block
    // (rows and columns 1-2) meets the checker's 1s at (1,1) and (2,2): 2 · 2 / (4 + 12).
    String[] block = {"000000", "011000", "011000", "000000", "000000", "000000"};
    String[] checker = {"101010", "010101", "101010", "010101", "000000", "000000"};
    SegmentationCase c = SegmentationMetrics.score(ArrayRaster.of(block),
        ArrayRaster.of(checker), new SegmentationSettings(new int[] {1}, 1,
            EdgeCases.METRICS_RELOADED, 4));
    assertThat(c.value(SegmentationMetric.DICE, 1)).isCloseTo(0.25, within(EXACT));
    assertThat(c.value(SegmentationMetric.NSD, 1)).isEqualTo(0.0);
    assertThat(c.value(SegmentationMetric.HD95, 1)).isCloseTo(Math.sqrt(72), within(EXACT));
    assertThat(c.tooComplexClasses()).isEqualTo(1);
  }

  @Test
  void aTwentyThousandPixelSquareSlideIsReadInBoundedSlabsInOrder() throws IOException {
    // Two 20,000 × 20,000 masks generated per pixel (never stored): truth a 10,000-pixel square
    // at (5,000, 5,000), prediction the same square shifted 3 pixels right.
    // Dice = 2 · 9,997 · 10,000 / (2 · 10⁸). HD95: P's left column (x = 5,003) is 3 from T's
    // left column except near the corners, and P's right column (x = 15,002) is 3 from T's right
    // one (x = 14,999): about half of P's 39,996 border pixels are at 3 and none farther, so the
    // 95th percentile is 3; the other direction is the mirror image.
    int side = 20_000;
    ArrayRaster truth = ArrayRaster.computed(side, side,
        (x, y) -> x >= 5_000 && x < 15_000 && y >= 5_000 && y < 15_000 ? 1 : 0);
    ArrayRaster prediction = ArrayRaster.computed(side, side,
        (x, y) -> x >= 5_003 && x < 15_003 && y >= 5_000 && y < 15_000 ? 1 : 0);
    SegmentationCase c = SegmentationMetrics.score(truth, prediction, ONE_CLASS);
    assertThat(c.value(SegmentationMetric.DICE, 1)).isCloseTo(2.0 * 9_997 * 10_000 / 2e8,
        within(EXACT));
    assertThat(c.value(SegmentationMetric.HD95, 1)).isCloseTo(3, within(EXACT));
    assertThat(truth.inOrder).isTrue();
    assertThat(prediction.inOrder).isTrue();
    // Slabs of at most 2^20 pixels: 52 rows of 20,000, not 400 M pixels.
    assertThat(truth.largestRead).isLessThanOrEqualTo(1 << 20);
  }
}
