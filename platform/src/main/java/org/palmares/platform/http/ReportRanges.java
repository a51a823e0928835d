package org.palmares.platform.http;

import java.util.Map;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.scoring.MetricInfo;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.evaluator.scoring.MetricCatalog;

/**
 * Whether the scores of an evaluator's report are scores at all: every metric known and every
 * value and interval bound within the metric's range (an evaluator could otherwise put 1e308 at
 * the top of a leaderboard). The ranges are the metric catalog's.
 */
final class ReportRanges {
  private ReportRanges() {}

  /** A sentence naming the first value out of its metric's range, or null when the report is in range. */
  static String problem(JobReport report) {
    ScoreReport scores = report.scores();
    if (scores == null) {
      return null;
    }
    if (scores.publicPart() == null || scores.privatePart() == null) {
      return "a scored report has a public and a private part";
    }
    for (Map.Entry<String, SplitScores> part : Map.of("public", scores.publicPart(), "private", scores.privatePart())
        .entrySet()) {
      for (Map.Entry<String, MetricValue> m : part.getValue().metrics().entrySet()) {
        MetricInfo info;
        try {
          info = MetricCatalog.byName(m.getKey());
        } catch (IllegalArgumentException e) {
          return "the " + part.getKey() + " part reports an unknown metric '" + m.getKey() + "'";
        }
        MetricValue v = m.getValue();
        if (v == null) {
          return "metric " + m.getKey() + " of the " + part.getKey() + " part has no value object";
        }
        for (Double x : new Double[] {v.value(), v.ci() == null ? null : v.ci().low(), v.ci() == null ? null : v.ci().high()}) {
          if (x != null && !info.range().contains(x)) {
            return "metric " + m.getKey() + " of the " + part.getKey() + " part is " + x + ", outside its range "
                + info.range();
          }
        }
      }
    }
    return null;
  }
}
