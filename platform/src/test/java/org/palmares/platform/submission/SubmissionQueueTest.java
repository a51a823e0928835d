package org.palmares.platform.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.team.Team;
import org.palmares.platform.team.TeamRepository;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.MutableClock;

/**
 * Queue semantics against the embedded database, with time moved by hand. This is also the
 * database contract test: set {@code PALMARES_TEST_MONGODB_URI} to run it against a real MongoDB
 * (it uses and drops the database {@code palmares} there).
 */
class SubmissionQueueTest {
  private static final Duration LEASE = Duration.ofSeconds(60);

  @TempDir Path data;
  private MongoConnection mongo;
  private MutableClock clock;
  private SubmissionService queue;
  private SubmissionRepository repository;
  private Challenge challenge;
  private Team team;

  @BeforeEach
  void setUp() throws Exception {
    mongo = connect();
    clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    repository = new SubmissionRepository(mongo.database());
    queue = new SubmissionService(repository, new BlobStore(data.resolve("blobs")),
        new SubmissionService.QueueSettings(LEASE, 3), clock);
    challenge = Fixtures.demoChallenge();
    team = new TeamRepository(mongo.database()).findOrCreateInternal(challenge.slug(), "team-a", clock.instant());
  }

  private MongoConnection connect() throws java.io.IOException {
    String real = System.getenv("PALMARES_TEST_MONGODB_URI");
    return real == null ? MongoConnection.embedded(data.resolve("db")) : MongoConnection.remote(real);
  }

  @AfterEach
  void tearDown() {
    if (System.getenv("PALMARES_TEST_MONGODB_URI") != null) {
      mongo.database().drop();
    }
    mongo.close();
  }

  /** Inserts a queued submission directly (archive handling is tested elsewhere). */
  private Submission queued(String id) {
    Phase phase = challenge.phase("final").orElseThrow();
    Submission s = new Submission(id, challenge.slug(), phase.name(), team.id(), team.name(), null, "a".repeat(64),
        "sha256:" + "b".repeat(64), 1234, SubmissionStatus.QUEUED, 0, null, null, challenge.evaluationSpec(phase),
        clock.instant(), null, null, null, null, true, null, null, null, null);
    repository.insert(s, "2026-11-25");
    clock.advance(Duration.ofMillis(1)); // distinct creation times keep FIFO order observable
    return s;
  }

  @Test
  void leasingMovesTheOldestQueuedSubmissionToRunningWithWorkerAttemptAndExpiry() {
    queued("s1");
    queued("s2");

    Job job = queue.lease("w1", null).orElseThrow();

    assertThat(job.submissionId()).isEqualTo("s1");
    assertThat(job.attempt()).isEqualTo(1);
    Submission s1 = repository.find("s1").orElseThrow();
    assertThat(s1.status()).isEqualTo(SubmissionStatus.RUNNING);
    assertThat(s1.worker()).isEqualTo("w1");
    assertThat(s1.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
    assertThat(job.spec()).isEqualTo(challenge.evaluationSpec(challenge.phase("final").orElseThrow()));
  }

  @Test
  void aJobLargerThanTheFreeCapacityIsNotLeased() {
    queued("s1"); // asks 1 CPU, 1 GiB
    assertThat(queue.lease("w1", new Capacity(0.5, 8L << 30))).isEmpty();
    assertThat(queue.lease("w1", new Capacity(2, 512L << 20))).isEmpty();
    assertThat(queue.lease("w1", new Capacity(1, 1L << 30))).isPresent();
  }

  @Test
  void aJobAskingForAGpuIsNeverLeasedToAnEvaluatorWithoutOneAndSaysItWaitsForAGpuSite() {
    Phase phase = challenge.phase("final").orElseThrow();
    EvaluationSpec plain = challenge.evaluationSpec(phase);
    EvaluationSpec gpu = new EvaluationSpec(plain.challenge(), plain.phase(), plain.task(), plain.hidden(),
        plain.predictions(), plain.metrics(), plain.bootstrap(), plain.split(), plain.limits(), plain.scoringImage(),
        plain.image(), plain.imageTask(), new EvaluationSpec.GpuRequest(1, 0));
    Submission s = new Submission("gpu-1", challenge.slug(), phase.name(), team.id(), team.name(), null,
        "a".repeat(64), "sha256:" + "b".repeat(64), 1234, SubmissionStatus.QUEUED, 0, null, null, gpu,
        clock.instant(), null, null, null, SubmissionService.queuedNote(gpu), true, null, null, null, null);
    repository.insert(s, "2026-11-25");

    assertThat(queue.lease("w1", null)).as("an evaluator that says nothing offers no GPU").isEmpty();
    assertThat(queue.lease("w1", Capacity.idleWith(0))).isEmpty();
    assertThat(queue.lease("w1", new Capacity(8, 64L << 30, 0))).isEmpty();
    assertThat(repository.find("gpu-1").orElseThrow().message()).startsWith("Waiting for a GPU site");
    assertThat(queue.lease("w1", Capacity.idleWith(1))).isPresent();
  }

  @Test
  void concurrentWorkersNeverLeaseTheSameSubmission() throws Exception {
    for (int i = 0; i < 20; i++) {
      queued("s" + i);
    }
    Set<String> leased = ConcurrentHashMap.newKeySet();
    List<Future<Integer>> workers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int w = 0; w < 8; w++) {
        String worker = "w" + w;
        workers.add(pool.submit(() -> {
          int count = 0;
          Optional<Job> job;
          while ((job = queue.lease(worker, null)).isPresent()) {
            assertThat(leased.add(job.get().submissionId())).as("leased twice: " + job.get().submissionId()).isTrue();
            count++;
          }
          return count;
        }));
      }
      int total = 0;
      for (Future<Integer> f : workers) {
        total += f.get();
      }
      assertThat(total).isEqualTo(20);
    }
    assertThat(leased).hasSize(20);
  }

  @Test
  void aHeartbeatExtendsTheLeaseAndKeepsTheJobFromExpiring() {
    queued("s1");
    Job job = queue.lease("w1", null).orElseThrow();

    clock.advance(Duration.ofSeconds(50));
    assertThat(queue.heartbeat("s1", "w1", job.attempt())).isTrue();
    clock.advance(Duration.ofSeconds(50));

    assertThat(queue.expireLeases()).isZero();
    assertThat(repository.find("s1").orElseThrow().status()).isEqualTo(SubmissionStatus.RUNNING);
  }

  @Test
  void anExpiredLeaseIsQueuedAgainAndTheNextLeaseIsANewAttempt() {
    queued("s1");
    queue.lease("w1", null).orElseThrow();

    clock.advance(LEASE.plusSeconds(1));
    assertThat(queue.expireLeases()).isEqualTo(1);

    Submission s1 = repository.find("s1").orElseThrow();
    assertThat(s1.status()).isEqualTo(SubmissionStatus.QUEUED);
    assertThat(s1.worker()).isNull();
    Job second = queue.lease("w2", null).orElseThrow();
    assertThat(second.attempt()).isEqualTo(2);
  }

  @Test
  void afterTheLastAttemptExpiresTheSubmissionFailsWithoutCountingAgainstTheTeam() {
    queued("s1");
    for (int attempt = 1; attempt <= 3; attempt++) {
      queue.lease("w" + attempt, null).orElseThrow();
      clock.advance(LEASE.plusSeconds(1));
      queue.expireLeases();
    }

    Submission s1 = repository.find("s1").orElseThrow();
    assertThat(s1.status()).isEqualTo(SubmissionStatus.FAILED);
    assertThat(s1.countsAgainstQuota()).isFalse();
    assertThat(s1.message()).contains("after 3 attempts").contains("does not count against your quota");
    assertThat(queue.lease("w9", null)).isEmpty();
  }

  @Test
  void aReportFromAWorkerThatLostItsLeaseIsRefusedAndTheHolderWins() {
    queued("s1");
    Job stale = queue.lease("w1", null).orElseThrow();
    clock.advance(LEASE.plusSeconds(1));
    queue.expireLeases();
    Job current = queue.lease("w2", null).orElseThrow();

    assertThat(queue.report("s1", stale.worker(), stale.attempt(), Fixtures.scored(0.99, 0.98)))
        .isEqualTo(SubmissionService.ReportResult.STALE_LEASE);
    assertThat(queue.heartbeat("s1", stale.worker(), stale.attempt())).isFalse();
    assertThat(queue.report("s1", current.worker(), current.attempt(), Fixtures.scored(0.7, 0.6)))
        .isEqualTo(SubmissionService.ReportResult.ACCEPTED);

    Submission s1 = repository.find("s1").orElseThrow();
    assertThat(s1.status()).isEqualTo(SubmissionStatus.SCORED);
    assertThat(s1.scores().publicPart().metrics().get("roc_auc").value()).isEqualTo(0.7);
  }

  @Test
  void aScoredReportsResampleVectorsAreKeptOutsideTheSubmissionsDocument() {
    queued("s1");
    Job job = queue.lease("w1", null).orElseThrow();
    org.palmares.evaluator.scoring.Resampling resampling =
        new org.palmares.evaluator.scoring.Resampling("stratified", 3, 3, 3, "0123456789abcdef", List.of());
    org.palmares.evaluator.scoring.SplitScores part = new org.palmares.evaluator.scoring.SplitScores(100, 40,
        java.util.Map.of("roc_auc", new org.palmares.evaluator.scoring.MetricValue(0.8, null, null)), resampling,
        java.util.Map.of("roc_auc", List.of(0.79, 0.81, 0.8)));
    JobReport report = new JobReport("SUCCEEDED", "ok", false,
        new org.palmares.evaluator.scoring.ScoreReport("roc_auc", part, part), "", 1.0);

    assertThat(queue.report("s1", "w1", job.attempt(), report)).isEqualTo(SubmissionService.ReportResult.ACCEPTED);

    Submission s1 = repository.find("s1").orElseThrow();
    assertThat(s1.scores().publicPart().resampling()).isEqualTo(resampling);
    assertThat(s1.scores().publicPart().resampleValues()).isEmpty();
    assertThat(mongo.database().getCollection("submissions").find().first().toJson()).doesNotContain("0.79");
    ResampleVectors.Stored stored = repository.resampleVectors().of(List.of("s1"), "private").get("s1");
    assertThat(stored.resampling()).isEqualTo(resampling);
    assertThat(stored.values()).containsEntry("roc_auc", List.of(0.79, 0.81, 0.8));
  }

  @Test
  void reportingTwiceIsHarmless() {
    queued("s1");
    Job job = queue.lease("w1", null).orElseThrow();
    JobReport report = Fixtures.scored(0.9, 0.8);

    assertThat(queue.report("s1", "w1", job.attempt(), report)).isEqualTo(SubmissionService.ReportResult.ACCEPTED);
    Instant finished = repository.find("s1").orElseThrow().finishedAt();
    clock.advance(Duration.ofSeconds(5));
    assertThat(queue.report("s1", "w1", job.attempt(), report))
        .isEqualTo(SubmissionService.ReportResult.ALREADY_REPORTED);

    assertThat(repository.find("s1").orElseThrow().finishedAt()).isEqualTo(finished);
  }

  @Test
  void aFailedRunKeepsItsOutcomeSentenceAndCountsAgainstTheTeam() {
    queued("s1");
    Job job = queue.lease("w1", null).orElseThrow();

    queue.report("s1", "w1", job.attempt(), Fixtures.failed("OOM_KILLED", "The container used more than ..."));

    Submission s1 = repository.find("s1").orElseThrow();
    assertThat(s1.status()).isEqualTo(SubmissionStatus.FAILED);
    assertThat(s1.outcome()).isEqualTo("OOM_KILLED");
    assertThat(s1.message()).startsWith("The container used more than");
    assertThat(s1.countsAgainstQuota()).isTrue();
  }

  @Test
  void aFailedRunKeepsItsProblemColumnAndExitCodeUntilItIsRunAgain() {
    queued("s1");
    Job job = queue.lease("w1", null).orElseThrow();

    queue.report("s1", "w1", job.attempt(), new JobReport("EXITED_NONZERO", "The container exited with code 19",
        true, null, "tail", 2.0, org.palmares.evaluator.protocol.ProblemKind.EXITED_NONZERO, null, 19));
    Submission failed = repository.find("s1").orElseThrow();
    assertThat(failed.problem()).isEqualTo("EXITED_NONZERO");
    assertThat(failed.exitCode()).isEqualTo(19);

    assertThat(repository.rerun("s1", failed.spec())).isTrue();
    Submission again = repository.find("s1").orElseThrow();
    assertThat(again.problem()).isNull();
    assertThat(again.exitCode()).isNull();
  }

  @Test
  void anEvaluatorErrorRequeuesWithoutBlameUntilAttemptsRunOut() {
    queued("s1");
    for (int attempt = 1; attempt <= 3; attempt++) {
      Job job = queue.lease("w1", null).orElseThrow();
      queue.report("s1", "w1", job.attempt(), JobReport.evaluatorError("disk full"));
    }

    Submission s1 = repository.find("s1").orElseThrow();
    assertThat(s1.status()).isEqualTo(SubmissionStatus.FAILED);
    assertThat(s1.countsAgainstQuota()).isFalse();
    assertThat(s1.message()).contains("does not count against your quota");
  }

  @Test
  void submissionsSurviveARestartOfTheDatabaseConnection() throws Exception {
    queued("s1");
    mongo.close();

    mongo = connect();
    SubmissionRepository reopened = new SubmissionRepository(mongo.database());

    assertThat(reopened.find("s1")).isPresent();
  }

  @Test
  void theStateTableAllowsOnlyForwardMovesAndRetries() {
    assertThat(SubmissionStatus.QUEUED.canMoveTo(SubmissionStatus.RUNNING)).isTrue();
    assertThat(SubmissionStatus.QUEUED.canMoveTo(SubmissionStatus.SCORED)).isFalse();
    assertThat(SubmissionStatus.RUNNING.canMoveTo(SubmissionStatus.QUEUED)).isTrue();
    assertThat(SubmissionStatus.SCORED.terminal()).isTrue();
    assertThat(SubmissionStatus.SCORED.canMoveTo(SubmissionStatus.RUNNING)).isFalse();
    assertThat(SubmissionStatus.FAILED.canMoveTo(SubmissionStatus.SCORED)).isFalse();
  }
}
