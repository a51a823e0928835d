package org.palmares.platform.submission;

import java.time.Instant;
import org.palmares.evaluator.protocol.EvaluationSpec;

/**
 * An evaluation while it is live (queued, leased, or waiting for its site's release): what a
 * lease needs and the lease itself, kept in the small {@code jobs} collection apart from the
 * archive of finished submissions, so that leasing, heartbeats, expiry and hand-backs read live
 * jobs only. One job per submission for a single-site challenge (keyed by the submission's id),
 * one per submission and site for a multi-site one (keyed {@code <id>@<site>}), each leased,
 * heartbeated, fenced and retried on its own.
 *
 * @param id          the submission's id
 * @param challenge   challenge slug
 * @param phase       phase name
 * @param status      QUEUED, RUNNING or AWAITING_RELEASE (a terminal state only while its result is being archived)
 * @param attempt     leases so far
 * @param worker      lease holder (RUNNING), or the holder of the attempt awaiting release
 * @param leaseUntil  lease expiry (RUNNING only)
 * @param createdAt   when the submission was accepted (the queue's order)
 * @param startedAt   when the latest attempt was leased
 * @param imageId     docker image id in the archive
 * @param imageDigest sha256 of the archive
 * @param spec        the evaluation spec frozen at submission (or re-run) time
 * @param site        the site it runs at, or null for a single-site challenge
 * @param runSeconds  run time of an attempt awaiting release, else 0
 * @param runtime     engine runtime of an attempt awaiting release, else null
 */
public record LiveJob(String id, String challenge, String phase, EvaluationStatus status, int attempt, String worker,
    Instant leaseUntil, Instant createdAt, Instant startedAt, String imageId, String imageDigest,
    EvaluationSpec spec, String site, double runSeconds, String runtime) {

  /** Whether {@code worker} at {@code attempt} holds this job's lease (the fence). */
  public boolean heldBy(String worker, int attempt) {
    return status == EvaluationStatus.RUNNING && worker.equals(this.worker) && attempt == this.attempt;
  }

  /** Its key in {@code jobs}. */
  public String key() {
    return SubmissionRepository.jobKey(id, site);
  }
}
