package org.palmares.platform.submission;

import org.palmares.evaluator.protocol.JobReport;

/**
 * When an attempt that did not finish the evaluation is tried again: the one place that says it.
 * An attempt lost by the platform's side (lease expired, evaluator restarted, evaluator error) is
 * queued again at the same site while attempts remain, else the evaluation fails without counting
 * against the team. Every other outcome is the evaluation's result at that site.
 *
 * @param maxAttempts leases an evaluation gets before it fails for good
 */
public record RetryPolicy(int maxAttempts) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("an evaluation needs at least one attempt");
    }
  }

  /** What becomes of an evaluation after attempt {@code attempt} ended without its result. */
  public enum Decision { REQUEUE, FAIL }

  /** After attempt {@code attempt} was lost (its evaluator went silent or restarted). */
  public Decision afterLost(int attempt) {
    return attempt < maxAttempts ? Decision.REQUEUE : Decision.FAIL;
  }

  /** Whether {@code report} of attempt {@code attempt} puts the evaluation back in the queue. */
  public boolean requeues(JobReport report, int attempt) {
    return JobReport.EVALUATOR_ERROR.equals(report.outcome()) && afterLost(attempt) == Decision.REQUEUE;
  }
}
