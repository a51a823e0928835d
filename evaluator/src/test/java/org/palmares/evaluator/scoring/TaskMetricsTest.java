package org.palmares.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.scoring.Evaluation.Outcome;

/**
 * Multiclass, regression and survival metrics against independent references. Multiclass and
 * regression: scikit-learn 1.2.1 (Debian python3-sklearn, /usr/bin/python3), each expected value
 * printed with {@code repr()} by the expression above it after {@code import numpy as np; from
 * sklearn.metrics import accuracy_score, f1_score, cohen_kappa_score, mean_absolute_error,
 * mean_squared_error, r2_score}. Kappas pass {@code labels=} every class index, so that a class
 * absent from a part keeps its place in the ordinal scale. Survival: the O(n²) plain-Python
 * {@code scoring/harrell_c.py} and R's {@code survival} 3.5.3 ({@code concordance(Surv(time,
 * event) ~ risk, reverse = TRUE)}), which agree to the last digit.
 */
class TaskMetricsTest {

  private static final double TOLERANCE = 1e-12;

  // y = [0,1,2,2,1,0,2,1,0,2]; q = [0,2,2,1,1,0,2,0,0,1]
  private static final int[] Y3 = {0, 1, 2, 2, 1, 0, 2, 1, 0, 2};
  private static final int[] Q3 = {0, 2, 2, 1, 1, 0, 2, 0, 0, 1};

  @Test
  void multiclassMetricsOfTenCasesMatchScikitLearn() {
    // accuracy_score(y, q) -> 0.6
    assertThat(multiclass(MulticlassMetric.ACCURACY, Y3, Q3, 3)).isCloseTo(0.6, within(TOLERANCE));
    // f1_score(y, q, average='macro') -> 0.5873015873015873
    assertThat(multiclass(MulticlassMetric.MACRO_F1, Y3, Q3, 3)).isCloseTo(0.5873015873015873, within(TOLERANCE));
    // cohen_kappa_score(y, q, labels=[0,1,2]) -> 0.4029850746268657
    assertThat(multiclass(MulticlassMetric.COHEN_KAPPA, Y3, Q3, 3)).isCloseTo(0.4029850746268657, within(TOLERANCE));
    // cohen_kappa_score(y, q, weights='quadratic', labels=[0,1,2]) -> 0.7183098591549295
    assertThat(multiclass(MulticlassMetric.QUADRATIC_KAPPA, Y3, Q3, 3)).isCloseTo(0.7183098591549295, within(TOLERANCE));
  }

  @Test
  void macroF1LeavesOutAClassNeitherTrueNorPredictedAndCountsAPredictedAbsentClassAsZero() {
    // y = [0,1,1,0,1,0]; q = [0,1,2,0,0,0], four classes, class 3 nowhere, class 2 never true
    int[] y = {0, 1, 1, 0, 1, 0};
    int[] q = {0, 1, 2, 0, 0, 0};
    // accuracy_score(y, q) -> 0.6666666666666666
    assertThat(multiclass(MulticlassMetric.ACCURACY, y, q, 4)).isCloseTo(0.6666666666666666, within(TOLERANCE));
    // f1_score(y, q, average='macro') -> 0.4523809523809524
    assertThat(multiclass(MulticlassMetric.MACRO_F1, y, q, 4)).isCloseTo(0.4523809523809524, within(TOLERANCE));
    // cohen_kappa_score(y, q, labels=[0,1,2,3]) -> 0.4285714285714286
    assertThat(multiclass(MulticlassMetric.COHEN_KAPPA, y, q, 4)).isCloseTo(0.4285714285714286, within(TOLERANCE));
    // cohen_kappa_score(y, q, weights='quadratic', labels=[0,1,2,3]) -> 0.6
    assertThat(multiclass(MulticlassMetric.QUADRATIC_KAPPA, y, q, 4)).isCloseTo(0.6, within(TOLERANCE));
  }

  @Test
  void quadraticKappaKeepsTheOrdinalDistanceOfAnAbsentClass() {
    // y = [0,2,3,3,0,2]; q = [0,3,3,2,2,2]; class 1 absent
    // cohen_kappa_score(y, q, weights='quadratic', labels=[0,1,2,3]) -> 0.625
    // (without labels=, scikit-learn would renumber 0,2,3 as 0,1,2 and give 0.5714285714285714)
    assertThat(multiclass(MulticlassMetric.QUADRATIC_KAPPA, new int[] {0, 2, 3, 3, 0, 2},
        new int[] {0, 3, 3, 2, 2, 2}, 4)).isCloseTo(0.625, within(TOLERANCE));
  }

  @Test
  void kappaIsUndefinedWhenLabelsAndPredictionsAreAllOneClass() {
    // cohen_kappa_score([1,1,1], [1,1,1], labels=[0,1,2]) -> nan (with a RuntimeWarning)
    int[] ones = {1, 1, 1};
    for (MulticlassMetric metric : List.of(MulticlassMetric.COHEN_KAPPA, MulticlassMetric.QUADRATIC_KAPPA)) {
      Outcome outcome = metric.prepare(ones, ones, 3, Map.of()).on(Evaluation.ones(3));
      assertThat(outcome.isDefined()).isFalse();
      assertThat(outcome.undefined()).isEqualTo("undefined: the labels and the predictions are all"
          + " of one class, so agreement by chance is total");
    }
    // accuracy_score([1,1,1], [1,1,1]) -> 1.0 ; f1_score([1,1,1], [1,1,1], average='macro') -> 1.0
    assertThat(multiclass(MulticlassMetric.ACCURACY, ones, ones, 3)).isEqualTo(1.0);
    assertThat(multiclass(MulticlassMetric.MACRO_F1, ones, ones, 3)).isEqualTo(1.0);
    // One class in the labels but not in the predictions is defined:
    // cohen_kappa_score([1,1,1], [1,0,1], labels=[0,1,2]) -> 0.0
    assertThat(multiclass(MulticlassMetric.COHEN_KAPPA, ones, new int[] {1, 0, 1}, 3)).isCloseTo(0.0, within(TOLERANCE));
    // f1_score([1,1,1], [1,0,1], average='macro') -> 0.4
    assertThat(multiclass(MulticlassMetric.MACRO_F1, ones, new int[] {1, 0, 1}, 3)).isCloseTo(0.4, within(TOLERANCE));
  }

  @Test
  void regressionMetricsMatchScikitLearn() {
    double[] t = {3.0, -0.5, 2.0, 7.0, 4.25};
    double[] p = {2.5, 0.0, 2.0, 8.0, 4.25};
    // mean_absolute_error(t, p) -> 0.4
    assertThat(regression(RegressionMetric.MAE, t, p)).isCloseTo(0.4, within(TOLERANCE));
    // np.sqrt(mean_squared_error(t, p)) -> 0.5477225575051661
    assertThat(regression(RegressionMetric.RMSE, t, p)).isCloseTo(0.5477225575051661, within(TOLERANCE));
    // r2_score(t, p) -> 0.9511400651465798
    assertThat(regression(RegressionMetric.R2, t, p)).isCloseTo(0.9511400651465798, within(TOLERANCE));
  }

  @Test
  void aConstantPredictionHasANegativeR2AndTiedLabelsAreFine() {
    double[] t = {1.0, 2.0, 2.0, 3.0};
    double[] p = {1.0, 1.0, 1.0, 1.0};
    // mean_absolute_error(t, p) -> 1.0
    assertThat(regression(RegressionMetric.MAE, t, p)).isCloseTo(1.0, within(TOLERANCE));
    // np.sqrt(mean_squared_error(t, p)) -> 1.224744871391589
    assertThat(regression(RegressionMetric.RMSE, t, p)).isCloseTo(1.224744871391589, within(TOLERANCE));
    // r2_score(t, p) -> -2.0
    assertThat(regression(RegressionMetric.R2, t, p)).isCloseTo(-2.0, within(TOLERANCE));
  }

  @Test
  void r2IsUndefinedWhenAllLabelsAreEqualEvenWhereTheirMeanIsOffByAnUlp() {
    double[] t = {0.1, 0.1, 0.1};
    double[] p = {0.2, 0.0, 0.1};
    // r2_score(t, p) -> -3.461531239023219e+31: the mean of three 0.1 is not 0.1 in binary
    // floating point, so scikit-learn sees a tiny variance. We say undefined.
    Outcome r2 = RegressionMetric.R2.prepare(t, p, Map.of()).on(Evaluation.ones(3));
    assertThat(r2.isDefined()).isFalse();
    assertThat(r2.undefined()).isEqualTo("undefined: all labels are equal (R² needs variance)");
    // mean_absolute_error(t, p) -> 0.06666666666666667
    assertThat(regression(RegressionMetric.MAE, t, p)).isCloseTo(0.06666666666666667, within(TOLERANCE));
    // np.sqrt(mean_squared_error(t, p)) -> 0.08164965809277261
    assertThat(regression(RegressionMetric.RMSE, t, p)).isCloseTo(0.08164965809277261, within(TOLERANCE));
  }

  @Test
  void harrellsCOfSevenCasesMatchesRsConcordanceWithItsTiesConvention() {
    // t <- c(1,2,2,3,4,4,5); e <- c(1,1,0,1,0,1,0); r <- c(0.9,0.5,0.5,0.7,0.1,0.3,0.3)
    // concordance(Surv(t,e) ~ r, reverse=TRUE): concordant 13, discordant 1, tied.x 2,
    // concordance 0.875. Case 2 (time 2, censored) is comparable with case 1 (time 2, event)
    // and ties its risk; case 4 (time 4, censored) is comparable with case 5 (time 4, event).
    double c = survival(new double[] {1, 2, 2, 3, 4, 4, 5}, new int[] {1, 1, 0, 1, 0, 1, 0},
        new double[] {0.9, 0.5, 0.5, 0.7, 0.1, 0.3, 0.3});
    assertThat(c).isCloseTo(0.875, within(TOLERANCE));
  }

  @Test
  void harrellsCOfThreeHundredCasesWithTiesMatchesBothReferences() throws IOException {
    // /usr/bin/python3 harrell_c.py survival-300.csv -> 0.5627791929707978
    // R: concordance(Surv(time, event) ~ risk, data=read.csv("survival-300.csv"), reverse=TRUE)
    //   -> concordant 14918, discordant 11517, tied.x 652, tied.y 232, tied.xy 7;
    //      concordance 0.56277919297079781
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("/scoring/survival-300.csv")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
    }
    double[] time = new double[lines.size()];
    int[] event = new int[lines.size()];
    double[] risk = new double[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      time[i] = Double.parseDouble(f[1]);
      event[i] = Integer.parseInt(f[2]);
      risk[i] = Double.parseDouble(f[3]);
    }
    assertThat(survival(time, event, risk)).isCloseTo(0.5627791929707978, within(TOLERANCE));
  }

  @Test
  void harrellsCOfAllEqualRisksIsOneHalfAndOfAPerfectRankingOne() {
    // harrell_c([1,2,3], [True,True,False], [0.4,0.4,0.4]) -> 0.5
    assertThat(survival(new double[] {1, 2, 3}, new int[] {1, 1, 0}, new double[] {0.4, 0.4, 0.4}))
        .isCloseTo(0.5, within(TOLERANCE));
    // harrell_c([1,2,3], [True,True,False], [3,2,1]) -> 1.0
    assertThat(survival(new double[] {1, 2, 3}, new int[] {1, 1, 0}, new double[] {3, 2, 1}))
        .isCloseTo(1.0, within(TOLERANCE));
  }

  @Test
  void harrellsCIsUndefinedWithoutAComparablePair() {
    // No event; then one event at the latest time; then two events at the same time.
    for (Object[] c : new Object[][] {
        {new double[] {1, 2}, new boolean[] {false, false}},
        {new double[] {1, 2}, new boolean[] {false, true}},
        {new double[] {2, 2}, new boolean[] {true, true}}}) {
      Outcome outcome = SurvivalMetric.C_INDEX.prepare((double[]) c[0], (boolean[]) c[1],
          new double[] {0.2, 0.8}, Map.of()).on(Evaluation.ones(2));
      assertThat(outcome.undefined()).isEqualTo("undefined: no comparable pairs (no event before"
          + " another case's follow-up time)");
    }
  }

  @Test
  void weightsCountEachCaseAsManyTimesAsItWasDrawn() {
    // Drawing case 0 twice and case 2 not at all is the same as scoring [0, 0, 1]:
    // harrell_c([1,1,2], [True,True,True], [0.9,0.9,0.5]) -> 1.0 (the copies tie on time, both
    // events: not comparable)
    Outcome drawn = SurvivalMetric.C_INDEX.prepare(new double[] {1, 2, 3},
        new boolean[] {true, true, true}, new double[] {0.9, 0.5, 0.1}, Map.of())
        .on(new int[] {2, 1, 0});
    assertThat(drawn.value()).isEqualTo(1.0);
    // roc_auc_score([1,1,0,0,0], [0.2,0.2,0.4,0.1,0.1]) -> 0.6666666666666666
    Outcome auc = BinaryMetric.ROC_AUC.prepare(new BinaryCases(BinaryMetricTest.classes(1, 0, 0),
        new double[] {0.2, 0.4, 0.1}), Map.of()).on(new int[] {2, 1, 2});
    assertThat(auc.value()).isCloseTo(0.6666666666666666, within(TOLERANCE));
  }

  private static double multiclass(MulticlassMetric metric, int[] y, int[] q, int classes) {
    Outcome outcome = metric.prepare(y, q, classes, Map.of()).on(Evaluation.ones(y.length));
    assertThat(outcome.undefined()).as(metric.name()).isNull();
    return outcome.value();
  }

  private static double regression(RegressionMetric metric, double[] t, double[] p) {
    Outcome outcome = metric.prepare(t, p, Map.of()).on(Evaluation.ones(t.length));
    assertThat(outcome.undefined()).as(metric.name()).isNull();
    return outcome.value();
  }

  private static double survival(double[] time, int[] event, double[] risk) {
    boolean[] happened = new boolean[event.length];
    for (int i = 0; i < event.length; i++) {
      happened[i] = event[i] == 1;
    }
    Outcome outcome = SurvivalMetric.C_INDEX.prepare(time, happened, risk, Map.of())
        .on(Evaluation.ones(time.length));
    assertThat(outcome.undefined()).isNull();
    return outcome.value();
  }
}
