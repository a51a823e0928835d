package org.palmares.evaluator.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * How an evaluator talks to the platform: say it started, lease a job, keep its lease alive,
 * report the result, and fetch the submitted image archive. The in-process evaluator and a remote
 * one (over HTTPS) implement the same verbs, so there is one code path. A verb that cannot reach
 * the platform throws; {@link RefusedException} says the platform answered and will not change
 * its mind, so sending the same request again is pointless; {@link UnavailableException} says the
 * platform is there but cannot decide anything now (its database is away): no lease can expire
 * meanwhile, so a lease it held is still held.
 */
public interface JobChannel {

  /**
   * Tells the platform that this evaluator started as {@code incarnation} ({@code <name>#<suffix>}):
   * leases held by any other incarnation of the same evaluator (same name) belong to a process that
   * is gone, so the platform puts them back at once rather than when they expire. Only this
   * evaluator's own leases are touched.
   *
   * @return how many leases were handed back
   */
  int started(String incarnation);

  /**
   * Leases the oldest queued job that fits in {@code free}, or any queued job when
   * {@code free} is null (the evaluator is idle and will run it alone).
   */
  Optional<Job> lease(String worker, Capacity free);

  /** Extends the lease; false when the lease was lost (expired and handed to someone else). */
  boolean heartbeat(Job job);

  /**
   * Reports the attempt's result. Idempotent: reporting again what was already taken is harmless.
   *
   * @return true when the platform holds this attempt's result (taken now or before), false when
   *         the lease was lost and the report was ignored
   */
  boolean report(Job job, JobReport report);

  /**
   * Releases (or withholds) a result that waited at the site for its operator's approval: the job
   * was reported {@link JobReport#AWAITING_RELEASE} at {@code job.attempt()}. Idempotent like
   * {@link #report}. HTTP: {@code POST /api/evaluator/jobs/{submissionId}/release} with a
   * {@link Wire.ReleaseRequest}.
   *
   * @param report the scored report to release, or null to withhold the result (the operator rejected it)
   * @return true when the platform holds this decision (taken now or before), false when the
   *         evaluation is not awaiting release at this attempt (nothing was changed)
   */
  boolean release(Job job, JobReport report);

  /** Opens the submitted image archive. */
  InputStream openImage(Job job) throws IOException;

  /** The platform answered and refused the request as it is (e.g. a 4xx): sending it again cannot help. */
  final class RefusedException extends RuntimeException {
    public RefusedException(String message) {
      super(message);
    }
  }

  /**
   * The platform answered but cannot decide now (e.g. 503: its database is away). Leases cannot
   * expire while it cannot decide (the platform renews those that ran out during an outage), so
   * the caller may keep its lease and try again later.
   */
  final class UnavailableException extends RuntimeException {
    public UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
