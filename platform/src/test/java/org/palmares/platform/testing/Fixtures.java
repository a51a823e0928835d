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

  public static JobReport failed(String outcome, String message) {
    return new JobReport(outcome, message, true, null, "tail", 2.0);
  }
}
