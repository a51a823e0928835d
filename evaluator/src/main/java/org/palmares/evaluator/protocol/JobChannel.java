package org.palmares.evaluator.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * How an evaluator talks to the platform: lease a job, keep its lease alive, report the result,
 * and fetch the submitted image archive. The in-process evaluator and a remote one (over HTTPS)
 * implement the same verbs, so there is one code path.
 */
public interface JobChannel {

  /**
   * Leases the oldest queued job that fits in {@code free}, or any queued job when
   * {@code free} is null (the evaluator is idle and will run it alone).
   */
  Optional<Job> lease(String worker, Capacity free);

  /** Extends the lease; false when the lease was lost (expired and handed to someone else). */
  boolean heartbeat(Job job);

  /** Reports the attempt's result. Idempotent; a report from a lost lease is ignored. */
  void report(Job job, JobReport report);

  /** Opens the submitted image archive. */
  InputStream openImage(Job job) throws IOException;
}
