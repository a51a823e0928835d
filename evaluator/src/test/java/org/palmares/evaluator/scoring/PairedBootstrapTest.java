package org.palmares.evaluator.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

  private static final List<BinaryMetric> ALL = List.of(BinaryMetric.values());

  private static List<String> ids(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("case-%03d".formatted(i));
    }
    return ids;
  }

  @Test
  void theSameSeedGivesIdenticalIntervalsAndVectors() throws IOException {
    BinaryMetricTest.Fixture fixture = BinaryMetricTest.Fixture.load("/scoring/random-200.csv");

    PairedBootstrap.Result first = Bootstraps.binary(fixture.positive(), fixture.probability(), ALL, 500, "p");
    PairedBootstrap.Result second = Bootstraps.binary(fixture.positive(), fixture.probability(), ALL, 500, "p");

    assertThat(second).isEqualTo(first);
  }

  @Test
  void theKeyAndTheIndicesDependOnTheChallengePhasePartAndIdsButNotOnThePredictions() {
    List<String> ids = ids(30);
    int[] strata = new int[30];
    PairedBootstrap.Plan base = PairedBootstrap.plan("c", "final", 0, 7, 100, ids, strata, 1);

    assertThat(PairedBootstrap.plan("c", "final", 0, 7, 100, ids, strata, 1)).usingRecursiveComparison()
        .isEqualTo(base);
    for (PairedBootstrap.Plan other : List.of(
        PairedBootstrap.plan("d", "final", 0, 7, 100, ids, strata, 1),
        PairedBootstrap.plan("c", "sanity", 0, 7, 100, ids, strata, 1),
        PairedBootstrap.plan("c", "final", 1, 7, 100, ids, strata, 1),
        PairedBootstrap.plan("c", "final", 0, 8, 100, ids, strata, 1),
        PairedBootstrap.plan("c", "final", 0, 7, 100, ids(31).subList(1, 31), strata, 1))) {
      assertThat(other.key()).isNotEqualTo(base.key());
      assertThat(other.streamSeed()).isNotEqualTo(base.streamSeed());
    }
  }

  @Test
  void twoLayoutsOfTheSameCasesSeeTheSameResamples() {
    // The scorer lays binary cases out by probability, which differs between submissions: the
    // multiplicity of a case must follow the case, not its position, or nothing is paired.
    int n = 25;
    PairedBootstrap.Plan plan = PairedBootstrap.plan("c", "final", 0, 1, 200, ids(n), new int[n], 1);
    int[] reversed = new int[n];
    for (int k = 0; k < n; k++) {
      reversed[k] = n - 1 - k;
    }
    Evaluation caseThreeInIdOrder = w -> Evaluation.Outcome.of(w[3]);
    Evaluation caseThreeReversed = w -> Evaluation.Outcome.of(w[n - 1 - 3]);

    List<Double> inIdOrder = PairedBootstrap.run(plan, null, List.of(caseThreeInIdOrder)).estimates().get(0).values();
    List<Double> inReverse = PairedBootstrap.run(plan, reversed, List.of(caseThreeReversed)).estimates().get(0).values();

    assertThat(inReverse).isEqualTo(inIdOrder).hasSize(200);
    assertThat(inIdOrder.stream().distinct().count()).isGreaterThan(2); // the case is really resampled
  }

  @Test
  void resamplesKeepThePartsClassCountsSoNoneIsOneClass() {
    // One positive among six: an unstratified bootstrap loses (5/6)^6 = 33% of resamples for ROC
    // AUC and sensitivity; resampling each class within itself loses none.
    boolean[] positive = BinaryMetricTest.classes(1, 0, 0, 0, 0, 0);
    double[] probability = {0.9, 0.2, 0.4, 0.6, 0.1, 0.3};

    PairedBootstrap.Result result = Bootstraps.binary(positive, probability, ALL, 1000, "p");

    assertThat(result.resampling().valid()).isEqualTo(1000);
    assertThat(result.resampling().scheme()).isEqualTo("stratified");
    for (PairedBootstrap.Estimate e : result.estimates()) {
      assertThat(e.ci()).isNotNull();
      assertThat(e.ci().resamples()).isEqualTo(1000);
    }
  }

  @Test
  void aResampleOnWhichOneMetricIsUndefinedIsDroppedForEveryMetric() {
    int n = 10;
    Evaluation sometimesUndefined = w -> w[0] == 0 ? Evaluation.Outcome.undefined("case 0 not drawn")
        : Evaluation.Outcome.of(w[0]);
    Evaluation total = w -> Evaluation.Outcome.of(Evaluation.total(w) + w[1]);
    PairedBootstrap.Plan plan = PairedBootstrap.unstratified(3, n, 1000);

    PairedBootstrap.Result result = PairedBootstrap.run(plan, null, List.of(total, sometimesUndefined));

    // Case 0 is missed with probability (9/10)^10 = 35%.
    Resampling resampling = result.resampling();
    assertThat(resampling.valid()).isBetween(550, 750);
    assertThat(resampling.dropped()).hasSize(1000 - resampling.valid());
    for (PairedBootstrap.Estimate e : result.estimates()) {
      assertThat(e.ci().resamples()).isEqualTo(resampling.valid());
      assertThat(e.values()).hasSize(resampling.vectorLength());
    }
  }

  @Test
  void aMetricUndefinedOnThePartHasNoSayOverTheOthersResamples() {
    boolean[] onlyNegatives = BinaryMetricTest.classes(0, 0, 0);

    PairedBootstrap.Result result = Bootstraps.binary(onlyNegatives, new double[] {0.1, 0.2, 0.7},
        List.of(BinaryMetric.ROC_AUC, BinaryMetric.SPECIFICITY), 100, "p");

    assertThat(result.estimates().get(0).ci()).isNull();
    assertThat(result.estimates().get(0).values()).isEmpty();
    assertThat(result.estimates().get(1).ci().resamples()).isEqualTo(100);
  }

  @Test
  void theReportedVectorsAreCappedWhateverTheResamplesDrawn() {
    Evaluation mean = BinaryMetric.meanOf(new double[] {1, 2, 3, 4, 5});

    PairedBootstrap.Result result = PairedBootstrap.run(PairedBootstrap.unstratified(1, 5, 5000), null,
        List.of(mean));

    assertThat(result.resampling().drawn()).isEqualTo(5000);
    assertThat(result.resampling().reported()).isEqualTo(PairedBootstrap.REPORTED_RESAMPLES_MAX);
    assertThat(result.estimates().get(0).values()).hasSize(PairedBootstrap.REPORTED_RESAMPLES_MAX);
    assertThat(result.estimates().get(0).ci().resamples()).isEqualTo(5000);
  }

  @Test
  void everyIntervalContainsThePointEstimateOfAReasonableCaseAndSaysItsMethod() throws IOException {
    BinaryMetricTest.Fixture fixture = BinaryMetricTest.Fixture.load("/scoring/random-200.csv");

    PairedBootstrap.Result result = Bootstraps.binary(fixture.positive(), fixture.probability(), ALL, 1000, "p");

    for (int m = 0; m < ALL.size(); m++) {
      PairedBootstrap.Estimate e = result.estimates().get(m);
      String name = ALL.get(m).metricName();
      assertThat(e.ci().low()).as(name).isLessThan(e.point().value());
      assertThat(e.ci().high()).as(name).isGreaterThan(e.point().value());
      assertThat(e.ci().method()).as(name).isEqualTo(ALL.get(m) == BinaryMetric.ROC_AUC ? "delong-logit" : "bca");
    }
    Interval auc = result.estimates().get(0).ci();
    assertThat(auc.high() - auc.low()).isBetween(0.05, 0.3);
  }

  @Test
  void deLongsVarianceMatchesItsDefinitionOverEveryPair() throws IOException {
    BinaryMetricTest.Fixture fixture = BinaryMetricTest.Fixture.load("/scoring/random-200.csv");
    boolean[] positive = fixture.positive();
    double[] p = fixture.probability();
    // The definition, O(m n): placements by brute force, then S10 / m + S01 / n.
    List<Double> v10 = new ArrayList<>();
    List<Double> v01 = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      double sum = 0;
      int others = 0;
      for (int j = 0; j < p.length; j++) {
        if (positive[j] != positive[i]) {
          others++;
          double psi = p[i] == p[j] ? 0.5 : (positive[i] ? p[i] > p[j] : p[j] > p[i]) ? 1 : 0;
          sum += psi;
        }
      }
      (positive[i] ? v10 : v01).add(sum / others);
    }
    double auc = v10.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double variance = sampleVariance(v10, auc) / v10.size() + sampleVariance(v01, auc) / v01.size();
    double se = Math.sqrt(variance) / (auc * (1 - auc));
    double logit = Math.log(auc / (1 - auc));
    double z = 1.959963984540054;

    Interval ci = new RocAucEvaluation(BinaryCases.byProbability(positive, p)).interval(1000);

    assertThat(ci.low()).isCloseTo(1 / (1 + Math.exp(-(logit - z * se))), within(1e-12));
    assertThat(ci.high()).isCloseTo(1 / (1 + Math.exp(-(logit + z * se))), within(1e-12));
  }

  @Test
  void aPerfectAucStillHasAnIntervalOfSomeWidth() {
    boolean[] positive = BinaryMetricTest.classes(1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
    double[] p = {0.9, 0.8, 0.7, 0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5};

    Interval ci = new RocAucEvaluation(BinaryCases.byProbability(positive, p)).interval(1000);

    assertThat(ci.high()).isEqualTo(1.0);
    assertThat(ci.low()).isLessThan(0.9);
  }

  @Test
  void zeroResamplesAreRejected() {
    assertThatThrownBy(() -> PairedBootstrap.unstratified(1, 2, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double sampleVariance(List<Double> values, double mean) {
    double s = 0;
    for (double v : values) {
      s += (v - mean) * (v - mean);
    }
    return s / (values.size() - 1);
  }
}
