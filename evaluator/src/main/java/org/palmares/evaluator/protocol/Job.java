package org.palmares.evaluator.protocol;

/**
 * A leased job: one attempt at evaluating one submission. {@code worker} and {@code attempt}
 * are the fencing token: a report is accepted only while they still hold the lease.
 *
 * @param submissionId the submission
 * @param attempt      1 for the first lease, incremented by each new lease
 * @param worker       the evaluator worker holding the lease
 * @param imageId      docker image id ({@code sha256:<config digest>})
 * @param imageDigest  sha256 of the submitted archive, to fetch it when the engine lacks the image
 * @param spec         how to run and score it
 * @param leaseMillis  how long the platform grants the lease (and each heartbeat extends it) for;
 *                     0 when the platform does not say. A duration rather than a deadline, so the
 *                     site's clock need not agree with the platform's.
 * @param site         the site of a multi-site challenge this evaluation runs at (the leasing token's site), or
 *                     null for a single-site challenge. The platform's paths stay per submission: the site is the
 *                     token's, so a job names it for the evaluator's own records (and its signed result).
 */
public record Job(String submissionId, int attempt, String worker, String imageId, String imageDigest,
    EvaluationSpec spec, long leaseMillis, String site) {

  /** A job of a single-site challenge. */
  public Job(String submissionId, int attempt, String worker, String imageId, String imageDigest, EvaluationSpec spec,
      long leaseMillis) {
    this(submissionId, attempt, worker, imageId, imageDigest, spec, leaseMillis, null);
  }

  /** A job whose lease duration is not known (the evaluator then falls back to its own setting). */
  public Job(String submissionId, int attempt, String worker, String imageId, String imageDigest, EvaluationSpec spec) {
    this(submissionId, attempt, worker, imageId, imageDigest, spec, 0, null);
  }
}
