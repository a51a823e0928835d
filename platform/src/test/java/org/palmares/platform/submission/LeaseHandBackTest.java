package org.palmares.platform.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Job;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.team.Team;
import org.palmares.platform.team.TeamRepository;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.MutableClock;

/**
 * An evaluator that starts again hands back the leases of its dead incarnations at once, with
 * time standing still (so expiry cannot explain a move), against the embedded database (or the
 * MongoDB of {@code PALMARES_TEST_MONGODB_URI}, as {@link SubmissionQueueTest}).
 */
class LeaseHandBackTest {
  private static final Duration LEASE = Duration.ofMinutes(10);

  @TempDir Path data;
  private MongoConnection mongo;
  private MutableClock clock;
  private SubmissionService queue;
  private SubmissionRepository repository;
  private Challenge challenge;
  private Team team;

  @BeforeEach
  void setUp() throws Exception {
    String real = System.getenv("PALMARES_TEST_MONGODB_URI");
    mongo = real == null ? MongoConnection.embedded(data.resolve("db")) : MongoConnection.remote(real);
    clock = new MutableClock(Instant.parse("2026-12-02T01:00:00Z"));
    repository = new SubmissionRepository(mongo.database());
    queue = new SubmissionService(repository, new BlobStore(data.resolve("blobs")),
        new SubmissionService.QueueSettings(LEASE, 3), clock);
    challenge = Fixtures.demoChallenge();
    team = new TeamRepository(mongo.database()).findOrCreateInternal(challenge.slug(), "team-a", clock.instant());
  }

  @AfterEach
  void tearDown() {
    if (System.getenv("PALMARES_TEST_MONGODB_URI") != null) {
      mongo.database().drop();
    }
    mongo.close();
  }

  private void queued(String id) {
    Phase phase = challenge.phase("final").orElseThrow();
    repository.insert(new Submission(id, challenge.slug(), phase.name(), team.id(), team.name(), null, "a".repeat(64),
        "sha256:" + "b".repeat(64), 1234, SubmissionStatus.QUEUED, 0, null, null, challenge.evaluationSpec(phase),
        clock.instant(), null, null, null, null, true, null, null, null, null), "2026-12-02");
    clock.advance(Duration.ofMillis(1));
  }

  private Submission find(String id) {
    return repository.find(id).orElseThrow();
  }

  @Test
  void aJobCarriesTheDurationOfItsLease() {
    queued("s1");

    Job job = queue.lease("site#a/1", null).orElseThrow();

    assertThat(job.leaseMillis()).isEqualTo(LEASE.toMillis());
  }

  @Test
  void theJobsOfAnEarlierIncarnationAreQueuedAgainAtOnceAndTheNextLeaseIsANewAttempt() {
    queued("s1");
    queued("s2");
    queue.lease("site#old/1", null).orElseThrow();
    queue.lease("site#old/2", null).orElseThrow();

    assertThat(queue.handBack("", "site#new")).isEqualTo(2);

    assertThat(find("s1").status()).isEqualTo(SubmissionStatus.QUEUED);
    assertThat(find("s1").worker()).isNull();
    assertThat(find("s1").message()).contains("restarted");
    assertThat(find("s2").status()).isEqualTo(SubmissionStatus.QUEUED);
    Job again = queue.lease("site#new/1", null).orElseThrow();
    assertThat(again.attempt()).isEqualTo(2);
  }

  @Test
  void theLeasesOfTheIncarnationThatStartedAndOfOtherEvaluatorsAreLeftAlone() {
    queued("mine-now");
    queued("other-name");
    queued("name-prefix");
    queued("other-site");
    queue.lease("site#new/1", null).orElseThrow();
    queue.lease("lab#old/1", null).orElseThrow();
    queue.lease("site2#old/1", null).orElseThrow(); // "site" is a prefix of its name, not its name
    queue.lease("ev_b:site#old/1", null).orElseThrow(); // another site's evaluator of the same name

    assertThat(queue.handBack("", "site#new")).isZero();
    assertThat(queue.handBack("ev_a:", "site#new")).as("an evaluator cannot release another site's leases").isZero();

    for (String id : new String[] {"mine-now", "other-name", "name-prefix", "other-site"}) {
      assertThat(find(id).status()).as(id).isEqualTo(SubmissionStatus.RUNNING);
    }
    assertThat(queue.handBack("ev_b:", "site#new")).isEqualTo(1);
    assertThat(find("other-site").status()).isEqualTo(SubmissionStatus.QUEUED);
  }

  @Test
  void aJobWhoseLastAttemptWasHandedBackFailsWithoutCountingAgainstTheTeam() {
    queued("s1");
    for (int attempt = 1; attempt <= 3; attempt++) {
      queue.lease("site#run" + attempt + "/1", null).orElseThrow();
      queue.handBack("", "site#run" + (attempt + 1));
    }

    Submission s1 = find("s1");
    assertThat(s1.status()).isEqualTo(SubmissionStatus.FAILED);
    assertThat(s1.outcome()).isEqualTo("EVALUATOR_LOST");
    assertThat(s1.countsAgainstQuota()).isFalse();
    assertThat(s1.message()).contains("after 3 attempts").contains("does not count against your quota");
  }

  @Test
  void aReportFromTheDeadIncarnationIsRefusedAfterTheHandBack() {
    queued("s1");
    Job old = queue.lease("site#old/1", null).orElseThrow();
    queue.handBack("", "site#new");

    assertThat(queue.report("s1", old.worker(), old.attempt(), Fixtures.scored(0.9, 0.8)))
        .isEqualTo(SubmissionService.ReportResult.STALE_LEASE);
    assertThat(find("s1").status()).isEqualTo(SubmissionStatus.QUEUED);
  }

  @Test
  void anIncarnationMustBeANameAndASuffix() {
    assertThatThrownBy(() -> queue.handBack("", "site")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> queue.handBack("", "#x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> queue.handBack("", "site#a#b")).isInstanceOf(IllegalArgumentException.class);
  }
}
