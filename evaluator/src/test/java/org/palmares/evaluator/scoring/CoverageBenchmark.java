package org.palmares.evaluator.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;

/**
 * Coverage of the 95% intervals the scorer reports, by simulation with known truth: for each
 * task, a population model; for each metric, its true value taken on one sample of 1,000,000 cases
 * from the model; then, at n = 20, 50, 200 and 1,000, {@code reps} samples of n cases, each scored
 * as the scorer scores a part (stratified paired bootstrap, DeLong-logit for ROC AUC, BCa
 * elsewhere), and the share of intervals that contain the truth. A sample on which the metric or
 * its interval is undefined counts as a miss. A command ({@code scripts/coverage-benchmark.sh}),
 * not a test.
 *
 * <p>Models. Binary: 30% positives exactly (the stratified split and bootstrap hold the class
 * counts; so do the samples), logit of the score N(0, 1) + 1 for positives − 0.8 (AUC ≈ 0.76).
 * Multiclass: 3 classes in proportions 0.5, 0.3, 0.2, the prediction right with probability 0.6,
 * else uniform over the 3. Regression: y ~ N(0, 1), prediction 0.7 y + N(0, 0.5²). Survival: risk
 * ~ N(0, 1), event time exponential with rate exp(0.7 risk) / 10, independent exponential
 * censoring with rate 1/15, times rounded to whole units (ties occur).
 *
 * <p>Arguments: [reps (1000)] [resamples (1000)] [tasks (binary,multiclass,regression,survival)].
 * The figure's Monte Carlo standard error is sqrt(0.95 × 0.05 / reps), 0.7 points at 1,000.
 */
public final class CoverageBenchmark {

  private static final int[] SIZES = {20, 50, 200, 1000};
  private static final int POPULATION = 1_000_000;

  /** One sample of a task: its evaluations, names, and each case's stratum. */
  private record Sample(List<String> names, List<Evaluation> evaluations, int[] stratumOf, int strata,
      int[] layout) {}

  private interface Model {
    Sample draw(int n, Well19937c rng);
  }

  private CoverageBenchmark() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int resamples = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    String tasks = args.length > 2 ? args[2] : "binary,multiclass,regression,survival";
    System.out.printf(Locale.ROOT, "Coverage of 95%% intervals, %d samples per cell, %d resamples each"
        + " (Monte Carlo s.e. %.1f points)%n", reps, resamples, 100 * Math.sqrt(0.95 * 0.05 / reps));
    for (String task : tasks.split(",")) {
      Model model = switch (task) {
        case "binary" -> CoverageBenchmark::binary;
        case "multiclass" -> CoverageBenchmark::multiclass;
        case "regression" -> CoverageBenchmark::regression;
        case "survival" -> CoverageBenchmark::survival;
        default -> throw new IllegalArgumentException("unknown task " + task);
      };
      run(task, model, reps, resamples);
    }
  }

  private static void run(String task, Model model, int reps, int resamples) {
    long start = System.nanoTime();
    Sample population = model.draw(POPULATION, new Well19937c(20261202L));
    int metrics = population.names().size();
    double[] truth = new double[metrics];
    int[] ones = Evaluation.ones(POPULATION);
    for (int m = 0; m < metrics; m++) {
      truth[m] = population.evaluations().get(m).on(ones).value();
    }
    int[][] covered = new int[metrics][SIZES.length];
    int[][] percentileCovered = new int[metrics][SIZES.length];
    int[][] zeroWidth = new int[metrics][SIZES.length];
    double[][] width = new double[metrics][SIZES.length];
    String[] method = new String[metrics];
    for (int s = 0; s < SIZES.length; s++) {
      int n = SIZES[s];
      Well19937c rng = new Well19937c(1000L * n + task.hashCode());
      for (int rep = 0; rep < reps; rep++) {
        Sample sample = model.draw(n, rng);
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          ids.add("case-%05d".formatted(i));
        }
        PairedBootstrap.Plan plan = PairedBootstrap.plan("coverage", task, rep, n, resamples, ids,
            sample.stratumOf(), sample.strata());
        PairedBootstrap.Result result = PairedBootstrap.run(plan, sample.layout(), sample.evaluations());
        for (int m = 0; m < metrics; m++) {
          Interval ci = result.estimates().get(m).ci();
          if (ci == null) {
            continue;
          }
          method[m] = ci.method();
          double[] values = result.estimates().get(m).values().stream().mapToDouble(Double::doubleValue).toArray();
          Interval percentile = IntervalMethod.PERCENTILE.interval(0, values, null, ci.resamples());
          percentileCovered[m][s] += percentile.low() <= truth[m] && truth[m] <= percentile.high() ? 1 : 0;
          covered[m][s] += ci.low() <= truth[m] && truth[m] <= ci.high() ? 1 : 0;
          zeroWidth[m][s] += ci.high() == ci.low() ? 1 : 0;
          width[m][s] += ci.high() - ci.low();
        }
      }
    }
    System.out.printf(Locale.ROOT, "%n%s (%.0f s)%n%-28s %-13s %9s %8s %8s %8s %8s  %s%n", task,
        (System.nanoTime() - start) / 1e9, "metric", "method", "truth", "n=20", "n=50", "n=200", "n=1000",
        "mean width at n = 20 / 1000; zero-width share at n = 20; the percentile interval on the same"
        + " resamples at n = 20, 50, 200, 1000");
    for (int m = 0; m < metrics; m++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-28s %-13s %9.4f",
          population.names().get(m), method[m], truth[m]));
      for (int s = 0; s < SIZES.length; s++) {
        line.append(String.format(Locale.ROOT, " %7.1f%%", 100.0 * covered[m][s] / reps));
      }
      line.append(String.format(Locale.ROOT, "  %.3f / %.3f; %.1f%%; percentile:", width[m][0] / reps,
          width[m][SIZES.length - 1] / reps, 100.0 * zeroWidth[m][0] / reps));
      for (int s = 0; s < SIZES.length; s++) {
        line.append(String.format(Locale.ROOT, " %.1f%%", 100.0 * percentileCovered[m][s] / reps));
      }
      System.out.println(line);
    }
  }

  private static Sample binary(int n, Well19937c rng) {
    int positives = (int) Math.round(0.3 * n);
    boolean[] positive = new boolean[n];
    double[] probability = new double[n];
    int[] stratumOf = new int[n];
    for (int i = 0; i < n; i++) {
      positive[i] = i < positives;
      stratumOf[i] = positive[i] ? 0 : 1;
      double logit = rng.nextGaussian() + (positive[i] ? 1.0 : 0.0) - 0.8;
      probability[i] = 1 / (1 + Math.exp(-logit));
    }
    BinaryCases inIdOrder = new BinaryCases(positive, probability);
    int[] layout = inIdOrder.ascending();
    BinaryCases cases = inIdOrder.reordered(layout);
    List<String> names = new ArrayList<>();
    List<Evaluation> evaluations = new ArrayList<>();
    for (BinaryMetric metric : BinaryMetric.values()) {
      names.add(metric.metricName());
      evaluations.add(metric.prepare(cases, MetricParameter.resolve(metric.info(), Map.of())));
    }
    return new Sample(names, evaluations, stratumOf, 2, layout);
  }

  private static Sample multiclass(int n, Well19937c rng) {
    int[] label = new int[n];
    int[] predicted = new int[n];
    int first = (int) Math.round(0.5 * n);
    int second = (int) Math.round(0.3 * n);
    for (int i = 0; i < n; i++) {
      label[i] = i < first ? 0 : i < first + second ? 1 : 2;
      predicted[i] = rng.nextDouble() < 0.6 ? label[i] : rng.nextInt(3);
    }
    List<String> names = new ArrayList<>();
    List<Evaluation> evaluations = new ArrayList<>();
    for (MulticlassMetric metric : MulticlassMetric.values()) {
      names.add(metric.info().name());
      evaluations.add(metric.prepare(label, predicted, 3, MetricParameter.resolve(metric.info(), Map.of())));
    }
    return new Sample(names, evaluations, label.clone(), 3, null);
  }

  private static Sample regression(int n, Well19937c rng) {
    double[] truth = new double[n];
    double[] prediction = new double[n];
    for (int i = 0; i < n; i++) {
      truth[i] = rng.nextGaussian();
      prediction[i] = 0.7 * truth[i] + 0.5 * rng.nextGaussian();
    }
    List<String> names = new ArrayList<>();
    List<Evaluation> evaluations = new ArrayList<>();
    for (RegressionMetric metric : RegressionMetric.values()) {
      names.add(metric.info().name());
      evaluations.add(metric.prepare(truth, prediction, MetricParameter.resolve(metric.info(), Map.of())));
    }
    return new Sample(names, evaluations, new int[n], 1, null);
  }

  private static Sample survival(int n, Well19937c rng) {
    double[] time = new double[n];
    boolean[] event = new boolean[n];
    double[] risk = new double[n];
    int[] stratumOf = new int[n];
    for (int i = 0; i < n; i++) {
      risk[i] = rng.nextGaussian();
      double eventTime = -Math.log(rng.nextDouble()) * 10 / Math.exp(0.7 * risk[i]);
      double censorTime = -Math.log(rng.nextDouble()) * 15;
      event[i] = eventTime <= censorTime;
      time[i] = Math.rint(Math.min(eventTime, censorTime));
      stratumOf[i] = event[i] ? 0 : 1;
    }
    List<String> names = new ArrayList<>();
    List<Evaluation> evaluations = new ArrayList<>();
    for (SurvivalMetric metric : SurvivalMetric.values()) {
      names.add(metric.info().name());
      evaluations.add(metric.prepare(time, event, risk, MetricParameter.resolve(metric.info(), Map.of())));
    }
    return new Sample(names, evaluations, stratumOf, 2, null);
  }
}
