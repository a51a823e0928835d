package org.palmares.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.palmares.evaluator.scoring.SpecBuilder.aSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.EvaluationSpec;

class ScorerTest {

  @TempDir
  Path folder;

  private BinaryMetricTest.Fixture fixture;
  private Path labels;
  private Path predictions;

  @BeforeEach
  void writeTheTwoHundredCaseFixture() throws IOException {
    fixture = BinaryMetricTest.Fixture.load("/scoring/random-200.csv");
    StringBuilder labelRows = new StringBuilder("id,label,site\n");
    // Predictions in another order than the labels, with an extra column: both are allowed.
    StringBuilder predictionRows = new StringBuilder("malignant,id,model\n");
    for (int i = fixture.ids().size() - 1; i >= 0; i--) {
      labelRows.append(fixture.ids().get(i)).append(',')
          .append(fixture.positive()[i] ? " 1 " : "0").append(",lyon\n");
      predictionRows.append(fixture.probability()[i]).append(',').append(fixture.ids().get(i))
          .append(",v1\n");
    }
    labels = Files.writeString(folder.resolve("labels.csv"), labelRows);
    predictions = Files.writeString(folder.resolve("predictions.csv"), predictionRows);
  }

  @Test
  void bothPartsGetEveryMetricInSpecOrderWithAnInterval() throws Exception {
    EvaluationSpec spec = aSpec().metrics("log_loss", "roc_auc", "accuracy").resamples(300)
        .build();

    ScoreReport report = Scorer.score(spec, labels, predictions);

    assertThat(report.primaryMetric()).isEqualTo("log_loss");
    assertThat(report.publicPart().cases() + report.privatePart().cases()).isEqualTo(200);
    assertThat(report.publicPart().positives() + report.privatePart().positives()).isEqualTo(69);
    for (SplitScores part : List.of(report.publicPart(), report.privatePart())) {
      assertThat(part.metrics().keySet()).containsExactly("log_loss", "roc_auc", "accuracy");
      part.metrics().forEach((name, value) -> {
        assertThat(value.value()).as(name).isNotNull();
        assertThat(value.note()).as(name).isNull();
        assertThat(value.ci().resamples()).as(name).isEqualTo(300);
        assertThat(value.ci().low()).as(name).isLessThanOrEqualTo(value.value());
        assertThat(value.ci().high()).as(name).isGreaterThanOrEqualTo(value.value());
      });
    }
  }

  @Test
  void eachPartIsScoredOnTheIdsOfTheSplit() throws Exception {
    EvaluationSpec spec = aSpec().publicFraction(0.3).splitSeed(99).build();
    Set<String> positives = new HashSet<>();
    for (int i = 0; i < fixture.ids().size(); i++) {
      if (fixture.positive()[i]) {
        positives.add(fixture.ids().get(i));
      }
    }
    TestSplit split = TestSplit.of(fixture.ids(), positives, spec.split());

    ScoreReport report = Scorer.score(spec, labels, predictions);

    // round(0.3 * 69) + round(0.3 * 131) = 21 + 39
    assertThat(report.publicPart().cases()).isEqualTo(60);
    assertThat(report.publicPart().positives()).isEqualTo(21);
    List<Integer> publicIndexes = new ArrayList<>();
    for (int i = 0; i < fixture.ids().size(); i++) {
      if (split.isPublic(fixture.ids().get(i))) {
        publicIndexes.add(i);
      }
    }
    boolean[] positive = new boolean[publicIndexes.size()];
    double[] probability = new double[publicIndexes.size()];
    for (int k = 0; k < publicIndexes.size(); k++) {
      positive[k] = fixture.positive()[publicIndexes.get(k)];
      probability[k] = fixture.probability()[publicIndexes.get(k)];
    }
    assertThat(report.publicPart().metrics().get("roc_auc").value()).isCloseTo(
        BinaryMetric.ROC_AUC.compute(positive, probability).getAsDouble(), within(1e-15));
  }

  @Test
  void scoringAgainGivesAnIdenticalReport() throws Exception {
    EvaluationSpec spec = aSpec().build();

    assertThat(Scorer.score(spec, labels, predictions))
        .isEqualTo(Scorer.score(spec, labels, predictions));
  }

  @Test
  void anotherBootstrapSeedMovesTheResamplesButNotTheValuesNorDeLongsInterval() throws Exception {
    ScoreReport first = Scorer.score(aSpec().bootstrapSeed(1).build(), labels, predictions);
    ScoreReport second = Scorer.score(aSpec().bootstrapSeed(2).build(), labels, predictions);

    MetricValue a = first.privatePart().metrics().get("roc_auc");
    MetricValue b = second.privatePart().metrics().get("roc_auc");
    assertThat(b.value()).isEqualTo(a.value());
    assertThat(second.privatePart().resampling().key()).isNotEqualTo(first.privatePart().resampling().key());
    assertThat(second.privatePart().resampleValues().get("roc_auc"))
        .isNotEqualTo(first.privatePart().resampleValues().get("roc_auc"));
    // ROC AUC's interval is DeLong's closed form: no resample moves it.
    assertThat(b.ci().method()).isEqualTo("delong-logit");
    assertThat(b.ci().low()).isEqualTo(a.ci().low());
  }

  @Test
  void twoSubmissionsOfAPhaseArePairedOnTheSameResamplesAndTwoPartsAreNot() throws Exception {
    Path other = Files.writeString(folder.resolve("other-predictions.csv"),
        Files.readString(predictions).replace("0.", "0.0"));
    EvaluationSpec spec = aSpec().build();

    ScoreReport first = Scorer.score(spec, labels, predictions);
    ScoreReport second = Scorer.score(spec, labels, other);

    assertThat(second.publicPart().resampling()).isEqualTo(first.publicPart().resampling());
    assertThat(second.privatePart().resampling().key()).isEqualTo(first.privatePart().resampling().key());
    assertThat(first.privatePart().resampling().key()).isNotEqualTo(first.publicPart().resampling().key());
    assertThat(first.publicPart().resampleValues().get("roc_auc"))
        .hasSize(first.publicPart().resampling().vectorLength());
  }

  @Test
  void aPartWithOneClassReportsUndefinedMetricsWithANote() throws Exception {
    // One positive: round(0.5 * 1) = 1 puts it in the public part, leaving the private part
    // with negatives only.
    Path fewLabels = Files.writeString(folder.resolve("few-labels.csv"),
        "id,label\na,1\nb,0\nc,0\nd,0\n");
    Path fewPredictions = Files.writeString(folder.resolve("few-predictions.csv"),
        "id,malignant\na,0.9\nb,0.2\nc,0.6\nd,0.1\n");

    ScoreReport report = Scorer.score(aSpec().build(), fewLabels, fewPredictions);

    SplitScores privatePart = report.privatePart();
    assertThat(privatePart.positives()).isZero();
    assertThat(privatePart.metrics().get("roc_auc"))
        .isEqualTo(new MetricValue(null, null, "undefined: the part has only one class"));
    assertThat(privatePart.metrics().get("sensitivity"))
        .isEqualTo(new MetricValue(null, null, "undefined: the part has no positive cases"));
    assertThat(privatePart.metrics().get("specificity").value()).isNotNull();
  }

  @Test
  void invalidPredictionsAreReportedToTheCompetitor() throws IOException {
    Files.writeString(predictions, "id,malignant\ncase-000,0.5\ncase-000,0.5\n");

    assertThatThrownBy(() -> Scorer.score(aSpec().build(), labels, predictions))
        .isInstanceOf(InvalidPredictionsException.class)
        .hasMessage("row 3: id 'case-000' appears twice (first at row 2)");
  }

  @Test
  void anUnknownMetricIsTheOrganizersErrorAndFailsBeforeReadingPredictions() {
    Path absent = folder.resolve("absent.csv");

    assertThatThrownBy(() -> Scorer.score(aSpec().metrics("roc_auc", "c_index").build(), labels,
        absent))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown metric 'c_index' for binary-classification; known metrics: roc_auc,"
            + " average_precision, accuracy, balanced_accuracy, f1, sensitivity, specificity,"
            + " sensitivity_at_specificity, log_loss, brier, ece");
  }

  @Test
  void aLabelsFileWithoutTheLabelColumnIsTheOrganizersError() throws IOException {
    Files.writeString(labels, "id,diagnosis\ncase-000,1\n");

    assertThatThrownBy(() -> Scorer.score(aSpec().build(), labels, predictions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must have the columns 'id' and 'label'; found: id, diagnosis");
  }

  @Test
  void aLabelsFileWithoutThePositiveLabelIsTheOrganizersError() throws IOException {
    Files.writeString(labels, "id,label\ncase-000,yes\ncase-001,no\n");

    assertThatThrownBy(() -> Scorer.score(aSpec().build(), labels, predictions))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must hold both classes");
  }

  @Test
  void theReportedMetricsCannotBeModified() throws Exception {
    ScoreReport report = Scorer.score(aSpec().metrics("accuracy").build(), labels, predictions);

    assertThatThrownBy(() -> report.publicPart().metrics().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
