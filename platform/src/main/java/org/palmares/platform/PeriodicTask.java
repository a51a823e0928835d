package org.palmares.platform;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocking housekeeping run every so often on a worker thread (lease expiry, quota
 * reconciliation, session purge). A run never overlaps the previous one, so a slow database
 * cannot pile runs up on the worker pool; and while the work keeps failing (the database away)
 * the failure is logged once when it starts and once when it ends, not at every period.
 */
final class PeriodicTask {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);

  private PeriodicTask() {}

  /** Runs {@code work} every {@code period}; {@code what} names it in the log. */
  static void every(Vertx vertx, Duration period, String what, Callable<?> work) {
    AtomicBoolean running = new AtomicBoolean();
    AtomicBoolean failing = new AtomicBoolean();
    vertx.setPeriodic(period.toMillis(), id -> {
      if (!running.compareAndSet(false, true)) {
        return; // the previous run is still going: skip this one
      }
      vertx.executeBlocking(work, false).onComplete(done -> {
        running.set(false);
        if (done.failed()) {
          if (failing.compareAndSet(false, true)) {
            LOG.warn("{} failed ({}); it is tried again every {} s and logged again when it works",
                what, done.cause().toString(), period.toSeconds());
          } else {
            LOG.debug("{} failed again: {}", what, done.cause().toString());
          }
        } else if (failing.compareAndSet(true, false)) {
          LOG.info("{} works again", what);
        }
      });
    });
  }
}
