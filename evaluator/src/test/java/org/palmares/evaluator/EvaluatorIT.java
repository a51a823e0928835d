package org.palmares.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
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
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.testing.TestImages;

/**
 * The evaluator end to end against the real engine and the demo challenge's hidden data: load,
 * run, validate, score. The platform side of the channel is an in-memory queue.
 */
class EvaluatorIT {
  /** The demo challenge's evaluation settings, as its challenge.yaml declares them. */
  static final EvaluationSpec DEMO = new EvaluationSpec("breast-cancer-diagnosis", "final", "binary-classification",
      EvaluationSpec.HiddenData.binary("hidden/test-inputs.csv", "hidden/test-labels.csv", "id", "diagnosis", "M"),
      new EvaluationSpec.PredictionContract("predictions.csv", "id", "malignant"),
      EvaluationSpec.MetricSpec.of("roc_auc", "accuracy", "sensitivity", "specificity", "log_loss"),
      new EvaluationSpec.Bootstrap(1000, 20261125), new EvaluationSpec.Split(0.5, 7),
      new SandboxLimits(1.0, 1024L * 1024 * 1024, 120, 10L * 1024 * 1024, 128, 64L * 1024 * 1024, 64 * 1024), null);

  private static DockerClient docker;
  @TempDir static Path work;

  @BeforeAll
  static void images() {
    docker = TestImages.docker();
    TestImages.requireBaseImages();
  }

  private static Evaluator evaluator(JobChannel channel) {
    return new Evaluator(
        new Evaluator.Settings("evaluator-it", "evaluator-it#1", work.resolve("runs"), 2, Duration.ofMillis(200),
            Duration.ofSeconds(5)),
        channel, new DockerSandbox(docker, "evaluator-it", Clock.systemUTC()), new DockerImages(docker),
        new SiteData(TestImages.repoRoot().resolve("challenges")), new Capacity(2, 4L * 1024 * 1024 * 1024));
  }

  private static Job job(String imageId, InputStreamSupplier archive) {
    return new Job("sub-" + imageId.substring(7, 19), 1, "evaluator-it#1/1", imageId, "unused", DEMO);
  }

  interface InputStreamSupplier {
    InputStream open() throws IOException;
  }

  /** A channel that hands out given jobs and records reports; the archive comes from a supplier. */
  static final class InMemoryChannel implements JobChannel {
    final Deque<Job> queued = new ArrayDeque<>();
    final Map<String, JobReport> reports = new ConcurrentHashMap<>();
    final CountDownLatch reported;
    final InputStreamSupplier archive;

    InMemoryChannel(int expectedReports, InputStreamSupplier archive, Job... jobs) {
      this.reported = new CountDownLatch(expectedReports);
      this.archive = archive;
      queued.addAll(List.of(jobs));
    }

    @Override
    public synchronized Optional<Job> lease(String worker, Capacity free) {
      return Optional.ofNullable(queued.poll());
    }

    @Override
    public boolean heartbeat(Job job) {
      return true;
    }

    @Override
    public boolean report(Job job, JobReport report) {
      reports.put(job.submissionId(), report);
      reported.countDown();
      return true;
    }

    @Override
    public int started(String incarnation) {
      return 0;
    }

    @Override
    public boolean release(Job job, JobReport released) {
      return false; // these tests never hold results for release
    }

    @Override
    public InputStream openImage(Job job) throws IOException {
      return archive.open();
    }
  }

  private JobReport evaluate(String imageId, InputStreamSupplier archive) throws IOException {
    InMemoryChannel channel = new InMemoryChannel(0, archive);
    return evaluator(channel).evaluate(job(imageId, archive));
  }

  @Test
  void theLogisticRegressionBaselineScoresWellOnBothParts() throws IOException {
    JobReport report = evaluate(TestImages.idOf("palmares/baseline-logreg:latest"), () -> {
      throw new IOException("the engine has the baseline; no archive needed");
    });

    assertThat(report.outcome()).isEqualTo("SUCCEEDED");
    MetricValue auc = report.scores().publicPart().metrics().get("roc_auc");
    assertThat(auc.value()).isGreaterThan(0.95);
    assertThat(auc.ci().low()).isLessThanOrEqualTo(auc.value());
    assertThat(auc.ci().high()).isGreaterThanOrEqualTo(auc.value());
    assertThat(report.scores().privatePart().metrics().get("roc_auc").value()).isGreaterThan(0.95);
    assertThat(report.scores().publicPart().cases() + report.scores().privatePart().cases()).isEqualTo(228);
  }

  @Test
  void theConstantBaselineHasAnAucOfOneHalf() throws IOException {
    JobReport report = evaluate(TestImages.idOf("palmares/baseline-constant:latest"), () -> {
      throw new IOException("the engine has the baseline; no archive needed");
    });

    assertThat(report.outcome()).isEqualTo("SUCCEEDED");
    assertThat(report.scores().publicPart().metrics().get("roc_auc").value()).isEqualTo(0.5);
  }

  @Test
  void aMalformedPredictionsFileFailsWithTheRowAndTheProblem() throws IOException {
    JobReport report = evaluate(TestImages.hostile("malformed"), () -> {
      throw new IOException("no archive needed");
    });

    assertThat(report.outcome()).isEqualTo("INVALID_OUTPUT");
    assertThat(report.submissionAtFault()).isTrue();
    assertThat(report.message()).contains("row").contains("not-a-number");
    // what a phase that withholds logs shows instead: the kind and the contract column, nothing of the file
    assertThat(report.problem()).isEqualTo(org.palmares.evaluator.protocol.ProblemKind.NOT_A_NUMBER);
    assertThat(report.problemColumn()).isEqualTo("malignant");
    assertThat(report.scores()).isNull();
  }

  @Test
  void anImageMissingFromTheEngineIsLoadedFromItsArchiveWithoutItsTags() throws IOException {
    String id = TestImages.build(TestImages.repoRoot().resolve("evaluator/src/test/docker/echo-input"),
        "palmares-test/echo-reload:latest");
    Path archive = TestImages.save("palmares-test/echo-reload:latest", work.resolve("echo.tar"));
    docker.removeImageCmd(id).withForce(true).exec();

    JobReport report = evaluate(id, () -> Files.newInputStream(archive));

    assertThat(report.outcome()).isEqualTo("SUCCEEDED");
    assertThat(docker.inspectImageCmd(id).exec().getRepoTags()).isNullOrEmpty();
  }

  @Test
  void anArchiveTheEngineCannotLoadRejectsTheImage() throws IOException {
    JobReport report = evaluate("sha256:" + "0".repeat(64),
        () -> new ByteArrayInputStream("this is not a tar".getBytes(StandardCharsets.UTF_8)));

    assertThat(report.outcome()).isEqualTo("IMAGE_REJECTED");
    assertThat(report.message()).startsWith("The image was rejected:");
  }

  @Test
  void anArchiveThatCannotBeFetchedIsTheEvaluatorsFailureNotTheImages() {
    // e.g. the site's cache found the platform's archive not matching the job's digest: never loaded,
    // and not IMAGE_REJECTED (which counts against the team): the attempt fails on our side and is retried
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> evaluate("sha256:" + "1".repeat(64), () -> {
      throw new org.palmares.evaluator.remote.ImageCache.DigestMismatchException("the archive has digest x, not y");
    })).isInstanceOf(org.palmares.evaluator.remote.ImageCache.DigestMismatchException.class);
  }

  private static EvaluationSpec withScoringImage(String image) {
    return new EvaluationSpec(DEMO.challenge(), DEMO.phase(), DEMO.task(), DEMO.hidden(), DEMO.predictions(),
        List.of(EvaluationSpec.MetricSpec.of("agreement")), DEMO.bootstrap(), DEMO.split(), DEMO.limits(), image);
  }

  private JobReport evaluateWith(EvaluationSpec spec, String imageId) throws IOException {
    InMemoryChannel channel = new InMemoryChannel(0, () -> {
      throw new IOException("no archive needed");
    });
    return evaluator(channel).evaluate(new Job("sub-custom", 1, "w", imageId, "unused", spec));
  }

  @Test
  void aCustomScoringImageScoresEachPartFromThePredictionsAndLabels() throws Exception {
    TestImages.hostile("scorer-agreement");
    JobReport report = evaluateWith(withScoringImage("palmares-test/scorer-agreement:latest"),
        TestImages.idOf("palmares/baseline-constant:latest"));

    assertThat(report.outcome()).as(report.message()).isEqualTo("SUCCEEDED");
    // The constant baseline predicts every case benign (prevalence < 0.5): agreement is the
    // share of benign cases in each part, computed here from the labels and the same split.
    Path labels = TestImages.repoRoot().resolve("challenges/breast-cancer-diagnosis/hidden/test-labels.csv");
    Map<String, Boolean> benign = new java.util.HashMap<>();
    for (String line : Files.readAllLines(labels).subList(1, 229)) {
      benign.put(line.split(",")[0], line.endsWith(",B"));
    }
    java.util.Set<String> publicIds = org.palmares.evaluator.scoring.TestSplit.of(benign.keySet(),
        java.util.Set.of(), DEMO.split()).publicIds();
    double expected = publicIds.stream().filter(benign::get).count() / (double) publicIds.size();
    assertThat(report.scores().publicPart().metrics().get("agreement").value()).isCloseTo(expected,
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(report.scores().publicPart().cases()).isEqualTo(publicIds.size());
    assertThat(report.scores().privatePart().cases()).isEqualTo(228 - publicIds.size());
  }

  @Test
  void invalidPredictionsReportedByTheScoringImageAreTheSubmissionsFault() throws Exception {
    TestImages.hostile("scorer-agreement");
    JobReport report = evaluateWith(withScoringImage("palmares-test/scorer-agreement:latest"),
        TestImages.hostile("malformed"));

    assertThat(report.outcome()).isEqualTo("INVALID_OUTPUT");
    assertThat(report.submissionAtFault()).isTrue();
    assertThat(report.message()).contains("row 3: 'not-a-number' is not a number");
    assertThat(report.problem()).isEqualTo(org.palmares.evaluator.protocol.ProblemKind.REFUSED_BY_SCORER);
  }

  @Test
  void aMalformedMetricsFileFailsTheSubmissionWithoutBlamingTheTeam() throws Exception {
    TestImages.hostile("scorer-broken");
    JobReport report = evaluateWith(withScoringImage("palmares-test/scorer-broken:latest"),
        TestImages.idOf("palmares/baseline-constant:latest"));

    assertThat(report.outcome()).isEqualTo(JobReport.SCORING_FAILED);
    assertThat(report.submissionAtFault()).isFalse();
    assertThat(report.message()).contains("metrics.json that is not JSON").contains("does not count against your quota");
    assertThat(report.problem()).isEqualTo(org.palmares.evaluator.protocol.ProblemKind.SCORING_FAILED);
  }

  /** A channel that, like the platform, leases only jobs that fit the free capacity it is told. */
  static final class CapacityAwareChannel implements JobChannel {
    final Deque<Job> queued = new ArrayDeque<>();
    final CountDownLatch reported;

    CapacityAwareChannel(List<Job> jobs) {
      queued.addAll(jobs);
      reported = new CountDownLatch(jobs.size());
    }

    @Override
    public synchronized Optional<Job> lease(String worker, Capacity free) {
      Job next = queued.peek();
      if (next == null || (free != null && !free.fits(Capacity.of(next.spec().limits())))) {
        return Optional.empty();
      }
      return Optional.of(queued.poll());
    }

    @Override
    public boolean heartbeat(Job job) {
      return true;
    }

    @Override
    public boolean report(Job job, JobReport report) {
      reported.countDown();
      return true;
    }

    @Override
    public int started(String incarnation) {
      return 0;
    }

    @Override
    public boolean release(Job job, JobReport released) {
      return false; // these tests never hold results for release
    }

    @Override
    public InputStream openImage(Job job) throws IOException {
      throw new IOException("no archive needed");
    }
  }

  /** Runs three napping jobs asking {@code cpusEach} on a 2-CPU budget; returns how many ran at once at most. */
  private int mostAtOnce(double cpusEach) throws Exception {
    String nap = TestImages.hostile("brief-nap");
    SandboxLimits limits = new SandboxLimits(cpusEach, 256L * 1024 * 1024, 60, 1024 * 1024, 64, 16L * 1024 * 1024, 16384);
    EvaluationSpec spec = new EvaluationSpec(DEMO.challenge(), DEMO.phase(), DEMO.task(), DEMO.hidden(),
        DEMO.predictions(), DEMO.metrics(), DEMO.bootstrap(), DEMO.split(), limits, null);
    List<Job> jobs = List.of(new Job("nap-1", 1, "w", nap, "-", spec), new Job("nap-2", 1, "w", nap, "-", spec),
        new Job("nap-3", 1, "w", nap, "-", spec));
    CapacityAwareChannel channel = new CapacityAwareChannel(jobs);
    String owner = "budget-it-" + (int) (cpusEach * 10);
    int most = 0;
    try (Evaluator evaluator = new Evaluator(
        new Evaluator.Settings(owner, owner + "#1", work.resolve(owner), 3, Duration.ofMillis(100), Duration.ofSeconds(5)),
        channel, new DockerSandbox(docker, owner, Clock.systemUTC()), new DockerImages(docker),
        new SiteData(TestImages.repoRoot().resolve("challenges")), new Capacity(2, 8L * 1024 * 1024 * 1024))) {
      evaluator.start();
      evaluator.wakeUp();
      while (!channel.reported.await(100, TimeUnit.MILLISECONDS)) {
        int running = docker.listContainersCmd()
            .withLabelFilter(Map.of(DockerSandbox.OWNER_LABEL, owner)).exec().size();
        most = Math.max(most, running);
      }
    }
    return most;
  }

  @Test
  void theEvaluatorRunsAsManySandboxesAsTheBudgetAllowsAndNeverMore() throws Exception {
    // 2 CPUs: jobs asking 1 CPU run two at a time; jobs asking 1.5 CPUs one at a time, though 3 workers wait
    assertThat(mostAtOnce(1.0)).isEqualTo(2);
    assertThat(mostAtOnce(1.5)).isEqualTo(1);
  }

  @Test
  void aRunWhoseLeaseIsLostIsStoppedRatherThanRunToItsTimeLimit() throws Exception {
    String sleeper = TestImages.hostile("sleeper");
    SandboxLimits limits = new SandboxLimits(1.0, 256L * 1024 * 1024, 120, 1024 * 1024, 64, 16L * 1024 * 1024, 16384);
    Job job = new Job("sub-lost", 1, "w", sleeper, "-", new EvaluationSpec(DEMO.challenge(), DEMO.phase(), DEMO.task(),
        DEMO.hidden(), DEMO.predictions(), DEMO.metrics(), DEMO.bootstrap(), DEMO.split(), limits, null));
    CountDownLatch reported = new CountDownLatch(1);
    JobReport[] report = new JobReport[1];
    JobChannel losing = new JobChannel() {
      private boolean leased;

      @Override
      public synchronized Optional<Job> lease(String worker, Capacity free) {
        if (leased) {
          return Optional.empty();
        }
        leased = true;
        return Optional.of(job);
      }

      @Override
      public boolean heartbeat(Job j) {
        return false; // the platform re-queued it meanwhile
      }

      @Override
      public boolean report(Job j, JobReport r) {
        report[0] = r;
        reported.countDown();
        return false; // the lease was lost: the platform ignores it
      }

      @Override
      public int started(String incarnation) {
        return 0;
      }

      @Override
      public boolean release(Job j, JobReport released) {
        return false; // these tests never hold results for release
      }

      @Override
      public InputStream openImage(Job j) throws IOException {
        throw new IOException("no archive needed");
      }
    };
    long started = System.nanoTime();
    try (Evaluator evaluator = new Evaluator(
        new Evaluator.Settings("lost-it", "lost-it#1", work.resolve("lost"), 1, Duration.ofMillis(100),
            Duration.ofMillis(500)),
        losing, new DockerSandbox(docker, "lost-it", Clock.systemUTC()), new DockerImages(docker),
        new SiteData(TestImages.repoRoot().resolve("challenges")), new Capacity(2, 4L * 1024 * 1024 * 1024))) {
      evaluator.start();
      assertThat(reported.await(60, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
    assertThat(report[0].outcome()).isNotEqualTo("TIMED_OUT");
  }

  @Test
  void workersLeaseRunAndReportJobsInTheBackground() throws Exception {
    String constant = TestImages.idOf("palmares/baseline-constant:latest");
    String exitNonZero = TestImages.hostile("exit-nonzero");
    Job first = job(constant, null);
    Job second = new Job("sub-second", 1, "w", exitNonZero, "unused", DEMO);
    InMemoryChannel channel = new InMemoryChannel(2, () -> {
      throw new IOException("no archive needed");
    }, first, second);

    try (Evaluator evaluator = evaluator(channel)) {
      evaluator.start();
      evaluator.wakeUp();
      assertThat(channel.reported.await(120, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(channel.reports.get(first.submissionId()).outcome()).isEqualTo("SUCCEEDED");
    assertThat(channel.reports.get("sub-second").outcome()).isEqualTo("EXITED_NONZERO");
    assertThat(channel.reports.get("sub-second").logTail()).contains("missing weights");
  }
}
