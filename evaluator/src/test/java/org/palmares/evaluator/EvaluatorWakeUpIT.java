package org.palmares.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobChannel;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.sandbox.DockerImages;
import org.palmares.evaluator.sandbox.DockerSandbox;
import org.palmares.evaluator.testing.TestImages;

/**
 * An evaluator that is told of new work (as the platform's in-process one is) does not ask for
 * work while none comes: its workers ask once, then wait for a wake-up (their poll is a safety net
 * of minutes), and one wake-up makes them ask again at once. Idle workers must not wake each other
 * either (before, an empty lease woke the other workers, which asked and woke it back: a spin).
 */
class EvaluatorWakeUpIT {
  @TempDir Path work;

  /** A platform with an empty queue that counts the lease requests. */
  static final class EmptyQueue implements JobChannel {
    final AtomicInteger leases = new AtomicInteger();

    @Override
    public int started(String incarnation) {
      return 0;
    }

    @Override
    public Optional<Job> lease(String worker, Capacity free) {
      leases.incrementAndGet();
      return Optional.empty();
    }

    @Override
    public boolean heartbeat(Job job) {
      return false;
    }

    @Override
    public boolean report(Job job, JobReport report) {
      return false;
    }

    @Override
    public boolean release(Job job, JobReport released) {
      return false; // these tests never hold results for release
    }

    @Override
    public InputStream openImage(Job job) throws IOException {
      throw new IOException("no job");
    }
  }

  @Test
  void idleWorkersAskOnceThenWaitForAWakeUpAndAskAgainWhenWoken() throws Exception {
    DockerClient docker = TestImages.docker();
    EmptyQueue queue = new EmptyQueue();
    try (Evaluator evaluator = new Evaluator(
        new Evaluator.Settings("wake-it", "wake-it#1", work.resolve("runs"), 3, Duration.ofMinutes(10),
            Duration.ofSeconds(5)),
        queue, new DockerSandbox(docker, "wake-it", Clock.systemUTC()), new DockerImages(docker),
        new SiteData(TestImages.repoRoot().resolve("challenges")), new Capacity(3, 4L << 30))) {
      evaluator.start();
      awaitLeases(queue, 3);
      Thread.sleep(3000);
      assertThat(queue.leases.get()).as("lease requests of 3 idle workers in 3 s").isEqualTo(3);

      evaluator.wakeUp();
      awaitLeases(queue, 4);
      Thread.sleep(1000);
      assertThat(queue.leases.get()).as("lease requests after one wake-up").isBetween(4, 6);
    }
  }

  private static void awaitLeases(EmptyQueue queue, int atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (queue.leases.get() < atLeast && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(queue.leases.get()).isGreaterThanOrEqualTo(atLeast);
  }
}
