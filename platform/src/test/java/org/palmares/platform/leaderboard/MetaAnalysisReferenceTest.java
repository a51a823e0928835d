package org.palmares.platform.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.palmares.evaluator.scoring.Pooling;
import org.palmares.platform.leaderboard.PooledScore.SiteFigure;

/**
 * The pooled boards' meta-analysis against R's metafor ({@code rma()} with its defaults) on the
 * same inputs, to 1e-6: pooled estimate, interval, tau², I² and Q, on the identity and the logit
 * scale; and the count pooling's Wilson interval against R's {@code prop.test(correct = FALSE)}.
 * metafor comes from Debian's r-cran-metafor ({@code scripts/ensure-r-reference.sh}, which CI
 * runs); without Rscript and metafor the test skips, saying so.
 */
class MetaAnalysisReferenceTest {

  private static final double TOLERANCE = 1e-6;
  private static Path script;

  @BeforeAll
  static void metaforIsInstalled() throws Exception {
    boolean available;
    try {
      Process probe = new ProcessBuilder("Rscript", "-e", "library(metafor)")
          .redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      available = probe.waitFor(120, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException noR) {
      available = false;
    }
    Assumptions.assumeTrue(available, "Rscript with metafor is not installed: run"
        + " scripts/ensure-r-reference.sh (CI does) to check the pooled boards against it");
    script = Files.createTempFile("metafor", ".R");
    try (var in = MetaAnalysisReferenceTest.class.getResourceAsStream("/reference/metafor.R")) {
      Files.write(script, in.readAllBytes());
    }
  }

  @Test
  void twoSitesMatchMetafor() throws Exception {
    checkRandomEffects(new double[] {0.1, 0.5}, new double[] {0.1, 0.2});
  }

  @Test
  void threeToFiveSitesMatchMetafor() throws Exception {
    checkRandomEffects(new double[] {0.31, 0.12, 0.45}, new double[] {0.08, 0.11, 0.09});
    checkRandomEffects(new double[] {1.2, 0.8, 1.5, 0.9}, new double[] {0.3, 0.25, 0.4, 0.2});
    checkRandomEffects(new double[] {-0.2, 0.05, 0.3, 0.1, -0.4},
        new double[] {0.15, 0.12, 0.2, 0.1, 0.3});
  }

  @Test
  void zeroHeterogeneityGivesTauSquaredZeroAsMetaforDoes() throws Exception {
    double[] figures = checkRandomEffects(new double[] {0.50, 0.52, 0.49},
        new double[] {0.2, 0.25, 0.3});
    assertThat(figures[4]).isZero();
    assertThat(MetaAnalysis.randomEffects(studies(new double[] {0.50, 0.52, 0.49},
        new double[] {0.2, 0.25, 0.3})).i2()).isZero();
  }

  @Test
  void largeHeterogeneityMatchesMetafor() throws Exception {
    double[] figures = checkRandomEffects(new double[] {-1.5, 0.2, 2.4, 0.9, 3.1},
        new double[] {0.05, 0.08, 0.06, 0.1, 0.04});
    assertThat(figures[5]).isGreaterThan(99);
  }

  @Test
  void derSimonianLairdMatchesMetafor() throws Exception {
    double[] y = {1.2, 0.8, 1.5, 0.9};
    double[] se = {0.3, 0.25, 0.4, 0.2};
    double[] r = rscript("dl;" + join(y) + ";" + join(se)).get(0);
    double[] v = Arrays.stream(se).map(s -> s * s).toArray();
    assertThat(MetaAnalysis.derSimonianLaird(y, v)).isCloseTo(r[0], within(TOLERANCE));
  }

  @Test
  void cIndicesPoolOnTheLogitScaleAndBackAsMetaforDoes() throws Exception {
    checkLogit(new double[] {0.68, 0.71}, new double[] {0.64, 0.66}, new double[] {0.72, 0.76});
    checkLogit(new double[] {0.81, 0.66, 0.74, 0.9}, new double[] {0.77, 0.60, 0.70, 0.86},
        new double[] {0.85, 0.72, 0.78, 0.93});
  }

  @Test
  void pooledCountsUseWilsonsIntervalAsRDoes() throws Exception {
    // accuracy at two sites: 30 of 40 and 45 of 60 correct → 75 of 100
    PooledScore pooled = PooledScore.of(Pooling.CASES, List.of(
        new SiteFigure(0.75, 0.6, 0.9, 40, 10), new SiteFigure(0.75, 0.6, 0.9, 60, 25)));
    double[] r = rscript("wilson;75;100").get(0);
    assertThat(pooled.method()).isEqualTo(PooledScore.COUNTS);
    assertThat(pooled.value()).isEqualTo(0.75);
    assertThat(pooled.low()).isCloseTo(r[0], within(TOLERANCE));
    assertThat(pooled.high()).isCloseTo(r[1], within(TOLERANCE));
    // sensitivity: shares of the positives (10 and 25): 7 of 10 and 20 of 25 → 27 of 35
    PooledScore sensitivity = PooledScore.of(Pooling.POSITIVES, List.of(
        new SiteFigure(0.7, null, null, 40, 10), new SiteFigure(0.8, null, null, 60, 25)));
    double[] s = rscript("wilson;27;35").get(0);
    assertThat(sensitivity.value()).isCloseTo(27.0 / 35, within(1e-12));
    assertThat(sensitivity.low()).isCloseTo(s[0], within(TOLERANCE));
    assertThat(sensitivity.high()).isCloseTo(s[1], within(TOLERANCE));
  }

  @Test
  void oneSiteIsItsOwnPooledEstimate() {
    MetaAnalysis.Result r = MetaAnalysis.randomEffects(List.of(new MetaAnalysis.Study(0.4, 0.1)));
    assertThat(r.estimate()).isCloseTo(0.4, within(1e-12));
    assertThat(r.tau2()).isZero();
    assertThat(r.low()).isCloseTo(0.4 - MetaAnalysis.Z_975 * 0.1, within(1e-12));
  }

  @Test
  void aSiteWithoutAnIntervalOrOnABoundIsNotPooledAndTheNoteSaysWhy() {
    PooledScore noInterval = PooledScore.of(Pooling.LOGIT, List.of(
        new SiteFigure(0.7, null, null, 40, 10), new SiteFigure(0.8, 0.7, 0.9, 60, 25)));
    assertThat(noInterval.value()).isNull();
    assertThat(noInterval.note()).contains("no confidence interval");
    PooledScore flat = PooledScore.of(Pooling.LOGIT, List.of(
        new SiteFigure(0.9, 0.9, 0.9, 40, 10), new SiteFigure(0.8, 0.7, 0.9, 60, 25)));
    assertThat(flat.value()).isNull();
    assertThat(flat.note()).contains("no width");
  }

  @Test
  void aPerfectScoreAtASiteIsPooledHalfACaseInsideTheBoundAsMetaforWouldBeGivenIt() throws Exception {
    // AUC 1 with an interval reaching 1 at a site of 40 cases: 1 - 0.5/40 on the logit scale
    PooledScore perfect = PooledScore.of(Pooling.LOGIT, List.of(
        new SiteFigure(1.0, 0.95, 1.0, 40, 10), new SiteFigure(0.8, 0.7, 0.9, 60, 25)));
    double[] r = rscript("logit;0.9875,0.8;0.95,0.7;0.9875,0.9").get(0);
    assertThat(perfect.value()).isCloseTo(r[0], within(TOLERANCE));
    assertThat(perfect.low()).isCloseTo(r[1], within(TOLERANCE));
    assertThat(perfect.high()).isCloseTo(r[2], within(TOLERANCE));
    assertThat(perfect.tau2()).isCloseTo(r[3], within(TOLERANCE));
  }

  /** Compares with metafor and returns its figures (estimate, se, low, high, tau², I², Q). */
  private static double[] checkRandomEffects(double[] y, double[] se) throws Exception {
    double[] r = rscript("re;" + join(y) + ";" + join(se)).get(0);
    MetaAnalysis.Result ours = MetaAnalysis.randomEffects(studies(y, se));
    assertThat(ours.estimator()).isEqualTo(MetaAnalysis.Estimator.REML);
    assertThat(ours.estimate()).as("estimate").isCloseTo(r[0], within(TOLERANCE));
    assertThat(ours.se()).as("se").isCloseTo(r[1], within(TOLERANCE));
    assertThat(ours.low()).as("ci.lb").isCloseTo(r[2], within(TOLERANCE));
    assertThat(ours.high()).as("ci.ub").isCloseTo(r[3], within(TOLERANCE));
    assertThat(ours.tau2()).as("tau2").isCloseTo(r[4], within(TOLERANCE));
    assertThat(ours.i2()).as("I2").isCloseTo(r[5], within(TOLERANCE));
    assertThat(ours.q()).as("QE").isCloseTo(r[6], within(TOLERANCE));
    return r;
  }

  private static void checkLogit(double[] value, double[] low, double[] high) throws Exception {
    double[] r = rscript("logit;" + join(value) + ";" + join(low) + ";" + join(high)).get(0);
    List<SiteFigure> figures = IntStream.range(0, value.length)
        .mapToObj(i -> new SiteFigure(value[i], low[i], high[i], 100, 30)).toList();
    PooledScore ours = PooledScore.of(Pooling.LOGIT, figures);
    assertThat(ours.method()).isEqualTo(PooledScore.REML);
    assertThat(ours.scale()).isEqualTo("logit");
    assertThat(ours.value()).as("estimate").isCloseTo(r[0], within(TOLERANCE));
    assertThat(ours.low()).as("ci.lb").isCloseTo(r[1], within(TOLERANCE));
    assertThat(ours.high()).as("ci.ub").isCloseTo(r[2], within(TOLERANCE));
    assertThat(ours.tau2()).as("tau2").isCloseTo(r[3], within(TOLERANCE));
    assertThat(ours.i2()).as("I2").isCloseTo(r[4], within(TOLERANCE));
    assertThat(ours.q()).as("QE").isCloseTo(r[5], within(TOLERANCE));
  }

  private static List<MetaAnalysis.Study> studies(double[] y, double[] se) {
    return IntStream.range(0, y.length).mapToObj(i -> new MetaAnalysis.Study(y[i], se[i])).toList();
  }

  private static String join(double[] x) {
    return Arrays.stream(x).mapToObj(Double::toString).collect(Collectors.joining(","));
  }

  private static List<double[]> rscript(String... cases) throws Exception {
    List<String> command = new ArrayList<>(List.of("Rscript", script.toString()));
    command.addAll(List.of(cases));
    Process r = new ProcessBuilder(command).redirectErrorStream(false).start();
    String out = new String(r.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(r.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(r.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(r.exitValue()).as("Rscript failed: " + err).isZero();
    return out.lines().filter(l -> !l.isBlank())
        .map(l -> Arrays.stream(l.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray())
        .toList();
  }
}
