package org.palmares.evaluator.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.palmares.evaluator.provenance.SignedRecord;
import org.palmares.evaluator.scoring.ScoreReport;

/**
 * What an evaluator reports for one attempt. The detail (message, exit code, log tail, run time to
 * the millisecond) is for organizers; what a team sees of it is decided on the platform from the
 * phase's setting, using the value-free {@code problem} where the phase withholds details.
 *
 * <p>JSON (Jackson) in both directions: fields added later are ignored by an older reader, and a
 * report from an older evaluator lacking the later fields reads them as null (an unknown problem
 * kind reads as null too), so both sides can be upgraded one at a time.
 *
 * @param outcome           outcome kind ({@code SUCCEEDED}, {@code OOM_KILLED}, ...) or
 *                          {@link #EVALUATOR_ERROR} when the evaluator itself failed
 * @param message           the detailed sentence (may quote the predictions file, name rows or the exit code)
 * @param submissionAtFault whether the failure is the submission's own (counts against quota)
 * @param scores            the scores when the run succeeded, else null
 * @param logTail           tail of the container's logs (never shown to other teams)
 * @param runSeconds        how long the container ran
 * @param problem           the failure's category, holding nothing of the run, or null (success, older evaluator)
 * @param problemColumn     the prediction contract's column the problem concerns, or null
 * @param exitCode          the container's exit code when it exited non-zero, else null
 * @param runtime           the engine runtime that ran the container ({@code runsc} for gVisor, {@code runc});
 *                          null when no container ran or the evaluator is older
 * @param record            the site's signed record of this result ({@link SignedRecord}), or null from an
 *                          evaluator that does not sign (the in-process one, an older one)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobReport(String outcome, String message, boolean submissionAtFault, ScoreReport scores,
    String logTail, double runSeconds,
    @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL) ProblemKind problem,
    String problemColumn, Integer exitCode, String runtime, SignedRecord record) {

  /** A report without a signed record. */
  public JobReport(String outcome, String message, boolean submissionAtFault, ScoreReport scores, String logTail,
      double runSeconds, ProblemKind problem, String problemColumn, Integer exitCode, String runtime) {
    this(outcome, message, submissionAtFault, scores, logTail, runSeconds, problem, problemColumn, exitCode, runtime,
        null);
  }

  /** This report under the site's signed record of it. */
  public JobReport withRecord(SignedRecord signed) {
    return new JobReport(outcome, message, submissionAtFault, scores, logTail, runSeconds, problem, problemColumn,
        exitCode, runtime, signed);
  }

  /** A report that does not say which runtime ran it. */
  public JobReport(String outcome, String message, boolean submissionAtFault, ScoreReport scores, String logTail,
      double runSeconds, ProblemKind problem, String problemColumn, Integer exitCode) {
    this(outcome, message, submissionAtFault, scores, logTail, runSeconds, problem, problemColumn, exitCode, null);
  }

  /** Outcome of an attempt that failed on the evaluator's side (not the submission's fault). */
  public static final String EVALUATOR_ERROR = "EVALUATOR_ERROR";

  /** Outcome of an attempt whose run succeeded but whose challenge scoring image failed (the organizers' fault). */
  public static final String SCORING_FAILED = "SCORING_FAILED";

  /**
   * Outcome of a job the site's policy refuses (a ceiling, an image it does not accept, a challenge
   * it does not serve): not the team's fault and terminal at that site; {@code message} is the
   * reason, shown to the organizers.
   */
  public static final String REFUSED_BY_SITE = "REFUSED_BY_SITE";

  /**
   * Outcome of a run that finished and was scored, but whose result waits for the site's operator
   * to approve it before it leaves the site ({@code scores} is null): the evaluation leaves the
   * queue and waits for {@link JobChannel#release}.
   */
  public static final String AWAITING_RELEASE = "AWAITING_RELEASE";

  /** The site's policy refused the job, for {@code reason}. */
  public static JobReport refusedBySite(String reason) {
    return new JobReport(REFUSED_BY_SITE, reason, false, null, "", 0, null, null, null, null);
  }

  /** The run was scored; the result waits at the site for its operator's approval. */
  public static JobReport awaitingRelease(String message, double runSeconds, String runtime) {
    return new JobReport(AWAITING_RELEASE, message, false, null, "", runSeconds, null, null, null, runtime);
  }

  /** A report without the structured detail: its problem is the outcome's generic one. */
  public JobReport(String outcome, String message, boolean submissionAtFault, ScoreReport scores, String logTail,
      double runSeconds) {
    this(outcome, message, submissionAtFault, scores, logTail, runSeconds, ProblemKind.ofOutcome(outcome), null,
        null, null);
  }

  public static JobReport evaluatorError(String message) {
    return new JobReport(EVALUATOR_ERROR, message, false, null, "", 0);
  }

  public boolean scored() {
    return scores != null;
  }
}
