package org.palmares.platform.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobChannel;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.platform.submission.SubmissionService;

/** The job channel of the evaluator embedded in the platform process: direct calls to the queue. */
public final class LocalJobChannel implements JobChannel {
  private final SubmissionService submissions;

  public LocalJobChannel(SubmissionService submissions) {
    this.submissions = submissions;
  }

  @Override
  public int started(String incarnation) {
    return submissions.handBack("", incarnation);
  }

  @Override
  public Optional<Job> lease(String worker, Capacity free) {
    return submissions.lease(worker, free);
  }

  @Override
  public boolean heartbeat(Job job) {
    return submissions.heartbeat(job.submissionId(), job.worker(), job.attempt());
  }

  @Override
  public boolean report(Job job, JobReport report) {
    return submissions.report(job.submissionId(), job.worker(), job.attempt(), report)
        != SubmissionService.ReportResult.STALE_LEASE;
  }

  @Override
  public InputStream openImage(Job job) throws IOException {
    return submissions.openImage(job.imageDigest());
  }
}
