package org.palmares.evaluator.remote;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.palmares.evaluator.ResultSigner;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobChannel;
import org.palmares.evaluator.protocol.JobReport;

/**
 * What a remote site adds to the platform's HTTP channel: every result it sends is signed with the
 * site's key ({@link ResultSigner}), and images come through the site's {@link ImageCache}
 * (fetched by digest with resume, checked before use).
 */
public final class SiteChannel implements JobChannel {
  private final HttpJobChannel http;
  private final ResultSigner signer;
  private final ImageCache images;

  public SiteChannel(HttpJobChannel http, ResultSigner signer, ImageCache images) {
    this.http = http;
    this.signer = signer;
    this.images = images;
  }

  @Override
  public int started(String incarnation) {
    return http.started(incarnation);
  }

  @Override
  public Optional<Job> lease(String worker, Capacity free) {
    return http.lease(worker, free);
  }

  @Override
  public boolean heartbeat(Job job) {
    return http.heartbeat(job);
  }

  @Override
  public boolean report(Job job, JobReport report) {
    return http.report(job, signer.signed(job, report));
  }

  /** A released result is signed like a report; a withheld one sends nothing to sign. */
  @Override
  public boolean release(Job job, JobReport report) {
    return http.release(job, report == null ? null : signer.signed(job, report));
  }

  @Override
  public InputStream openImage(Job job) throws IOException {
    return images.open(job.imageDigest(), from -> http.openImage(job, from));
  }
}
