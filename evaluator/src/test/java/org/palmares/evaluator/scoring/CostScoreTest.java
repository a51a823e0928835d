package org.palmares.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.EvaluationSpec.MetricSpec;
import org.palmares.evaluator.protocol.TaskType;

/**
 * The graded-classification cost score of the Health Data Hub's cervical-biopsy challenge: mean
 * over cases of 1 - E[truth][predicted], with its matrix (from a prize-winner's replication; see
 * {@code /work/shared/REFERENCES.md}).
 */
class CostScoreTest {

  /** Grades normal, low, high, cancer. */
  static final List<List<Double>> HDH = List.of(
      List.of(0.0, 0.1, 0.7, 1.0),
      List.of(0.1, 0.0, 0.3, 0.7),
      List.of(0.7, 0.3, 0.0, 0.3),
      List.of(1.0, 0.7, 0.3, 0.0));

  @TempDir
  Path bundle;

  @Test
  void theScoreIsTheMeanOfOneMinusTheCostOfEachGradingThroughTheScorer() throws Exception {
    // Truth → predicted: a normal → normal (cost 0), b low → high (0.3), c cancer → normal (1),
    // d high → low (0.3). Mean of 1 - cost: (1 + 0.7 + 0 + 0.7) / 4 = 0.6.
    Files.createDirectories(bundle.resolve("test"));
    Path labels = bundle.resolve("test/labels.csv");
    Path predictions = bundle.resolve("predictions.csv");
    Files.writeString(labels, "id,grade\na,normal\nb,low\nc,cancer\nd,high\n");
    Files.writeString(predictions, "id,normal,low,high,cancer\na,1,0,0,0\nb,0,0,1,0\n"
        + "c,0.7,0.1,0.1,0.1\nd,0,0.6,0.4,0\n");
    ScoreReport report = Scorer.score(spec(new MetricSpec("cost_score", Map.of(), HDH)), labels,
        predictions);
    MetricValue score = report.publicPart().metrics().get("cost_score");
    assertThat(score.value()).isCloseTo(0.6, within(1e-12));
    assertThat(score.ci()).isNotNull();
    assertThat(score.ci().low()).isGreaterThanOrEqualTo(0.0);
    assertThat(score.ci().high()).isLessThanOrEqualTo(1.0);
  }

  @Test
  void onResamplesEachCaseCountsWithItsMultiplicity() {
    // Case 0 (cost 0) drawn 3 times, case 1 (cost 1) once: 1 - 1/4 = 0.75.
    double[][] cost = {{0, 1}, {1, 0}};
    Evaluation e = MulticlassMetric.COST_SCORE.prepare(new int[] {0, 1}, new int[] {0, 0}, 2,
        Map.of(), cost);
    assertThat(e.on(new int[] {3, 1}).value()).isEqualTo(0.75);
    assertThat(e.on(new int[] {0, 0}).isDefined()).isFalse();
  }

  @Test
  void theMatrixIsCheckedWithASentencePerProblem() {
    assertThatThrownBy(() -> check(null))
        .hasMessage("metric 'cost_score' needs a square cost matrix (matrix: one row per true"
            + " class, one column per predicted class) of at least 2 classes");
    assertThatThrownBy(() -> check(List.of(List.of(0.0, 0.5), List.of(0.5))))
        .hasMessage("metric 'cost_score': row 2 of the cost matrix has 1 entries; a 2-class"
            + " matrix needs 2");
    assertThatThrownBy(() -> check(List.of(List.of(0.0, 1.5), List.of(0.5, 0.0))))
        .hasMessage("metric 'cost_score': cost[1][2] must be a number in [0, 1]: 1.5");
    assertThatThrownBy(() -> check(List.of(List.of(0.1, 0.5), List.of(0.5, 0.0))))
        .hasMessage("metric 'cost_score': cost[1][1] is on the diagonal, so must be 0 (a right"
            + " answer costs nothing): 0.1");
    assertThatThrownBy(() -> MetricCatalog.check(TaskType.MULTICLASS_CLASSIFICATION,
        new MetricSpec("accuracy", Map.of(), HDH)))
        .hasMessage("metric 'accuracy' takes no matrix");
  }

  @Test
  void aMatrixOfTheWrongSizeForTheClassesIsRefusedBeforeAnyFileIsRead() {
    List<List<Double>> twoByTwo = List.of(List.of(0.0, 1.0), List.of(1.0, 0.0));
    assertThatThrownBy(() -> Scorer.score(spec(new MetricSpec("cost_score", Map.of(), twoByTwo)),
        bundle.resolve("absent.csv"), bundle.resolve("absent.csv")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric 'cost_score': the cost matrix is 2×2 but predictions.classes lists 4"
            + " classes");
  }

  @Test
  void theMetricIsListedForMulticlassTasks() {
    MetricInfo info = MetricCatalog.byName(TaskType.MULTICLASS_CLASSIFICATION, "cost_score");
    assertThat(info.higherIsBetter()).isTrue();
    assertThat(info.range()).isEqualTo(MetricRange.UNIT);
    assertThat(Arrays.asList(MulticlassMetric.values())).contains(MulticlassMetric.COST_SCORE);
  }

  private static void check(List<List<Double>> matrix) {
    MetricCatalog.check(TaskType.MULTICLASS_CLASSIFICATION,
        new MetricSpec("cost_score", Map.of(), matrix));
  }

  private static EvaluationSpec spec(MetricSpec metric) {
    return new EvaluationSpec("cervix", "final", "multiclass-classification",
        new EvaluationSpec.HiddenData("test/inputs.csv", "test/labels.csv", "id", "grade", null,
            null, null, "inputs.csv"),
        new EvaluationSpec.PredictionContract("predictions.csv", "id", null,
            List.of("normal", "low", "high", "cancer")),
        List.of(metric), new EvaluationSpec.Bootstrap(200, 42),
        new EvaluationSpec.Split(1.0, 3L, null), null, null);
  }
}
