package org.palmares.platform.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Supplier;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobChannel;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.platform.storage.DatabaseOutage;
import org.palmares.platform.submission.InvalidReportException;
import org.palmares.platform.submission.SubmissionService;

/**
 * The job channel of the evaluator embedded in the platform process: direct calls to the queue.
 * It serves single-site challenges only (a multi-site challenge's evaluations each belong to a
 * site, leased by that site's own evaluator).
 */
public final class LocalJobChannel implements JobChannel {
  private final SubmissionService submissions;

  public LocalJobChannel(SubmissionService submissions) {
    this.submissions = submissions;
  }

  @Override
  public int started(String incarnation) {
    return unlessAway(() -> submissions.handBack("", incarnation));
  }

  @Override
  public Optional<Job> lease(String worker, Capacity free) {
    return unlessAway(() -> submissions.lease(worker, free));
  }

  @Override
  public boolean heartbeat(Job job) {
    return unlessAway(() -> submissions.heartbeat(job.submissionId(), job.worker(), job.attempt()));
  }

  @Override
  public boolean report(Job job, JobReport report) {
    try {
      return unlessAway(() -> submissions.report(job.submissionId(), job.worker(), job.attempt(), report)
          != SubmissionService.ReportResult.STALE_LEASE);
    } catch (InvalidReportException e) {
      throw new JobChannel.RefusedException(e.getMessage());
    }
  }

  @Override
  public boolean release(Job job, JobReport report) {
    try {
      return unlessAway(() -> submissions.release(job.submissionId(), job.site(), "", job.attempt(), report)
          != SubmissionService.ReportResult.STALE_LEASE);
    } catch (InvalidReportException e) {
      throw new JobChannel.RefusedException(e.getMessage());
    }
  }

  /** The database being away is what a remote evaluator hears as a 503: the platform cannot decide now. */
  private static <T> T unlessAway(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (DatabaseOutage.isOutage(e)) {
        throw new JobChannel.UnavailableException("the platform's database is away: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  @Override
  public InputStream openImage(Job job) throws IOException {
    return submissions.openImage(job.imageDigest());
  }
}
