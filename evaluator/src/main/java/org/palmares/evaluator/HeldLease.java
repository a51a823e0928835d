package org.palmares.evaluator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.palmares.evaluator.protocol.Job;

/**
 * One job's lease as this evaluator knows it: how long the platform grants it for, until when it
 * is surely held (the last time the platform confirmed it, plus that duration) and whether the
 * platform said it was lost. Times are measured on this side from the moment a request was sent,
 * which is never later than the platform's own, so the estimate errs on the early side.
 */
final class HeldLease {
  /** Heartbeats never come faster than this, however short the lease. */
  static final Duration MIN_HEARTBEAT = Duration.ofMillis(200);

  private final Job job;
  private final Duration duration;
  private final Clock clock;
  private volatile Instant heldUntil;
  private volatile boolean lost;

  /**
   * @param job      the leased job (its {@code leaseMillis} is the platform's lease duration)
   * @param askedAt  when the lease request was sent
   * @param fallback the lease duration to assume when the platform does not say
   */
  HeldLease(Job job, Instant askedAt, Duration fallback, Clock clock) {
    this.job = job;
    this.duration = job.leaseMillis() > 0 ? Duration.ofMillis(job.leaseMillis()) : fallback;
    this.clock = clock;
    this.heldUntil = askedAt.plus(duration);
  }

  Job job() {
    return job;
  }

  /**
   * How often to heartbeat: a third of the lease, so two heartbeats in a row may fail (a blip of
   * the network, a slow answer) before the lease is in danger; never faster than {@link #MIN_HEARTBEAT}.
   */
  Duration heartbeatInterval() {
    Duration third = duration.dividedBy(3);
    return third.compareTo(MIN_HEARTBEAT) < 0 ? MIN_HEARTBEAT : third;
  }

  Duration duration() {
    return duration;
  }

  /** The platform confirmed the lease on a request sent at {@code sentAt}. */
  void confirmed(Instant sentAt) {
    Instant until = sentAt.plus(duration);
    if (until.isAfter(heldUntil)) {
      heldUntil = until;
    }
  }

  /** The platform said the lease is no longer ours. */
  void lost() {
    lost = true;
  }

  boolean isLost() {
    return lost;
  }

  /** Until when the lease is surely ours, unless lost. */
  Instant heldUntil() {
    return heldUntil;
  }

  /** How long the lease surely remains ours (zero or negative when it may have ended). */
  Duration remaining() {
    return Duration.between(clock.instant(), heldUntil);
  }

  Instant now() {
    return clock.instant();
  }
}
