package org.palmares.platform.submission;

import java.time.Instant;
import org.palmares.evaluator.protocol.EvaluationSpec;

/**
 * A submission while it is live (queued or leased): what a lease needs and the lease itself, kept
 * in the small {@code jobs} collection apart from the archive of finished submissions, so that
 * leasing, heartbeats, expiry and hand-backs read live jobs only. One job per submission today;
 * a job is the unit that could later carry the site whose evaluator may lease it (issue 11), with
 * the submission id then no longer its key alone.
 *
 * @param id          the submission's id (the job's key)
 * @param challenge   challenge slug
 * @param phase       phase name
 * @param status      QUEUED or RUNNING (SCORED or FAILED only while its result is being archived)
 * @param attempt     leases so far
 * @param worker      lease holder (RUNNING only)
 * @param leaseUntil  lease expiry (RUNNING only)
 * @param createdAt   when the submission was accepted (the queue's order)
 * @param startedAt   when the latest attempt was leased
 * @param imageId     docker image id in the archive
 * @param imageDigest sha256 of the archive
 * @param spec        the evaluation spec frozen at submission (or re-run) time
 */
public record LiveJob(String id, String challenge, String phase, SubmissionStatus status, int attempt, String worker,
    Instant leaseUntil, Instant createdAt, Instant startedAt, String imageId, String imageDigest,
    EvaluationSpec spec) {

  /** Whether {@code worker} at {@code attempt} holds this job's lease (the fence). */
  public boolean heldBy(String worker, int attempt) {
    return status == SubmissionStatus.RUNNING && worker.equals(this.worker) && attempt == this.attempt;
  }
}
