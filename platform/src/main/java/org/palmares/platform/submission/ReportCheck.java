package org.palmares.platform.submission;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.scoring.MetricCatalog;
import org.palmares.evaluator.scoring.MetricInfo;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.Resampling;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.SplitScores;

/**
 * Whether the scores of an evaluator's report are scores at all: only metrics the submission's
 * spec asks for, each value and interval bound finite and, for a metric of the
 * catalog, within its range (an evaluator could otherwise put 1e308 at the top of a leaderboard).
 * A scoring image's own metrics have no known range: they must be finite. One check for every
 * evaluator, in-process or remote.
 */
final class ReportCheck {
  private ReportCheck() {}

  /** A sentence naming the first problem of {@code report} against {@code spec}, or null when it is sound. */
  static String problem(JobReport report, EvaluationSpec spec) {
    ScoreReport scores = report.scores();
    if (scores == null) {
      return null;
    }
    if (scores.publicPart() == null || scores.privatePart() == null) {
      return "a scored report has a public and a private part";
    }
    Set<String> asked = spec.metrics().stream().map(EvaluationSpec.MetricSpec::name).collect(Collectors.toSet());
    for (Map.Entry<String, SplitScores> part : Map.of("public", scores.publicPart(), "private", scores.privatePart())
        .entrySet()) {
      Map<String, MetricValue> metrics = part.getValue().metrics() == null ? Map.of() : part.getValue().metrics();
      for (Map.Entry<String, MetricValue> m : metrics.entrySet()) {
        String name = m.getKey();
        if (!asked.contains(name)) {
          return "the " + part.getKey() + " part reports metric '" + name + "', which this phase does not score";
        }
        MetricValue v = m.getValue();
        if (v == null) {
          return "metric " + name + " of the " + part.getKey() + " part has no value object";
        }
        MetricInfo info = catalogued(name);
        for (Double x : new Double[] {v.value(), v.ci() == null ? null : v.ci().low(), v.ci() == null ? null : v.ci().high()}) {
          if (x == null) {
            continue;
          }
          if (!Double.isFinite(x)) {
            return "metric " + name + " of the " + part.getKey() + " part is " + x + ", not a finite number";
          }
          if (info != null && !info.range().contains(x)) {
            return "metric " + name + " of the " + part.getKey() + " part is " + x + ", outside its range "
                + info.range();
          }
        }
      }
      String vectors = resampleProblem(part.getKey(), part.getValue(), asked);
      if (vectors != null) {
        return vectors;
      }
    }
    return null;
  }

  /**
   * The resample vectors of a part: a consistent resampling (at most {@link Resampling#REPORTED_MAX}
   * reported, dropped indices distinct, ascending and below it), one vector per asked metric of the
   * length it announces, every value finite and in the metric's range.
   */
  private static String resampleProblem(String part, SplitScores scores, Set<String> asked) {
    Resampling r = scores.resampling();
    Map<String, List<Double>> vectors = scores.resampleValues();
    if (r == null) {
      return vectors.isEmpty() ? null : "the " + part + " part has resample values but no resampling";
    }
    if (r.key() == null || r.key().isBlank() || r.drawn() < 1 || r.valid() < 0 || r.valid() > r.drawn()
        || r.reported() < 0 || r.reported() > Math.min(r.drawn(), Resampling.REPORTED_MAX)) {
      return "the " + part + " part's resampling is inconsistent (drawn " + r.drawn() + ", valid " + r.valid()
          + ", reported " + r.reported() + ")";
    }
    int previous = -1;
    for (Integer d : r.dropped()) {
      if (d == null || d <= previous || d >= r.reported()) {
        return "the " + part + " part's dropped resamples must be distinct indices below " + r.reported()
            + ", ascending";
      }
      previous = d;
    }
    for (Map.Entry<String, List<Double>> v : vectors.entrySet()) {
      String name = v.getKey();
      if (!asked.contains(name)) {
        return "the " + part + " part has resample values of metric '" + name + "', which this phase does not score";
      }
      List<Double> values = v.getValue();
      if (values == null || values.size() != r.vectorLength()) {
        return "the " + part + " part's resample values of " + name + " hold " + (values == null ? 0 : values.size())
            + " numbers; its resampling announces " + r.vectorLength();
      }
      MetricInfo info = catalogued(name);
      for (Double x : values) {
        if (x == null || !Double.isFinite(x) || info != null && !info.range().contains(x)) {
          return "a resample value of " + name + " in the " + part + " part is " + x
              + ", not a finite number within the metric's range";
        }
      }
    }
    return null;
  }

  private static MetricInfo catalogued(String name) {
    try {
      return MetricCatalog.byName(name);
    } catch (IllegalArgumentException notInCatalog) {
      return null; // a scoring image's own metric
    }
  }
}
