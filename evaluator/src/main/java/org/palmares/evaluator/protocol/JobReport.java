package org.palmares.evaluator.protocol;

import org.palmares.evaluator.scoring.ScoreReport;

/**
 * What an evaluator reports for one attempt.
 *
 * @param outcome           outcome kind ({@code SUCCEEDED}, {@code OOM_KILLED}, ...) or
 *                          {@link #EVALUATOR_ERROR} when the evaluator itself failed
 * @param message           the sentence shown to the competitor
 * @param submissionAtFault whether the failure is the submission's own (counts against quota)
 * @param scores            the scores when the run succeeded, else null
 * @param logTail           tail of the container's logs (never shown to other teams)
 * @param runSeconds        how long the container ran
 * @param runtime           the engine runtime that ran the container ({@code runsc} for gVisor, {@code runc});
 *                          null when no container ran or the evaluator is older
 */
public record JobReport(String outcome, String message, boolean submissionAtFault, ScoreReport scores,
    String logTail, double runSeconds, String runtime) {

  /** A report that does not say which runtime ran it. */
  public JobReport(String outcome, String message, boolean submissionAtFault, ScoreReport scores, String logTail,
      double runSeconds) {
    this(outcome, message, submissionAtFault, scores, logTail, runSeconds, null);
  }

  /** Outcome of an attempt that failed on the evaluator's side (not the submission's fault). */
  public static final String EVALUATOR_ERROR = "EVALUATOR_ERROR";

  /** Outcome of an attempt whose run succeeded but whose challenge scoring image failed (the organizers' fault). */
  public static final String SCORING_FAILED = "SCORING_FAILED";

  public static JobReport evaluatorError(String message) {
    return new JobReport(EVALUATOR_ERROR, message, false, null, "", 0);
  }

  public boolean scored() {
    return scores != null;
  }
}
