package org.palmares.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.EvaluationSpec.MetricSpec;

/** Scoring of multiclass, regression and survival tasks, and what every task shares. */
class ScorerTasksTest {

  @TempDir
  Path bundle;

  private Path labels;
  private Path predictions;

  @BeforeEach
  void makeTheBundleFolder() throws IOException {
    Files.createDirectories(bundle.resolve("test"));
    labels = bundle.resolve("test/labels.csv");
    predictions = bundle.resolve("predictions.csv");
  }

  // --- multiclass ------------------------------------------------------------------------------

  @Test
  void multiclassPredictsTheMostProbableClassATieGoingToTheClassListedFirst() throws Exception {
    Files.writeString(labels, "id,grade\na,low\nb,mid\nc,high\nd,mid\n");
    // d ties mid and high at 0.4: 'mid' is listed first among them, so d is predicted mid.
    Files.writeString(predictions, "id,low,mid,high\na,0.7,0.2,0.1\nb,0.1,0.3,0.6\n"
        + "c,0.0,0.0,1.0\nd,0.2,0.4,0.4\n");

    ScoreReport report = Scorer.score(multiclassSpec("accuracy", "macro_f1"), labels,
        predictions);

    SplitScores all = report.publicPart();
    assertThat(all.cases()).isEqualTo(4);
    assertThat(all.positives()).isZero();
    assertThat(report.privatePart().cases()).isZero();
    // predicted [low, high, high, mid] vs [low, mid, high, mid]: 3 of 4
    assertThat(all.metrics().get("accuracy").value()).isEqualTo(0.75);
    // f1_score(['low','mid','high','mid'], ['low','high','high','mid'], average='macro')
    //   -> 0.7777777777777777
    assertThat(all.metrics().get("macro_f1").value()).isCloseTo(0.7777777777777777, within(1e-12));
    assertThat(all.metrics().get("accuracy").ci()).isNotNull();
  }

  @Test
  void multiclassProbabilitiesNotSummingToOneAreRejectedNamingTheRow() throws IOException {
    Files.writeString(labels, "id,grade\na,low\nb,mid\n");
    Files.writeString(predictions, "id,low,mid,high\na,0.7,0.2,0.1\nb,0.5,0.3,0.1\n");

    assertThatThrownBy(() -> Scorer.score(multiclassSpec("accuracy"), labels, predictions))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessage("row 3: the probabilities of the 3 classes sum to 0.9; they must sum to 1"
            + " (within 1.0E-6)");
  }

  @Test
  void multiclassPredictionsMissingAClassColumnAreRejected() throws IOException {
    Files.writeString(labels, "id,grade\na,low\n");
    Files.writeString(predictions, "id,low,mid\na,0.7,0.3\n");

    assertThatThrownBy(() -> Scorer.score(multiclassSpec("accuracy"), labels, predictions))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessage("the header must contain the columns 'id', 'low', 'mid' and 'high'; found:"
            + " id, low, mid");
  }

  @Test
  void aMulticlassProbabilityOutsideTheUnitIntervalNamesItsColumn() throws IOException {
    Files.writeString(labels, "id,grade\na,low\n");
    Files.writeString(predictions, "id,low,mid,high\na,1.5,-0.5,0\n");

    assertThatThrownBy(() -> Scorer.score(multiclassSpec("accuracy"), labels, predictions))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessage("row 2: probability 1.5 in column 'low' is outside [0, 1]");
  }

  @Test
  void aMulticlassLabelOutsideTheClassesIsTheOrganizersError() throws IOException {
    Files.writeString(labels, "id,grade\na,low\nb,severe\n");
    Files.writeString(predictions, "id,low,mid,high\na,1,0,0\nb,0,0,1\n");

    assertThatThrownBy(() -> Scorer.score(multiclassSpec("accuracy"), labels, predictions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("row 3: label 'severe' in column 'grade' is not one of the classes"
            + " low, mid, high");
  }

  @Test
  void aMulticlassSpecWithFewerThanTwoClassesIsRejected() {
    EvaluationSpec spec = spec("multiclass-classification", hidden("grade", null, null),
        new EvaluationSpec.PredictionContract("predictions.csv", "id", null, List.of("low")),
        List.of(MetricSpec.of("accuracy")), new EvaluationSpec.Split(1.0, 1L, null));

    assertThatThrownBy(() -> Scorer.score(spec, labels, predictions))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least two predictions.classes; found 1");
  }

  // --- regression ------------------------------------------------------------------------------

  @Test
  void regressionIsScoredWithoutStratificationOrPositives() throws Exception {
    Files.writeString(labels, "id,age\na,3.0\nb,-0.5\nc,2.0\nd,7.0\ne,4.25\n");
    Files.writeString(predictions, "id,predicted\na,2.5\nb,0.0\nc,2\nd,8\ne,4.25\n");

    ScoreReport report = Scorer.score(regressionSpec("rmse", "mae", "r2"), labels, predictions);

    SplitScores all = report.publicPart();
    assertThat(all.positives()).isZero();
    // np.sqrt(mean_squared_error([3,-0.5,2,7,4.25], [2.5,0,2,8,4.25])) -> 0.5477225575051661
    assertThat(all.metrics().get("rmse").value()).isCloseTo(0.5477225575051661, within(1e-12));
    assertThat(all.metrics().get("mae").value()).isCloseTo(0.4, within(1e-12));
    // r2_score(...) -> 0.9511400651465798
    assertThat(all.metrics().get("r2").value()).isCloseTo(0.9511400651465798, within(1e-12));
    assertThat(report.primaryMetric()).isEqualTo("rmse");
  }

  @Test
  void aRegressionPartWithEqualLabelsReportsR2AsUndefined() throws Exception {
    Files.writeString(labels, "id,age\na,5\nb,5\nc,5\n");
    Files.writeString(predictions, "id,predicted\na,4\nb,5\nc,7\n");

    SplitScores all = Scorer.score(regressionSpec("r2", "mae"), labels, predictions).publicPart();

    assertThat(all.metrics().get("r2"))
        .isEqualTo(new MetricValue(null, null, "undefined: all labels are equal (R² needs variance)"));
    assertThat(all.metrics().get("mae").value()).isEqualTo(1.0);
  }

  @Test
  void aRegressionPredictionBeyondTheBoundIsRejected() throws IOException {
    Files.writeString(labels, "id,age\na,5\n");
    Files.writeString(predictions, "id,predicted\na,1e300\n");

    assertThatThrownBy(() -> Scorer.score(regressionSpec("mae"), labels, predictions))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessage("row 2: value 1e300 is outside [-1.0E15, 1.0E15]");
  }

  @Test
  void aNonNumericRegressionLabelIsTheOrganizersError() throws IOException {
    Files.writeString(labels, "id,age\na,five\n");
    Files.writeString(predictions, "id,predicted\na,5\n");

    assertThatThrownBy(() -> Scorer.score(regressionSpec("mae"), labels, predictions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("row 2: 'five' in column 'age' is not a finite number");
  }

  // --- survival --------------------------------------------------------------------------------

  @Test
  void survivalCountsEventsAsPositivesAndScoresHarrellsC() throws Exception {
    Files.writeString(labels, "id,months,died\na,1,1\nb,2,1\nc,2,0\nd,3,1\ne,4,0\nf,4,1\ng,5,0\n");
    Files.writeString(predictions, "id,risk\na,0.9\nb,0.5\nc,0.5\nd,0.7\ne,0.1\nf,0.3\ng,0.3\n");

    SplitScores all = Scorer.score(survivalSpec(), labels, predictions).publicPart();

    assertThat(all.positives()).isEqualTo(4);
    // R: concordance(Surv(t,e) ~ r, reverse=TRUE) -> 0.875 (see TaskMetricsTest)
    assertThat(all.metrics().get("c_index").value()).isCloseTo(0.875, within(1e-12));
    assertThat(all.metrics().get("c_index").ci().resamples()).isBetween(150, 200);
  }

  @Test
  void aNegativeSurvivalTimeIsTheOrganizersError() throws IOException {
    Files.writeString(labels, "id,months,died\na,-1,1\n");
    Files.writeString(predictions, "id,risk\na,0.9\n");

    assertThatThrownBy(() -> Scorer.score(survivalSpec(), labels, predictions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("row 2: time -1 in column 'months' is negative");
  }

  @Test
  void anEventThatIsNeitherZeroNorOneIsTheOrganizersError() throws IOException {
    Files.writeString(labels, "id,months,died\na,1,yes\n");
    Files.writeString(predictions, "id,risk\na,0.9\n");

    assertThatThrownBy(() -> Scorer.score(survivalSpec(), labels, predictions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("row 2: 'yes' in column 'died' must be 1 (event) or 0 (censored)");
  }

  @Test
  void aNonFiniteRiskIsRejected() throws IOException {
    Files.writeString(labels, "id,months,died\na,1,1\n");
    Files.writeString(predictions, "id,risk\na,-inf\n");

    assertThatThrownBy(() -> Scorer.score(survivalSpec(), labels, predictions))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessage("row 2: risk -inf is not finite");
  }

  @Test
  void aSurvivalSpecWithoutATimeColumnIsRejectedBeforeReadingFiles() {
    EvaluationSpec spec = spec("survival", hidden(null, null, "died"),
        new EvaluationSpec.PredictionContract("predictions.csv", "id", "risk"),
        List.of(MetricSpec.of("c_index")), new EvaluationSpec.Split(1.0, 1L, null));

    assertThatThrownBy(() -> Scorer.score(spec, labels, predictions))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a survival spec needs hidden.timeColumn");
  }

  // --- what every task shares ------------------------------------------------------------------

  @Test
  void anUnknownTaskIsRejected() {
    EvaluationSpec spec = spec("segmentation", hidden("label", null, null),
        new EvaluationSpec.PredictionContract("predictions.csv", "id", "score"),
        List.of(MetricSpec.of("dice")), new EvaluationSpec.Split(1.0, 1L, null));

    assertThatThrownBy(() -> Scorer.score(spec, labels, predictions))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown task 'segmentation'; known: binary-classification,"
            + " multiclass-classification, regression, survival, image-classification, image-segmentation,"
            + " object-detection");
  }

  @Test
  void aMetricOfAnotherTaskIsRejectedListingTheTasksMetrics() {
    assertThatThrownBy(() -> Scorer.score(regressionSpec("roc_auc"), labels, predictions))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown metric 'roc_auc' for regression; known metrics: mae, rmse, r2");
  }

  @Test
  void anUnknownMetricParameterIsRejectedBeforeReadingFiles() {
    EvaluationSpec spec = SpecBuilder.aSpec().build();
    EvaluationSpec withParameter = new EvaluationSpec(spec.challenge(), spec.phase(), spec.task(),
        spec.hidden(), spec.predictions(),
        List.of(new MetricSpec("roc_auc", Map.of()), new MetricSpec("f1", Map.of("cutoff", 0.3))),
        spec.bootstrap(), spec.split(), null, null);

    // Neither file exists: the spec is checked first.
    assertThatThrownBy(() -> Scorer.score(withParameter, labels, predictions))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric 'f1' has no parameter 'cutoff'; it takes: threshold");
  }

  @Test
  void metricParametersReachTheMetric() throws Exception {
    Files.writeString(labels, "id,label\na,1\nb,0\nc,1\nd,0\n");
    Files.writeString(predictions, "id,malignant\na,0.35\nb,0.2\nc,0.8\nd,0.45\n");
    EvaluationSpec spec = SpecBuilder.aSpec().publicFraction(1).build();
    EvaluationSpec thresholds = new EvaluationSpec(spec.challenge(), spec.phase(), spec.task(),
        spec.hidden(), spec.predictions(),
        List.of(MetricSpec.of("sensitivity"), new MetricSpec("specificity",
            Map.of("threshold", 0.3))), spec.bootstrap(), spec.split(), null, null);

    SplitScores all = Scorer.score(thresholds, labels, predictions).publicPart();

    assertThat(all.metrics().get("sensitivity").value()).isEqualTo(0.5);
    assertThat(all.metrics().get("specificity").value()).isEqualTo(0.5);
  }

  @Test
  void anExplicitListOfPublicIdsDecidesTheParts() throws Exception {
    Files.writeString(labels, "id,age\na,1\nb,2\nc,3\nd,4\ne,5\n");
    Files.writeString(predictions, "id,predicted\na,1\nb,2\nc,3\nd,4\ne,6\n");
    Files.writeString(bundle.resolve("test/public-ids.txt"), "d\n\nb \n");

    ScoreReport report = Scorer.score(regressionSpec(new EvaluationSpec.Split(null, null,
        "test/public-ids.txt"), "mae"), labels, predictions);

    assertThat(report.publicPart().cases()).isEqualTo(2);
    assertThat(report.publicPart().metrics().get("mae").value()).isEqualTo(0.0);
    assertThat(report.privatePart().cases()).isEqualTo(3);
    assertThat(report.privatePart().metrics().get("mae").value()).isCloseTo(1.0 / 3, within(1e-15));
  }

  @Test
  void aPublicIdOutsideTheTestSetIsTheOrganizersError() throws IOException {
    Files.writeString(labels, "id,age\na,1\nb,2\n");
    Files.writeString(predictions, "id,predicted\na,1\nb,2\n");
    Files.writeString(bundle.resolve("test/public-ids.txt"), "a\nz\n");

    assertThatThrownBy(() -> Scorer.score(regressionSpec(new EvaluationSpec.Split(null, null,
        "test/public-ids.txt"), "mae"), labels, predictions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("public-ids.txt, line 2: id 'z' is not in the test set");
  }

  @Test
  void aPublicIdsPathLeavingTheBundleIsRejected() {
    assertThatThrownBy(() -> Scorer.score(regressionSpec(new EvaluationSpec.Split(null, null,
        "../elsewhere.txt"), "mae"), labels, predictions))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a hidden file must be a path inside the bundle folder: '../elsewhere.txt'");
  }

  @Test
  void theBundleFolderIsTheLabelsFileWithoutTheSpecsRelativePath() {
    assertThat(BundleFiles.bundleFolder(Path.of("/site/melanoma/test/labels.csv"),
        "test/labels.csv")).isEqualTo(Path.of("/site/melanoma"));
    assertThat(BundleFiles.bundleFolder(Path.of("/site/melanoma/labels.csv"), "./labels.csv"))
        .isEqualTo(Path.of("/site/melanoma"));
    assertThat(BundleFiles.resolve(Path.of("/site/melanoma/test/labels.csv"), "test/labels.csv",
        "split/public.txt")).isEqualTo(Path.of("/site/melanoma/split/public.txt"));
    assertThatThrownBy(() -> BundleFiles.bundleFolder(Path.of("/site/melanoma/test/labels.csv"),
        "hidden/labels.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not end with the spec's labels path 'hidden/labels.csv'");
    assertThatThrownBy(() -> BundleFiles.bundleFolder(Path.of("/site/labels.csv"),
        "/site/labels.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be relative");
  }

  @Test
  void aSplitByFractionWithoutASeedIsRejected() {
    assertThatThrownBy(() -> Scorer.score(regressionSpec(new EvaluationSpec.Split(0.5, null,
        null), "mae"), labels, predictions))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a split by fraction needs a seed");
  }

  @Test
  void survivalIsStratifiedByEventAndMulticlassByClass() {
    // Four events among ten: round(0.5 * 4) = 2 events go public, whatever the seed.
    for (long seed = 1; seed <= 5; seed++) {
      TestSplit split = TestSplit.stratified(List.of(List.of("e1", "e2", "e3", "e4"),
          List.of("c1", "c2", "c3", "c4", "c5", "c6")), new EvaluationSpec.Split(0.5, seed, null));
      assertThat(split.publicIds().stream().filter(id -> id.startsWith("e"))).hasSize(2);
      assertThat(split.publicIds()).hasSize(5);
    }
  }

  @Test
  void theBinarySplitIsTheStratifiedSplitOfPositivesThenNegatives() {
    List<String> ids = List.of("case-000", "case-001", "case-002", "case-003", "case-004",
        "case-005", "case-006", "case-007", "case-008", "case-009");
    TestSplit binary = TestSplit.of(ids, java.util.Set.of("case-000", "case-001", "case-002",
        "case-003"), new EvaluationSpec.Split(0.5, 2024));

    assertThat(TestSplit.stratified(List.of(ids.subList(0, 4), ids.subList(4, 10)),
        new EvaluationSpec.Split(0.5, 2024))).isEqualTo(binary);
  }

  // --- specs -----------------------------------------------------------------------------------

  private static EvaluationSpec multiclassSpec(String... metrics) {
    return spec("multiclass-classification", hidden("grade", null, null),
        new EvaluationSpec.PredictionContract("predictions.csv", "id", null,
            List.of("low", "mid", "high")),
        MetricSpec.of(metrics), new EvaluationSpec.Split(1.0, 3L, null));
  }

  private static EvaluationSpec regressionSpec(String... metrics) {
    return regressionSpec(new EvaluationSpec.Split(1.0, 3L, null), metrics);
  }

  private static EvaluationSpec regressionSpec(EvaluationSpec.Split split, String... metrics) {
    return spec("regression", hidden("age", null, null),
        new EvaluationSpec.PredictionContract("predictions.csv", "id", "predicted"),
        MetricSpec.of(metrics), split);
  }

  private static EvaluationSpec survivalSpec() {
    return spec("survival", hidden(null, "months", "died"),
        new EvaluationSpec.PredictionContract("predictions.csv", "id", "risk"),
        List.of(MetricSpec.of("c_index")), new EvaluationSpec.Split(1.0, 3L, null));
  }

  private static EvaluationSpec.HiddenData hidden(String label, String time, String event) {
    return new EvaluationSpec.HiddenData("test/inputs.csv", "test/labels.csv", "id", label, null,
        time, event, "inputs.csv");
  }

  private static EvaluationSpec spec(String task, EvaluationSpec.HiddenData hidden,
      EvaluationSpec.PredictionContract predictions, List<MetricSpec> metrics,
      EvaluationSpec.Split split) {
    return new EvaluationSpec("challenge", "final", task, hidden, predictions, metrics,
        new EvaluationSpec.Bootstrap(200, 42), split, null, null);
  }
}
