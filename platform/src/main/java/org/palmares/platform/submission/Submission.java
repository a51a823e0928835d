package org.palmares.platform.submission;

import java.time.Instant;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.scoring.ScoreReport;

/**
 * One submitted image and what became of it.
 *
 * @param id                 submission id
 * @param challenge          challenge slug
 * @param phase              phase it was submitted to
 * @param teamId             submitting team
 * @param teamName           its name at submission time
 * @param submittedBy        the member who uploaded it, as {@code Name <e-mail>} (organizers see it), or null for the
 *                           platform's own baselines
 * @param imageDigest        sha256 of the uploaded archive (the blob)
 * @param imageId            docker image id inside it
 * @param imageBytes         archive size
 * @param status             current state
 * @param attempt            number of leases so far
 * @param worker             worker holding the lease (RUNNING only)
 * @param leaseUntil         lease expiry (RUNNING only)
 * @param spec               evaluation spec frozen at submission time
 * @param createdAt          when it was accepted
 * @param startedAt          when the latest attempt was leased
 * @param finishedAt         when it reached a terminal state
 * @param outcome            outcome kind of the last report (e.g. OOM_KILLED) or null
 * @param message            sentence for the competitor, or null
 * @param countsAgainstQuota whether it counts against the team's quota (false when we failed it)
 * @param scores             scores when SCORED
 * @param logTail            tail of the run's logs (organizers only, or the team where allowed)
 * @param runSeconds         container run time of the last attempt
 * @param disqualified       why the organizers disqualified it (it leaves every leaderboard), or null
 * @param problem            the failure's value-free category ({@link org.palmares.evaluator.protocol.ProblemKind}
 *                           name) from the last report, or null
 * @param problemColumn      the prediction contract's column the problem concerns, or null
 * @param exitCode           the container's exit code when it exited non-zero, else null (organizers only, or the
 *                           team where the phase shows details)
 * @param runtime            the engine runtime that ran the last attempt ({@code runsc} for gVisor, {@code runc}),
 *                           or null (organizers only)
 * @param sites              its evaluation at each site of a multi-site challenge, in the challenge's order of
 *                           sites; empty for a single-site challenge (whose one evaluation is the fields above).
 *                           For a multi-site one, {@code status} is derived from them
 *                           ({@link SiteEvaluation#overall}) and {@code scores} is null (each site has its own)
 */
public record Submission(
    String id,
    String challenge,
    String phase,
    String teamId,
    String teamName,
    String submittedBy,
    String imageDigest,
    String imageId,
    long imageBytes,
    SubmissionStatus status,
    int attempt,
    String worker,
    Instant leaseUntil,
    EvaluationSpec spec,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String outcome,
    String message,
    boolean countsAgainstQuota,
    ScoreReport scores,
    String logTail,
    Double runSeconds,
    String disqualified,
    String problem,
    String problemColumn,
    Integer exitCode,
    String runtime,
    java.util.Map<String, SiteEvaluation> sites) {

  public Submission {
    sites = sites == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sites));
  }

  /** A single-site challenge's submission. */
  public Submission(String id, String challenge, String phase, String teamId, String teamName, String submittedBy,
      String imageDigest, String imageId, long imageBytes, SubmissionStatus status, int attempt, String worker,
      Instant leaseUntil, EvaluationSpec spec, Instant createdAt, Instant startedAt, Instant finishedAt,
      String outcome, String message, boolean countsAgainstQuota, ScoreReport scores, String logTail,
      Double runSeconds, String disqualified, String problem, String problemColumn, Integer exitCode,
      String runtime) {
    this(id, challenge, phase, teamId, teamName, submittedBy, imageDigest, imageId, imageBytes, status, attempt,
        worker, leaseUntil, spec, createdAt, startedAt, finishedAt, outcome, message, countsAgainstQuota, scores,
        logTail, runSeconds, disqualified, problem, problemColumn, exitCode, runtime, java.util.Map.of());
  }

  /** Whether it is evaluated at several sites (its challenge declares sites). */
  public boolean multiSite() {
    return !sites.isEmpty();
  }

  /** A submission whose last attempt does not say which runtime ran it. */
  public Submission(String id, String challenge, String phase, String teamId, String teamName, String submittedBy,
      String imageDigest, String imageId, long imageBytes, SubmissionStatus status, int attempt, String worker,
      Instant leaseUntil, EvaluationSpec spec, Instant createdAt, Instant startedAt, Instant finishedAt,
      String outcome, String message, boolean countsAgainstQuota, ScoreReport scores, String logTail,
      Double runSeconds, String disqualified, String problem, String problemColumn, Integer exitCode) {
    this(id, challenge, phase, teamId, teamName, submittedBy, imageDigest, imageId, imageBytes, status, attempt,
        worker, leaseUntil, spec, createdAt, startedAt, finishedAt, outcome, message, countsAgainstQuota, scores,
        logTail, runSeconds, disqualified, problem, problemColumn, exitCode, null);
  }

  /** A submission with no structured detail of a failure (queued, scored, or failed before this was recorded). */
  public Submission(String id, String challenge, String phase, String teamId, String teamName, String submittedBy,
      String imageDigest, String imageId, long imageBytes, SubmissionStatus status, int attempt, String worker,
      Instant leaseUntil, EvaluationSpec spec, Instant createdAt, Instant startedAt, Instant finishedAt,
      String outcome, String message, boolean countsAgainstQuota, ScoreReport scores, String logTail,
      Double runSeconds, String disqualified) {
    this(id, challenge, phase, teamId, teamName, submittedBy, imageDigest, imageId, imageBytes, status, attempt,
        worker, leaseUntil, spec, createdAt, startedAt, finishedAt, outcome, message, countsAgainstQuota, scores,
        logTail, runSeconds, disqualified, null, null, null);
  }
}
