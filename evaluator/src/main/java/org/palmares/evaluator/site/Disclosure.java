package org.palmares.evaluator.site;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.protocol.ProblemKind;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.SplitScores;

/**
 * What of a report may leave a governed site: aggregates only. Applied to every report before it is
 * sent or put in the outbox, so the operator approves exactly what leaves.
 * <ul>
 * <li>No log tail: a container run on hidden data can print it (and the site has no way to tell).</li>
 * <li>No detailed message, no exit code: a detailed sentence may quote the predictions file (an id,
 *     a value) and an exit code is chosen by the run. The value-free sentence of the problem kind
 *     is sent instead; the site's own sentences (an evaluator error, a refusal) are kept.</li>
 * <li>Small cells: a count from 1 to {@code minCellCount - 1} is withheld (sent as 0 and named
 *     in {@link SplitScores#suppressed()}), so are the positives when the negatives
 *     ({@code cases - positives}) are small, since either gives the other. A part with a small
 *     number of cases withholds its counts and every metric (each is then a statistic of a handful of
 *     people). A metric the policy names as a count is withheld (value null, with a note) when small.</li>
 * </ul>
 */
public final class Disclosure {
  /** Outcomes whose message is the evaluator's own words, holding nothing of the run. */
  private static final Set<String> OWN_WORDS = Set.of("SUCCEEDED", JobReport.EVALUATOR_ERROR,
      JobReport.REFUSED_BY_SITE, JobReport.AWAITING_RELEASE);

  private final SitePolicy policy;

  public Disclosure(SitePolicy policy) {
    this.policy = policy;
  }

  /** The report as it may leave the site. */
  public JobReport released(JobReport report) {
    String message;
    if (OWN_WORDS.contains(report.outcome())) {
      message = report.message();
    } else if (report.problem() != null) {
      message = report.problem().withholdsDetail() ? report.problem().sentence(report.problemColumn())
          : report.message(); // an image refusal depends on the image only, never on hidden data
    } else {
      ProblemKind generic = ProblemKind.ofOutcome(report.outcome());
      message = generic != null ? generic.sentence(null) : "The run did not complete.";
    }
    ScoreReport scores = report.scores() == null ? null : new ScoreReport(report.scores().primaryMetric(),
        part(report.scores().publicPart()), part(report.scores().privatePart()));
    return new JobReport(report.outcome(), message, report.submissionAtFault(), scores, "", report.runSeconds(),
        report.problem(), report.problemColumn(), null, report.runtime());
  }

  private SplitScores part(SplitScores part) {
    if (part == null) {
      return null;
    }
    List<String> suppressed = new ArrayList<>(part.suppressed());
    int cases = part.cases();
    int positives = part.positives();
    Map<String, MetricValue> metrics = new LinkedHashMap<>(part.metrics());
    Map<String, List<Double>> vectors = part.resampleValues();
    if (policy.isSmall(cases)) {
      suppressed.add(SplitScores.CASES);
      suppressed.add(SplitScores.POSITIVES);
      cases = 0;
      positives = 0;
      metrics.replaceAll((name, v) -> withheld("the part has fewer than " + policy.minCellCount() + " cases"));
      vectors = null;
    } else if (policy.isSmall(positives) || (positives > 0 && policy.isSmall(cases - positives))) {
      suppressed.add(SplitScores.POSITIVES);
      positives = 0;
    }
    for (Map.Entry<String, MetricValue> m : metrics.entrySet()) {
      Double v = m.getValue().value();
      if (policy.countMetrics().contains(m.getKey()) && v != null && policy.isSmall((long) Math.ceil(v))) {
        m.setValue(withheld("it is a count below " + policy.minCellCount()));
      }
    }
    if (vectors != null) {
      Map<String, List<Double>> kept = new LinkedHashMap<>(vectors);
      kept.keySet().removeIf(name -> metrics.get(name) != null && metrics.get(name).value() == null
          && part.metrics().get(name) != null && part.metrics().get(name).value() != null);
      vectors = kept;
    }
    return new SplitScores(cases, positives, metrics, vectors == null ? null : part.resampling(), vectors,
        suppressed.stream().distinct().toList());
  }

  private MetricValue withheld(String why) {
    return new MetricValue(null, null, "withheld by site " + policy.site() + " (minimum cell count "
        + policy.minCellCount() + "): " + why);
  }
}
