package org.palmares.evaluator.scoring.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.scoring.CaseMetric;

/**
 * Lesion-wise matching and F1 on hand-made cases (criteria and assignments as in Metrics
 * Reloaded's {@code assignment_localization.py}; F1 = 2TP / (2TP + FP + FN)).
 */
class DetectionMatchingTest {

  private static final double[] UNIT = {1, 1};

  @Test
  void hungarianFindsTheMostPairsWhereGreedyByScoreLosesOne() {
    // Lesions: two boxes side by side. Detection A (0.9) at (4, 5) lies in both (shared edge
    // x = 4..5 overlap); B (0.8) at (2, 5) only in the first. Greedy takes A first, and A's best
    // quality (closest centre) is box 1 (centre (3, 5), distance 1, vs box 2's (6, 5), distance
    // 2): B is left without a lesion. TP 1, FP 1, FN 1: F1 = 2 / (2 + 2) = 0.5.
    // Hungarian pairs A with box 2 and B with box 1: TP 2, F1 = 1.
    List<Location> lesions = List.of(Location.box(1, 4, 5, 6), Location.box(4, 4, 8, 6));
    List<Detection> detections = List.of(new Detection(Location.point(4, 5), 0.9),
        new Detection(Location.point(2, 5), 0.8));
    DetectionCase greedy = new DetectionMatching(MatchCriterion.POINT_IN_BOX, 0,
        Assignment.GREEDY_BY_SCORE).match(detections, lesions, UNIT);
    assertThat(List.of(greedy.truePositives(), greedy.falsePositives(),
        greedy.falseNegatives())).containsExactly(1, 1, 1);
    DetectionCase hungarian = new DetectionMatching(MatchCriterion.POINT_IN_BOX, 0,
        Assignment.HUNGARIAN).match(detections, lesions, UNIT);
    assertThat(List.of(hungarian.truePositives(), hungarian.falsePositives(),
        hungarian.falseNegatives())).containsExactly(2, 0, 0);
    assertThat(f1(greedy)).isCloseTo(0.5, within(1e-12));
    assertThat(f1(hungarian)).isEqualTo(1.0);
  }

  @Test
  void aSecondDetectionOfOneLesionIsAFalsePositiveForF1ButNotForFroc() {
    // Two detections in one box: one pairs, the other is a false positive (F1 = 2/3), but for
    // FROC it is no false positive (it matches a lesion), and the lesion keeps the higher score.
    List<Location> lesions = List.of(Location.box(0, 0, 10, 10));
    DetectionCase c = new DetectionMatching(MatchCriterion.POINT_IN_BOX, 0, Assignment.HUNGARIAN)
        .match(List.of(new Detection(Location.point(2, 2), 0.3),
            new Detection(Location.point(8, 8), 0.7)), lesions, UNIT);
    assertThat(f1(c)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(c.falsePositiveScores()).isEmpty();
    assertThat(c.lesionScores()).containsExactly(0.7);
  }

  @Test
  void centreDistanceIsPhysicalAndInclusive() {
    // Pixels of 0.5 µm: a detection 4 pixels from a lesion point is 2 µm away, matched at d = 2
    // (≤), not at d = 1.9.
    double[] spacing = {0.5, 0.5};
    List<Location> lesions = List.of(Location.point(10, 10));
    List<Detection> detections = List.of(new Detection(Location.point(10, 14), 1));
    assertThat(new DetectionMatching(MatchCriterion.CENTRE_DISTANCE, 2, Assignment.HUNGARIAN)
        .match(detections, lesions, spacing).truePositives()).isEqualTo(1);
    assertThat(new DetectionMatching(MatchCriterion.CENTRE_DISTANCE, 1.9, Assignment.HUNGARIAN)
        .match(detections, lesions, spacing).truePositives()).isZero();
  }

  @Test
  void iouMustExceedTheThresholdStrictly() {
    // Boxes [0,0,2,2] and [1,0,3,2]: intersection 2, union 6, IoU 1/3. Matched at t = 0.3, not at
    // t = 1/3 ("IoU > t").
    List<Location> lesions = List.of(Location.box(0, 0, 2, 2));
    List<Detection> detections = List.of(new Detection(Location.box(1, 0, 3, 2), 0.5));
    assertThat(new DetectionMatching(MatchCriterion.IOU, 0.3, Assignment.GREEDY_BY_SCORE)
        .match(detections, lesions, UNIT).truePositives()).isEqualTo(1);
    assertThat(new DetectionMatching(MatchCriterion.IOU, 1.0 / 3, Assignment.GREEDY_BY_SCORE)
        .match(detections, lesions, UNIT).truePositives()).isZero();
  }

  @Test
  void criteriaThatNeedBoxesSaySo() {
    assertThatThrownBy(() -> new DetectionMatching(MatchCriterion.POINT_IN_BOX, 0,
        Assignment.HUNGARIAN).match(List.of(), List.of(Location.point(1, 1)), UNIT))
        .hasMessage("criterion point_in_box needs lesions given as boxes; one is a point");
    assertThatThrownBy(() -> new DetectionMatching(MatchCriterion.IOU, 0.5,
        Assignment.HUNGARIAN).match(List.of(new Detection(Location.point(1, 1), 1)),
            List.of(Location.box(0, 0, 2, 2)), UNIT))
        .hasMessage("criterion iou needs detections given as boxes");
    assertThatThrownBy(() -> new DetectionMatching(MatchCriterion.IOU, 1, Assignment.HUNGARIAN))
        .hasMessage("the threshold of iou must be in [0, 1): 1.0");
  }

  @Test
  void bundlesNameCriteriaAndAssignmentsInLowerCase() {
    assertThat(MatchCriterion.byId("point_in_mask")).isEqualTo(MatchCriterion.POINT_IN_MASK);
    assertThat(Assignment.byId("greedy_by_score")).isEqualTo(Assignment.GREEDY_BY_SCORE);
    assertThat(SegmentationMetric.byName("hd95")).isEqualTo(SegmentationMetric.HD95);
    assertThatThrownBy(() -> MatchCriterion.byId("nearest"))
        .hasMessage("the matching criterion must be one of point_in_mask, point_in_box,"
            + " centre_distance, iou: 'nearest'");
  }

  @Test
  void f1PoolsTheDrawnCasesCountsWithTheirMultiplicities() {
    // Case 0: TP 1, FP 0, FN 0; case 1: TP 0, FP 1, FN 1. Both once: 2 / (2 + 2) = 0.5; case 0
    // drawn twice, case 1 once: 4 / (4 + 2) = 2/3; neither: undefined.
    CaseMetric f1 = ImageMetrics.f1("f1", List.of(new DetectionCase(1, 0, 0, new double[0],
        new double[] {1}), new DetectionCase(0, 1, 1, new double[] {0.5}, new double[] {0})));
    assertThat(f1.on(new int[] {1, 1})).isCloseTo(0.5, within(1e-12));
    assertThat(f1.on(new int[] {2, 1})).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(ImageMetrics.f1("f1", List.of(DetectionCase.missing(0))).on(new int[] {1}))
        .isNaN();
  }

  @Test
  void pointInMaskFindsEachDetectionsLesionInAnInstanceMaskAsCamelyonDoes() throws Exception {
    // Lesions labelled 3 (columns 0-2, rows 0-2), 7 (columns 5-6, row 4) and 9 (columns 8-9,
    // rows 0-1); labels need not be consecutive. Detections: (1, 1) in 3 at 0.9; (2.49, 1),
    // nearest pixel (2, 1), also in 3, at 0.5; (2.5, 1), nearest pixel (3, 1), background, at
    // 0.6; the box [8, 0, 9, 1], centred on (8.5, 0.5), whose pixel is floor(c + 0.5) = (9, 1):
    // in 9, at 0.4. Lesion 7 is missed.
    // One-to-one: 3 and 9 paired (TP 2), the second hit of 3 and the background one are FP (2),
    // 7 is FN (1). FROC: lesion scores [0.9, 0, 0.4] in label order, one false positive 0.6 (the
    // second hit of lesion 3 is neither).
    ArrayRaster mask = ArrayRaster.of(
        "3330000099",
        "3330000099",
        "3330000000",
        "0000000000",
        "0000077000",
        "0000000000");
    List<Detection> detections = List.of(new Detection(Location.point(1, 1), 0.9),
        new Detection(Location.point(2.49, 1), 0.5), new Detection(Location.point(2.5, 1), 0.6),
        new Detection(Location.box(8, 0, 9, 1), 0.4));
    for (Assignment assignment : Assignment.values()) {
      DetectionCase c = new DetectionMatching(MatchCriterion.POINT_IN_MASK, 0, assignment)
          .match(detections, mask);
      assertThat(List.of(c.truePositives(), c.falsePositives(), c.falseNegatives()))
          .containsExactly(2, 2, 1);
      assertThat(c.lesionScores()).containsExactly(0.9, 0, 0.4);
      assertThat(c.falsePositiveScores()).containsExactly(0.6);
    }
    assertThatThrownBy(() -> new DetectionMatching(MatchCriterion.POINT_IN_MASK, 0,
        Assignment.HUNGARIAN).match(detections, List.of(Location.box(0, 0, 1, 1)), UNIT))
        .hasMessage("criterion point_in_mask needs the lesions as an instance mask, not a list"
            + " of points or boxes");
  }

  private static double f1(DetectionCase c) {
    return ImageMetrics.f1("f1", List.of(c)).on(new int[] {1});
  }
}
