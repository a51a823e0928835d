package org.palmares.platform.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.scoring.Interval;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;

/** Small builders for test values. */
public final class Fixtures {
  private Fixtures() {}

  /** The repository's demo challenge, loaded from its bundle. */
  public static Challenge demoChallenge() throws Exception {
    return ChallengeCatalog.readBundle(repoRoot().resolve("challenges/breast-cancer-diagnosis"));
  }

  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !java.nio.file.Files.isDirectory(dir.resolve("challenges"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  /** A report of a scored run whose public and private ROC AUC are the given values. */
  public static JobReport scored(double publicAuc, double privateAuc) {
    return new JobReport("SUCCEEDED", "ok", false,
        new ScoreReport("roc_auc", split(publicAuc), split(privateAuc)), "log tail", 1.5);
  }

  private static SplitScores split(double auc) {
    Map<String, MetricValue> metrics = new LinkedHashMap<>();
    metrics.put("roc_auc", new MetricValue(auc, new Interval(auc - 0.05, Math.min(1, auc + 0.05), 1000), null));
    return new SplitScores(100, 40, metrics);
  }

  /** The demo challenge's hidden labels of its final phase. */
  public static Path demoLabels() {
    return repoRoot().resolve("challenges/breast-cancer-diagnosis/hidden/test-labels.csv");
  }

  /** Predictions for the demo's hidden cases: the truth blurred by {@code noise}, drawn from {@code seed}. */
  public static String demoPredictions(double noise, long seed) throws java.io.IOException {
    java.util.Random rng = new java.util.Random(seed);
    StringBuilder out = new StringBuilder("id,malignant\n");
    java.util.List<String> lines = java.nio.file.Files.readAllLines(demoLabels());
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      double signal = (cells[1].equals("M") ? 1.5 : 0) + noise * rng.nextGaussian();
      out.append(cells[0]).append(',').append(1 / (1 + Math.exp(-signal))).append('\n');
    }
    return out.toString();
  }

  /**
   * The report of a run scored by the evaluator's real scorer on the demo's hidden labels, with its resample
   * vectors (what the in-process and remote evaluators send).
   */
  public static JobReport scoredForReal(org.palmares.evaluator.protocol.EvaluationSpec spec, Path folder,
      String predictionsCsv) throws Exception {
    Path predictions = java.nio.file.Files.createTempFile(folder, "predictions", ".csv");
    java.nio.file.Files.writeString(predictions, predictionsCsv);
    ScoreReport report = org.palmares.evaluator.scoring.Scorer.score(spec, demoLabels(), predictions);
    return new JobReport("SUCCEEDED", "ok", false, report, "log tail", 1.5);
  }

  public static JobReport failed(String outcome, String message) {
    return new JobReport(outcome, message, true, null, "tail", 2.0);
  }
}
