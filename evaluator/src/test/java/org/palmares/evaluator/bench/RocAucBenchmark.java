package org.palmares.evaluator.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.random.Well19937c;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.scoring.BenchAccess;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.Scorer;

/**
 * ROC AUC with a 2,000-resample percentile bootstrap on 100,000 predictions: this evaluator
 * against scikit-learn doing the same ({@code roc_auc_score} in a resampling loop with numpy), on
 * the same synthetic data, in one run. A command ({@code scripts/metrics-benchmark.sh}), not a
 * test.
 *
 * <p>The data are drawn once from a seeded generator (30% positives; the score is a logistic of a
 * normal shifted by one for positives, so AUC is about 0.76) and written to a temporary CSV that
 * both sides read; reading is not timed on either side. Java times {@code Scorer}'s own path for
 * one part: sort once, then each resample's AUC in one pass over the drawn multiplicities. The
 * fair baseline, a vectorized numpy bootstrap that also sorts once and draws stratified resamples
 * as the scorer does, runs interleaved with the Java (three runs each); the scikit-learn loop
 * (which re-sorts every resample) runs once after, when scikit-learn is installed.
 *
 * <p>Arguments: [cases (100000)] [resamples (2000)] [python (/usr/bin/python3)].
 */
public final class RocAucBenchmark {

  private static final String PYTHON = """
      import sys, time
      import numpy as np
      from sklearn.metrics import roc_auc_score
      data = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1, usecols=(1, 2))
      y = data[:, 0].astype(int); p = data[:, 1]; resamples = int(sys.argv[2])
      start = time.perf_counter()
      point = roc_auc_score(y, p)
      rng = np.random.default_rng(42); n = len(y); values = []
      for _ in range(resamples):
          idx = rng.integers(0, n, n)
          if y[idx].min() != y[idx].max():
              values.append(roc_auc_score(y[idx], p[idx]))
      low, high = np.percentile(values, [2.5, 97.5])
      seconds = time.perf_counter() - start
      print(repr(point), repr(low), repr(high), len(values), repr(seconds))
      """;

  /**
   * The fair baseline (what a statistician would write with numpy alone): sort once, then each
   * batch of resamples as a matrix of draw counts (stratified by class, as the scorer draws), the
   * AUC of every row from per-run sums over the sorted cases (np.add.reduceat over the runs of
   * equal scores, a cumulative sum of the negatives below), no Python loop over cases or sorts per
   * resample. Prints the same fields as the scikit-learn script.
   */
  private static final String NUMPY = """
      import sys, time
      import numpy as np
      data = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1, usecols=(1, 2))
      y = data[:, 0].astype(bool); p = data[:, 1]; resamples = int(sys.argv[2])
      start = time.perf_counter(); cpu = time.process_time()
      order = np.argsort(p, kind='stable'); ys = y[order]; ps = p[order]; n = len(ps)
      starts = np.flatnonzero(np.r_[True, ps[1:] != ps[:-1]])
      pos_idx = np.flatnonzero(ys); neg_idx = np.flatnonzero(~ys); P = len(pos_idx); N = len(neg_idx)
      def auc(counts):
          pos = np.add.reduceat(counts * ys, starts, axis=1)
          neg = np.add.reduceat(counts * ~ys, starts, axis=1)
          below = np.cumsum(neg, axis=1) - neg
          return (pos * (2 * below + neg)).sum(axis=1) / (2.0 * pos.sum(axis=1) * neg.sum(axis=1))
      point = auc(np.ones((1, n), dtype=np.int64))[0]
      rng = np.random.default_rng(42); values = []; batch = max(1, 4_000_000 // n)
      for b0 in range(0, resamples, batch):
          k = min(batch, resamples - b0)
          draws = np.concatenate([pos_idx[rng.integers(0, P, (k, P))], neg_idx[rng.integers(0, N, (k, N))]], axis=1)
          counts = np.bincount((draws + n * np.arange(k)[:, None]).ravel(), minlength=k * n).reshape(k, n)
          values.append(auc(counts))
      values = np.concatenate(values)
      low, high = np.percentile(values, [2.5, 97.5])
      seconds = time.perf_counter() - start; cpu = time.process_time() - cpu
      print(repr(point), repr(low), repr(high), len(values), repr(seconds), repr(cpu))
      """;

  private RocAucBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int resamples = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    String python = args.length > 2 ? args[2] : "/usr/bin/python3";

    Path csv = Files.createTempFile("roc-auc-benchmark", ".csv");
    try {
      write(csv, n);
      boolean[] positive = new boolean[n];
      double[] probability = new double[n];
      read(csv, positive, probability);

      System.out.printf(Locale.ROOT, "ROC AUC + %d bootstrap resamples on %d predictions%n",
          resamples, n);
      // Interleaved: Java, numpy, Java, numpy, Java, numpy, so both meet the same machine load.
      double[] java = new double[0];
      List<Double> javaSeconds = new ArrayList<>();
      List<Double> numpySeconds = new ArrayList<>();
      List<Double> javaCpu = new ArrayList<>();
      List<Double> numpyCpu = new ArrayList<>();
      String[] numpy = null;
      // CPU time beside the wall clock: on a shared machine the wall clock is mostly waiting.
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      for (int run = 0; run < 3; run++) {
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        java = BenchAccess.rocAucWithInterval(positive, probability, resamples, 42);
        javaSeconds.add((System.nanoTime() - start) / 1e9);
        javaCpu.add((threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
        numpy = runPython(python, NUMPY, csv, resamples);
        numpySeconds.add(Double.parseDouble(numpy[4]));
        numpyCpu.add(Double.parseDouble(numpy[5]));
      }
      System.out.printf(Locale.ROOT, "java (palmares): AUC %.17g, DeLong-logit CI [%.6f, %.6f], %d"
          + " stratified resamples; %.3f s first run (cold JVM), %.3f s and %.3f s after%n", java[0],
          java[1], java[2], (int) java[3], javaSeconds.get(0), javaSeconds.get(1),
          javaSeconds.get(2));
      System.out.printf(Locale.ROOT, "python (numpy %s, vectorized, sorts once, stratified): AUC %.17g,"
          + " percentile CI [%.6f, %.6f]; %.3f s, %.3f s, %.3f s%n", numpyVersion(python),
          Double.parseDouble(numpy[0]), Double.parseDouble(numpy[1]), Double.parseDouble(numpy[2]),
          numpySeconds.get(0), numpySeconds.get(1), numpySeconds.get(2));
      double bestJava = javaSeconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      double bestNumpy = numpySeconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      System.out.printf(Locale.ROOT, "CPU seconds: java %.3f, %.3f, %.3f; numpy %.3f, %.3f, %.3f%n",
          javaCpu.get(0), javaCpu.get(1), javaCpu.get(2), numpyCpu.get(0), numpyCpu.get(1), numpyCpu.get(2));
      double bestJavaCpu = javaCpu.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      double bestNumpyCpu = numpyCpu.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      System.out.printf(Locale.ROOT, "speed-up over numpy: %.1fx best against best (wall clock), %.1fx"
          + " (CPU time), %.1fx cold Java against numpy's best (CPU time)%n", bestNumpy / bestJava,
          bestNumpyCpu / bestJavaCpu, bestNumpyCpu / javaCpu.get(0));
      double numpyDifference = Math.abs(Double.parseDouble(numpy[0]) - java[0]);
      long start = System.nanoTime();
      MetricValue endToEnd = scoreEndToEnd(csv, resamples);
      double endToEndSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "java (palmares Scorer.score, reading and validating both"
          + " files included): AUC %.17g, CI [%.6f, %.6f]; %.3f s%n", endToEnd.value(),
          endToEnd.ci().low(), endToEnd.ci().high(), endToEndSeconds);

      double difference = numpyDifference;
      if (!hasSklearn(python)) {
        System.out.println("python (scikit-learn): not installed, skipped (apt-get install python3-sklearn)");
      } else {
        String[] fields = runPython(python, PYTHON, csv, resamples);
        double sklearnPoint = Double.parseDouble(fields[0]);
        double sklearnSeconds = Double.parseDouble(fields[4]);
        System.out.printf(Locale.ROOT, "python (scikit-learn %s, roc_auc_score in a resampling loop):"
            + " AUC %.17g, CI [%.6f, %.6f] from %s resamples; %.3f s%n", sklearnVersion(python),
            sklearnPoint, Double.parseDouble(fields[1]), Double.parseDouble(fields[2]), fields[3],
            sklearnSeconds);
        difference = Math.max(Math.max(Math.abs(sklearnPoint - java[0]),
            Math.abs(sklearnPoint - endToEnd.value())), numpyDifference);
        System.out.printf(Locale.ROOT, "speed-up over the scikit-learn loop: %.1fx on the first run,"
            + " %.1fx on the best, %.1fx for Scorer.score with file reading%n",
            sklearnSeconds / javaSeconds.get(0), sklearnSeconds / bestJava,
            sklearnSeconds / endToEndSeconds);
      }
      System.out.printf(Locale.ROOT, "point estimates differ by %.3g (must be <= 1e-9): %s%n",
          difference, difference <= 1e-9 ? "equal" : "NOT EQUAL");
      if (difference > 1e-9) {
        System.exit(1);
      }
    } finally {
      Files.deleteIfExists(csv);
    }
  }

  private static void write(Path csv, int n) throws IOException {
    Well19937c rng = new Well19937c(20261125L);
    try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      out.write("id,label,probability\n");
      for (int i = 0; i < n; i++) {
        boolean positive = rng.nextDouble() < 0.3;
        double logit = rng.nextGaussian() + (positive ? 1.0 : 0.0) - 0.8;
        double probability = 1 / (1 + Math.exp(-logit));
        // Double.toString is the shortest decimal that reads back to the same double, in Java
        // and in numpy alike.
        out.write("case-" + i + "," + (positive ? "1" : "0") + "," + probability + "\n");
      }
    }
  }

  private static void read(Path csv, boolean[] positive, double[] probability)
      throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      String[] fields = line.split(",");
      positive[i - 1] = fields[1].equals("1");
      probability[i - 1] = Double.parseDouble(fields[2]);
    }
  }

  private static String[] runPython(String python, String script, Path csv, int resamples)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(python, "-c", script, csv.toString(),
        Integer.toString(resamples)).redirectErrorStream(true).start();
    String output;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        process.getInputStream(), StandardCharsets.UTF_8))) {
      output = String.join("\n", reader.lines().toList()).trim();
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException("python failed:\n" + output);
    }
    return output.lines().reduce((a, b) -> b).orElseThrow().split(" ");
  }

  private static boolean hasSklearn(String python) throws IOException, InterruptedException {
    return new ProcessBuilder(python, "-c", "import sklearn").redirectErrorStream(true).start().waitFor() == 0;
  }

  private static String numpyVersion(String python) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(python, "-c",
        "import numpy; print(numpy.__version__)").redirectErrorStream(true).start();
    String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    process.waitFor();
    return version;
  }

  private static String sklearnVersion(String python) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(python, "-c",
        "import sklearn; print(sklearn.__version__)").redirectErrorStream(true).start();
    String version = new String(process.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8).trim();
    process.waitFor();
    return version;
  }

  /**
   * The whole public path, {@code Scorer.score}, with the CSV as both labels and predictions
   * file and every case public: reading and validating both files, the split, the metric and the
   * bootstrap.
   */
  private static MetricValue scoreEndToEnd(Path csv, int resamples) throws Exception {
    EvaluationSpec spec = new EvaluationSpec("bench", "final", "binary-classification",
        EvaluationSpec.HiddenData.binary("inputs.csv", csv.getFileName().toString(), "id",
            "label", "1"),
        new EvaluationSpec.PredictionContract("predictions.csv", "id", "probability"),
        List.of(EvaluationSpec.MetricSpec.of("roc_auc")), new EvaluationSpec.Bootstrap(resamples, 42),
        new EvaluationSpec.Split(1.0, 7), null, null);
    ScoreReport report = Scorer.score(spec, csv, csv);
    return report.publicPart().metrics().get("roc_auc");
  }
}
