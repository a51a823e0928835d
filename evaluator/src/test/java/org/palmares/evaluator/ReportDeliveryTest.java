package org.palmares.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobChannel;
import org.palmares.evaluator.protocol.JobReport;

/** Delivery of a finished result to a platform that is away for a while, with time moved by hand. */
class ReportDeliveryTest {
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final JobReport RESULT = new JobReport("EXITED_NONZERO", "The container exited with code 1.", true,
      null, "", 1.0);

  private final HandClock clock = new HandClock(Instant.parse("2026-12-02T01:00:00Z"));
  private final List<Duration> waits = new ArrayList<>();
  private final List<Instant> tries = new ArrayList<>();

  /** A platform that cannot be reached until {@code backAt}, then answers {@code held}; it may take a report silently. */
  private class Platform implements JobChannel {
    final Instant backAt;
    final boolean held;
    int taken;

    Platform(Instant backAt, boolean held) {
      this.backAt = backAt;
      this.held = held;
    }

    @Override
    public boolean report(Job job, JobReport report) {
      tries.add(clock.instant());
      if (clock.instant().isBefore(backAt)) {
        throw new UncheckedIOException("the platform cannot be reached", new ConnectException("Connection refused"));
      }
      taken++;
      return held;
    }

    @Override
    public int started(String incarnation) {
      return 0;
    }

    @Override
    public Optional<Job> lease(String worker, Capacity free) {
      return Optional.empty();
    }

    @Override
    public boolean heartbeat(Job job) {
      return true;
    }

    @Override
    public boolean release(Job job, JobReport released) {
      return false; // these tests never hold results for release
    }

    @Override
    public InputStream openImage(Job job) {
      throw new UnsupportedOperationException();
    }
  }

  private ReportDelivery delivery(JobChannel channel) {
    return new ReportDelivery(channel, d -> {
      waits.add(d);
      clock.advance(d);
    }, () -> 0.5);
  }

  private HeldLease lease(Duration duration) {
    return new HeldLease(new Job("sub_1", 1, "site#a/1", "sha256:x", "x", null, duration.toMillis()), clock.instant(),
        Duration.ofSeconds(30), clock);
  }

  @Test
  void aResultThatCannotReachThePlatformIsSentAgainUntilThePlatformIsBack() throws Exception {
    Platform platform = new Platform(clock.instant().plusSeconds(20), true);

    assertThat(delivery(platform).deliver(lease(LEASE), RESULT)).isEqualTo(ReportDelivery.Delivery.DELIVERED);

    assertThat(platform.taken).isEqualTo(1);
    assertThat(tries).hasSizeGreaterThan(2);
    assertThat(tries.getLast()).isAfterOrEqualTo(platform.backAt).isBefore(platform.backAt.plusSeconds(6));
    // waits grow (jittered) and stay under the ceiling
    assertThat(waits.get(1)).isGreaterThan(waits.get(0));
    assertThat(waits).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(ReportDelivery.LONGEST_WAIT));
  }

  @Test
  void aResultIsNoLongerSentOnceTheLeaseHasEnded() throws Exception {
    Platform platform = new Platform(Instant.MAX, true);
    HeldLease lease = lease(LEASE);

    assertThat(delivery(platform).deliver(lease, RESULT)).isEqualTo(ReportDelivery.Delivery.GAVE_UP);

    assertThat(tries.getLast()).isEqualTo(lease.heldUntil()); // a last try just as the lease ends, none after
    assertThat(tries).hasSizeLessThan(30);
  }

  @Test
  void aHeartbeatThatGetsThroughMeanwhileExtendsTheTimeLeftToDeliver() throws Exception {
    Platform platform = new Platform(clock.instant().plusSeconds(90), true);
    HeldLease lease = lease(LEASE);
    lease.confirmed(clock.instant().plusSeconds(40)); // a heartbeat got through 40 s in

    assertThat(delivery(platform).deliver(lease, RESULT)).isEqualTo(ReportDelivery.Delivery.DELIVERED);
  }

  @Test
  void aReportRefusedBecauseTheLeaseWasLostIsNotSentAgain() throws Exception {
    Platform platform = new Platform(clock.instant(), false);

    assertThat(delivery(platform).deliver(lease(LEASE), RESULT)).isEqualTo(ReportDelivery.Delivery.REFUSED);

    assertThat(tries).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void aReportThePlatformRefusesAsItIsIsNotSentAgain() throws Exception {
    Platform refusing = new Platform(clock.instant(), true) {
      @Override
      public boolean report(Job job, JobReport report) {
        tries.add(clock.instant());
        throw new JobChannel.RefusedException("the platform refused the report (400): not a job report");
      }
    };

    assertThat(delivery(refusing).deliver(lease(LEASE), RESULT)).isEqualTo(ReportDelivery.Delivery.REFUSED);
    assertThat(tries).hasSize(1);
  }

  @Test
  void aReportTakenWhoseAnswerWasLostIsSentAgainHarmlessly() throws Exception {
    // the platform takes the first report but the answer never arrives; the second is "already reported"
    int[] reports = {0};
    Platform platform = new Platform(clock.instant(), true) {
      @Override
      public boolean report(Job job, JobReport report) {
        tries.add(clock.instant());
        if (reports[0]++ == 0) {
          throw new UncheckedIOException("the connection was reset", new java.io.IOException("Connection reset"));
        }
        return true; // ALREADY_REPORTED: the platform holds the result
      }
    };

    assertThat(delivery(platform).deliver(lease(LEASE), RESULT)).isEqualTo(ReportDelivery.Delivery.DELIVERED);
    assertThat(tries).hasSize(2);
  }

  @Test
  void aLeaseLostWhileThePlatformIsAwayEndsTheDelivery() throws Exception {
    Platform platform = new Platform(Instant.MAX, true);
    HeldLease lease = lease(LEASE);
    ReportDelivery delivery = new ReportDelivery(platform, d -> {
      clock.advance(d);
      lease.lost(); // a heartbeat heard meanwhile that the job went to someone else
    }, () -> 0.5);

    assertThat(delivery.deliver(lease, RESULT)).isEqualTo(ReportDelivery.Delivery.REFUSED);
    assertThat(tries).hasSize(2);
  }

  @Test
  void heartbeatsComeAtAThirdOfTheLeaseTheyKeep() {
    assertThat(lease(Duration.ofSeconds(60)).heartbeatInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(lease(Duration.ofMillis(1500)).heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(lease(Duration.ofMillis(300)).heartbeatInterval()).isEqualTo(HeldLease.MIN_HEARTBEAT);
    // a platform that does not say: the evaluator's own assumption
    HeldLease unknown = new HeldLease(new Job("s", 1, "w", "i", "d", null), clock.instant(), Duration.ofSeconds(30),
        clock);
    assertThat(unknown.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
  }

  /** A clock moved by hand. */
  private static final class HandClock extends Clock {
    private volatile Instant now;

    HandClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
