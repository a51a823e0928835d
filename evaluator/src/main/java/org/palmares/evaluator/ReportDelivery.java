package org.palmares.evaluator;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;
import org.palmares.evaluator.protocol.JobChannel;
import org.palmares.evaluator.protocol.JobReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a finished result to the platform. A result is worth a whole run, so one that cannot get
 * through (the platform restarting, a network cut) is sent again, with jittered exponential
 * backoff, for as long as the lease is ours: once it ends the platform gives the job to someone
 * else and the report would be refused anyway. A report the platform refuses (the lease was lost,
 * or the request is refused as it is) is not sent again. Sending again a report that was taken but
 * whose answer was lost is harmless: reports are idempotent.
 */
final class ReportDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(ReportDelivery.class);
  static final Duration FIRST_WAIT = Duration.ofMillis(250);
  static final Duration LONGEST_WAIT = Duration.ofSeconds(5);
  /** How long a platform that answers but cannot decide (its database away) is waited for. */
  static final Duration PATIENCE = Duration.ofMinutes(10);

  /** What became of a report. */
  enum Delivery {
    /** The platform holds the result. */
    DELIVERED,
    /** The platform said the lease was lost (or refused the report as it is): the result is not wanted. */
    REFUSED,
    /** The platform could not be reached before the lease ended: it will run the job again. */
    GAVE_UP
  }

  /** How the delivery waits between tries (a sleep in production, a clock moved by hand in tests). */
  interface Pause {
    void pause(Duration duration) throws InterruptedException;
  }

  private final JobChannel channel;
  private final Pause pause;
  private final DoubleSupplier random;

  ReportDelivery(JobChannel channel, Pause pause, DoubleSupplier random) {
    this.channel = channel;
    this.pause = pause;
    this.random = random;
  }

  /**
   * Sends {@code report} until the platform takes or refuses it, or until {@code lease} ends.
   *
   * @throws InterruptedException when the evaluator stops meanwhile (the lease is left to the platform)
   */
  Delivery deliver(HeldLease lease, JobReport report) throws InterruptedException {
    String job = lease.job().submissionId() + " attempt " + lease.job().attempt();
    Duration ceiling = longestWait(lease.duration());
    Duration wait = FIRST_WAIT.compareTo(ceiling) < 0 ? FIRST_WAIT : ceiling;
    Instant unavailableSince = null;
    for (int tries = 1; ; tries++) {
      try {
        if (channel.report(lease.job(), report)) {
          if (tries > 1) {
            LOG.info("Result of {} delivered after {} tries", job, tries);
          }
          return Delivery.DELIVERED;
        }
        LOG.warn("The platform refused the result of {}: its lease was lost", job);
        return Delivery.REFUSED;
      } catch (JobChannel.RefusedException e) {
        LOG.error("The platform refused the result of {}: {}", job, e.getMessage());
        return Delivery.REFUSED;
      } catch (JobChannel.UnavailableException e) {
        // The platform is there but cannot decide (its database is away): no lease expires meanwhile,
        // so the result is kept and sent again, for at most PATIENCE of such answers in a row.
        if (unavailableSince == null) {
          unavailableSince = lease.now();
          LOG.warn("Result of {} waits: the platform cannot take it now ({})", job, e.getMessage());
        }
        if (Duration.between(unavailableSince, lease.now()).compareTo(PATIENCE) > 0) {
          LOG.warn("Result of {} not taken after {} min of an unavailable platform; giving up", job,
              PATIENCE.toMinutes());
          return Delivery.GAVE_UP;
        }
        lease.confirmed(lease.now());
        pause.pause(ceiling);
      } catch (RuntimeException e) {
        unavailableSince = null;
        if (lease.isLost()) {
          LOG.warn("Result of {} not delivered ({}); its lease was lost meanwhile", job, e.toString());
          return Delivery.REFUSED;
        }
        // Full jitter in [wait/2, wait]: evaluators cut off together do not all come back at once.
        Duration jittered = Duration.ofMillis((long) (wait.toMillis() * (0.5 + 0.5 * random.getAsDouble())));
        Duration left = lease.remaining();
        if (left.compareTo(Duration.ZERO) <= 0) {
          LOG.warn("Result of {} could not reach the platform before its lease ended ({} tries, last: {}); "
              + "the platform will run it again", job, tries, e.toString());
          return Delivery.GAVE_UP;
        }
        LOG.warn("Result of {} could not reach the platform ({}); trying again in {} ms (lease ours for {} s more)",
            job, e.toString(), Math.min(jittered.toMillis(), left.toMillis()), left.toSeconds());
        pause.pause(jittered.compareTo(left) < 0 ? jittered : left);
        wait = wait.multipliedBy(2).compareTo(ceiling) < 0 ? wait.multipliedBy(2) : ceiling;
      }
    }
  }

  /** Waits grow up to a few seconds, and to a quarter of the lease at most, so several tries fit in it. */
  static Duration longestWait(Duration lease) {
    Duration quarter = lease.dividedBy(4);
    return quarter.compareTo(LONGEST_WAIT) < 0 ? quarter : LONGEST_WAIT;
  }
}
