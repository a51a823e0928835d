package org.palmares.evaluator.site;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.palmares.evaluator.Backoff;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobChannel;
import org.palmares.evaluator.protocol.JobReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a governed evaluator applies its site's policy: before a job runs ({@link #refusal}), and
 * to every report before it leaves ({@link #leaving}): disclosure control, then, under manual
 * release, the outbox instead of the platform. While the evaluator runs, decided outbox entries
 * are sent with {@link JobChannel#release}, again with backoff while the platform cannot be
 * reached, and again after a restart (the outbox is on disk).
 */
public final class SiteGate implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SiteGate.class);

  private final SitePolicy policy;
  private final Disclosure disclosure;
  private final ImageDigests digests;
  private final Outbox outbox;
  private final Duration poll;
  private ScheduledExecutorService sender;

  /**
   * @param outbox where results wait under manual release (null under automatic release)
   * @param poll   how often decided entries are looked for
   */
  public SiteGate(SitePolicy policy, ImageDigests digests, Outbox outbox, Duration poll) {
    if (policy.release() == Release.MANUAL && outbox == null) {
      throw new IllegalArgumentException("manual release needs an outbox");
    }
    this.policy = policy;
    this.disclosure = new Disclosure(policy);
    this.digests = digests;
    this.outbox = outbox;
    this.poll = poll;
  }

  public SitePolicy policy() {
    return policy;
  }

  public Outbox outbox() {
    return outbox;
  }

  /** The report refusing {@code job} under the site's policy, or null when the site runs it. */
  public JobReport refusal(Job job) {
    String reason = policy.refusal(job, digests);
    return reason == null ? null : JobReport.refusedBySite(reason);
  }

  /**
   * What is reported now for {@code report}: the report after disclosure control, or, under manual
   * release of a scored report, AWAITING_RELEASE while the report waits in the outbox.
   */
  public JobReport leaving(Job job, JobReport report) throws IOException {
    JobReport released = disclosure.released(report);
    if (policy.release() == Release.AUTOMATIC || !released.scored()) {
      return released; // a failure says only its value-free kind: nothing to approve
    }
    String id = outbox.hold(job, released);
    LOG.info("Result of submission {} attempt {} waits for the operator's approval in {} (id {})",
        job.submissionId(), job.attempt(), outbox.dir(), id);
    return JobReport.awaitingRelease("Scored; the result waits for the approval of site " + policy.site()
        + "'s operator before it leaves the site.", released.runSeconds(), released.runtime());
  }

  /** Starts sending the decided entries of the outbox through {@code channel} (manual release only). */
  public synchronized void start(JobChannel channel) {
    if (outbox == null || sender != null) {
      return;
    }
    sender = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("outbox-sender").factory());
    Backoff backoff = new Backoff(poll, Duration.ofSeconds(60));
    sender.execute(new Runnable() {
      @Override
      public void run() {
        Duration next = poll;
        try {
          sendDecided(channel);
          if (backoff.succeeded()) {
            LOG.info("Released results reach the platform again");
          }
        } catch (RuntimeException e) {
          next = backoff.failed();
          if (backoff.failures() == 1) {
            LOG.warn("Could not send a released result to the platform ({}); trying again", e.toString());
          }
        } catch (IOException e) {
          LOG.error("The outbox {} cannot be read: {}", outbox.dir(), e.toString());
        }
        synchronized (SiteGate.this) {
          if (sender != null && !sender.isShutdown()) {
            sender.schedule(this, next.toMillis(), TimeUnit.MILLISECONDS);
          }
        }
      }
    });
  }

  /**
   * Sends every decided entry not yet settled; a platform that cannot be reached throws (the caller
   * waits longer each time). A considered answer settles the entry for good.
   */
  void sendDecided(JobChannel channel) throws IOException {
    for (Outbox.Entry entry : outbox.entries()) {
      if (entry.state() != Outbox.State.DECIDED) {
        continue;
      }
      boolean approved = "approved".equals(entry.decision());
      JobReport report;
      try {
        report = approved ? Outbox.readApproval(entry).report() : null;
      } catch (IOException e) {
        LOG.error("Not sending result {}: {}", entry.id(), e.getMessage());
        outbox.settle(entry.id(), "refused here: " + e.getMessage());
        continue;
      }
      try {
        boolean held = channel.release(entry.job(), report);
        outbox.settle(entry.id(), held ? "delivered (" + entry.decision() + ")"
            : "refused: the platform does not wait for this result at attempt " + entry.job().attempt());
        LOG.info("Result {} {}: {}", entry.id(), entry.decision(), held ? "the platform holds it" : "not wanted");
      } catch (JobChannel.RefusedException e) {
        outbox.settle(entry.id(), "refused: " + e.getMessage());
        LOG.error("The platform refused the release of {}: {}", entry.id(), e.getMessage());
      }
    }
  }

  @Override
  public synchronized void close() {
    if (sender != null) {
      sender.shutdownNow();
      sender = null;
    }
  }

  /** Disclosure control for {@code policy} (tests, tools). */
  public Disclosure disclosure() {
    return disclosure;
  }
}
