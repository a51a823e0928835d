package org.palmares.platform.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.team.Team;
import org.palmares.platform.team.TeamRepository;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.MutableClock;

/** Phase windows and quotas, with time moved by hand (no sleeping). */
class PhaseAdmissionTest {
  @TempDir Path data;
  private MongoConnection mongo;
  private MutableClock clock;
  private SubmissionRepository repository;
  private SubmissionService service;
  private Challenge challenge;
  private Team team;

  @BeforeEach
  void setUp() throws Exception {
    // final phase: 2 a day, 3 in all
    Path bundle = Bundles.demoCopy(data.resolve("bundles"), "quota-demo",
        y -> y.replace("quota: {perDay: 5, total: 100}", "quota: {perDay: 2, total: 3}"));
    challenge = ChallengeCatalog.readBundle(bundle);
    mongo = MongoConnection.embedded(data.resolve("db"));
    clock = new MutableClock(Instant.parse("2026-06-10T09:00:00Z"));
    repository = new SubmissionRepository(mongo.database());
    service = new SubmissionService(repository, new BlobStore(data.resolve("blobs")),
        new SubmissionService.QueueSettings(Duration.ofMinutes(1), 3), clock);
    team = new TeamRepository(mongo.database()).findOrCreateInternal(challenge.slug(), "team-q", clock.instant());
  }

  @AfterEach
  void tearDown() {
    mongo.close();
  }

  /** A submission accepted under a quota slot; when it does not count, the platform then fails it. */
  private void submitted(String phaseName, boolean counts) {
    SubmissionService.Reservation r = service.reserve(challenge, phaseName, team);
    Phase phase = r.phase();
    String id = "s-" + System.nanoTime();
    repository.insert(new Submission(id, challenge.slug(), phase.name(), team.id(), team.name(), null, "a".repeat(64),
        "sha256:" + "b".repeat(64), 1, SubmissionStatus.QUEUED, 0, null, null, challenge.evaluationSpec(phase),
        clock.instant(), null, null, null, null, true, null, null, null, null), r.slot().day());
    if (!counts) {
      var job = service.lease("w", null).orElseThrow();
      service.report(job.submissionId(), "w", job.attempt(),
          new JobReport(JobReport.SCORING_FAILED, "the scorer failed", false, null, "", 0));
    }
  }

  private SubmissionRefusedException refused(String phase) {
    return catchThrowableOfType(SubmissionRefusedException.class, () -> service.admit(challenge, phase, team));
  }

  @Test
  void beforeTheFirstPhaseOpensTheRefusalSaysWhenItWill() {
    clock.advance(Duration.between(clock.instant(), Instant.parse("2025-12-31T12:00:00Z")));

    SubmissionRefusedException e = refused("final");

    assertThat(e.reason()).isEqualTo(SubmissionRefusedException.Reason.NOT_OPEN);
    assertThat(e.getMessage()).isEqualTo("phase final opens at 2026-01-01T00:00:00Z");
    assertThat(e.nextAllowedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void afterAPhaseClosesNothingMoreIsAccepted() {
    clock.advance(Duration.between(clock.instant(), Instant.parse("2028-01-01T00:00:00Z")));

    SubmissionRefusedException e = refused("final");

    assertThat(e.reason()).isEqualTo(SubmissionRefusedException.Reason.NOT_OPEN);
    assertThat(e.getMessage()).contains("closed at 2027-12-31T23:59:59Z");
    assertThat(e.nextAllowedAt()).isNull();
    assertThat(refused(null).getMessage()).contains("is closed");
  }

  @Test
  void withSeveralPhasesOpenTheTeamMustSayWhich() {
    SubmissionRefusedException e = refused(null);

    assertThat(e.reason()).isEqualTo(SubmissionRefusedException.Reason.PHASE_NOT_GIVEN);
    assertThat(e.getMessage()).contains("sanity, final").contains("?phase=");
    assertThat(refused("finale").getMessage()).contains("has no phase 'finale'");
    assertThat(service.admit(challenge, "final", team).name()).isEqualTo("final");
  }

  @Test
  void theDailyQuotaRefusesUntilMidnightUtcAndThenAllowsAgain() {
    submitted("final", true);
    submitted("final", true);

    SubmissionRefusedException e = refused("final");
    assertThat(e.reason()).isEqualTo(SubmissionRefusedException.Reason.QUOTA);
    assertThat(e.getMessage()).contains("2 submissions of today").contains("2026-06-11T00:00:00Z");
    assertThat(e.nextAllowedAt()).isEqualTo(Instant.parse("2026-06-11T00:00:00Z"));
    // other phases have their own quota
    assertThat(service.admit(challenge, "sanity", team).name()).isEqualTo("sanity");

    clock.advance(Duration.ofHours(15)); // 2026-06-11T00:00Z
    assertThat(service.admit(challenge, "final", team).name()).isEqualTo("final");
  }

  @Test
  void theTotalQuotaRefusesForGood() {
    submitted("final", true);
    submitted("final", true);
    clock.advance(Duration.ofDays(1));
    submitted("final", true);
    clock.advance(Duration.ofDays(1));

    SubmissionRefusedException e = refused("final");
    assertThat(e.reason()).isEqualTo(SubmissionRefusedException.Reason.QUOTA);
    assertThat(e.getMessage()).contains("all 3 submissions");
    assertThat(e.nextAllowedAt()).isNull();
  }

  @Test
  void twentySimultaneousSubmissionsNeverExceedTheQuota() throws Exception {
    List<Future<Boolean>> attempts = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
      for (int i = 0; i < 20; i++) {
        attempts.add(pool.submit(() -> {
          go.await();
          try {
            service.reserve(challenge, "final", team);
            return true;
          } catch (SubmissionRefusedException refused) {
            return false;
          }
        }));
      }
      go.countDown();
      int accepted = 0;
      for (Future<Boolean> f : attempts) {
        accepted += f.get() ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(2); // 2 a day
    }
  }

  @Test
  void anUploadThatDoesNotBecomeASubmissionGivesItsSlotBack() {
    SubmissionService.Reservation first = service.reserve(challenge, "final", team);
    service.reserve(challenge, "final", team);
    assertThat(refused("final").reason()).isEqualTo(SubmissionRefusedException.Reason.QUOTA);

    service.release(first);

    assertThat(service.reserve(challenge, "final", team).phase().name()).isEqualTo("final");
  }

  @Test
  void submissionsThePlatformFailedAreGivenBack() {
    submitted("final", true);
    submitted("final", false);

    assertThat(service.admit(challenge, "final", team).name()).isEqualTo("final");
  }
}
