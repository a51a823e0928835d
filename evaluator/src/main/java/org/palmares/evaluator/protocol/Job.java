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
 */
public record Job(String submissionId, int attempt, String worker, String imageId, String imageDigest,
    EvaluationSpec spec) {}
