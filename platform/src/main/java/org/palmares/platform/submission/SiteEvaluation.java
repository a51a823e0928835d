package org.palmares.platform.submission;

import java.time.Instant;
import org.palmares.evaluator.scoring.ScoreReport;

/**
 * A submission's evaluation at one site of a multi-site challenge.
 *
 * @param site       the site's name
 * @param status     where it is
 * @param attempt    leases so far at this site
 * @param outcome    outcome kind of the last report (SUCCEEDED, OOM_KILLED, REFUSED_BY_SITE, ...), or null
 * @param message    the last report's sentence (for a refusal, the site's reason), or null
 * @param scores     the site's scores when SCORED, else null
 * @param problem    the failure's value-free category ({@code ProblemKind} name), or null
 * @param finishedAt when it reached a terminal state (or started waiting for release), or null
 * @param record     the signed result record JSON as the site sent it, or null
 */
public record SiteEvaluation(String site, EvaluationStatus status, int attempt, String outcome, String message,
    ScoreReport scores, String problem, Instant finishedAt, String record) {

  /** A site's evaluation of a submission just accepted. */
  public static SiteEvaluation queued(String site) {
    return new SiteEvaluation(site, EvaluationStatus.QUEUED, 0, null, null, null, null, null, null);
  }

  /**
   * A multi-site submission's own status, from its sites' (the one place it is derived): QUEUED
   * while every site waits for a lease, RUNNING while any site is not finished (queued again,
   * leased, or waiting for its operator's release), then SCORED if at least one site scored it,
   * FAILED otherwise.
   */
  public static SubmissionStatus overall(java.util.Collection<SiteEvaluation> sites) {
    if (sites.stream().allMatch(s -> s.status() == EvaluationStatus.QUEUED)) {
      return SubmissionStatus.QUEUED;
    }
    if (sites.stream().anyMatch(s -> !s.status().terminal())) {
      return SubmissionStatus.RUNNING;
    }
    return sites.stream().anyMatch(s -> s.status() == EvaluationStatus.SCORED) ? SubmissionStatus.SCORED
        : SubmissionStatus.FAILED;
  }
}
