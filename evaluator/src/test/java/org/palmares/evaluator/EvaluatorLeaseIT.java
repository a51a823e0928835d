package org.palmares.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobChannel;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.protocol.SandboxLimits;
import org.palmares.evaluator.sandbox.DockerImages;
import org.palmares.evaluator.sandbox.DockerSandbox;
import org.palmares.evaluator.testing.TestImages;

/** The worker loop against the real engine when the platform is slow to answer a lease. */
class EvaluatorLeaseIT {
  @TempDir Path work;

  @Test
  void aWorkerWhoseJobFinishedLeasesAgainWhileAnotherWorkersLeaseRequestIsStillWaiting() throws Exception {
    String nap = TestImages.hostile("brief-nap");
    SandboxLimits limits = new SandboxLimits(1.0, 256L * 1024 * 1024, 60, 1024 * 1024, 64, 16L * 1024 * 1024, 16384);
    EvaluationSpec demo = EvaluatorIT.DEMO;
    Job job = new Job("sub-nap", 1, "w", nap, "-", new EvaluationSpec(demo.challenge(), demo.phase(), demo.task(),
        demo.hidden(), demo.predictions(), demo.metrics(), demo.bootstrap(), demo.split(), limits, null));
    CountDownLatch platformAnswers = new CountDownLatch(1);
    CountDownLatch reported = new CountDownLatch(1);
    CountDownLatch leasedAgain = new CountDownLatch(1);
    AtomicInteger leases = new AtomicInteger();
    JobChannel slowPlatform = new JobChannel() {
      @Override
      public Optional<Job> lease(String worker, Capacity free) {
        int n = leases.incrementAndGet();
        if (n == 1) {
          return Optional.of(job);
        }
        if (n == 2) { // the platform takes its time over this one
          try {
            platformAnswers.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Optional.empty();
        }
        if (reported.getCount() == 0) {
          leasedAgain.countDown();
        }
        return Optional.empty();
      }

      @Override
      public int started(String incarnation) {
        return 0;
      }

      @Override
      public boolean heartbeat(Job j) {
        return true;
      }

      @Override
      public boolean report(Job j, JobReport r) {
        reported.countDown();
        return true;
      }

      @Override
      public boolean release(Job j, JobReport released) {
        return false; // these tests never hold results for release
      }

      @Override
      public InputStream openImage(Job j) throws IOException {
        throw new IOException("the engine has the image");
      }
    };
    try (Evaluator evaluator = new Evaluator(
        new Evaluator.Settings("rem-slow-lease", "rem-slow-lease#1", work.resolve("runs"), 2, Duration.ofMillis(100),
            Duration.ofSeconds(5)),
        slowPlatform, new DockerSandbox(TestImages.docker(), "rem-slow-lease", Clock.systemUTC()),
        new DockerImages(TestImages.docker()), new SiteData(TestImages.repoRoot().resolve("challenges")),
        new Capacity(2, 4L * 1024 * 1024 * 1024))) {
      evaluator.start();
      try {
        assertThat(reported.await(60, TimeUnit.SECONDS)).as("the job ran and was reported").isTrue();
        assertThat(leasedAgain.await(30, TimeUnit.SECONDS))
            .as("the worker that finished asks for more work though another lease request hangs").isTrue();
      } finally {
        platformAnswers.countDown();
      }
    }
  }
}
