package org.palmares.platform.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.Job;
import org.palmares.platform.bench.ScaleSeed;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.testing.CountingDatabase;
import org.palmares.platform.testing.MutableClock;

/**
 * The queue's hot paths read live jobs only, whatever the size of the archive: with 20,000
 * finished submissions and 10 queued ones in the embedded database, a lease, a lease-expiry pass,
 * a hand-back and a lease of an empty queue each read a few dozen documents at most (counted by
 * the database itself, see {@link CountingDatabase}). Before the live jobs had a collection of
 * their own, each of them read every stored submission.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveJobReadsTest {
  private static final int ARCHIVE = 20_000;
  private static final int QUEUED = 10;
  /** Generous: the live jobs (10), plus the few point reads by id of a state change. */
  private static final long AT_MOST = 50;

  @TempDir Path blobs;
  private CountingDatabase database;
  private MongoConnection mongo;
  private MutableClock clock;
  private SubmissionService queue;

  @BeforeAll
  void seed() throws Exception {
    database = new CountingDatabase();
    mongo = MongoConnection.remote(database.uri());
    ScaleSeed.seed(mongo.database(), ScaleSeed.demoChallenge(),
        new ScaleSeed.Plan(ARCHIVE, 100, QUEUED, Instant.parse("2026-06-01T00:00:00Z")));
  }

  @BeforeEach
  void setUp() throws java.io.IOException {
    clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    queue = new SubmissionService(new SubmissionRepository(mongo.database()), new BlobStore(blobs),
        new SubmissionService.QueueSettings(Duration.ofSeconds(60), 3), clock);
    database.reset();
  }

  @AfterAll
  void tearDown() {
    mongo.close();
    database.close();
  }

  @Test
  void aLeaseReadsOnlyLiveJobsNotTheArchive() {
    Job job = queue.lease("w#1/1", new Capacity(4, 8L << 30)).orElseThrow();

    assertThat(job.submissionId()).startsWith("sub_q");
    assertThat(database.reads()).as("documents read by one lease").isLessThanOrEqualTo(AT_MOST);
  }

  @Test
  void aLeaseExpiryPassAndAHandBackReadOnlyLiveJobs() {
    queue.lease("w#1/2", null).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    database.reset();

    assertThat(queue.expireLeases()).isEqualTo(1);
    assertThat(database.reads()).as("documents read by a lease-expiry pass").isLessThanOrEqualTo(AT_MOST);

    queue.lease("w#1/3", null).orElseThrow();
    database.reset();
    assertThat(queue.handBack("", "w#2")).isEqualTo(1);
    assertThat(database.reads()).as("documents read by a hand-back").isLessThanOrEqualTo(AT_MOST);
  }

  @Test
  void aPageOfAPhasesSubmissionsReadsAboutOnePageNotTheArchive() {
    SubmissionRepository repository = new SubmissionRepository(mongo.database());
    database.reset();

    SubmissionRepository.PhasePage newest = repository.ofPhase(ScaleSeed.SLUG, ScaleSeed.PHASE, null, 100);

    assertThat(newest.submissions()).hasSize(100);
    assertThat(newest.submissions().get(0).id()).isEqualTo(String.format("sub_s%08d", ARCHIVE - 1));
    assertThat(newest.submissions()).extracting(Submission::id).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(newest.next()).isEqualTo(newest.submissions().get(99).id());
    // the page and one more (to know there is a next page), their log tails, nothing else
    assertThat(database.reads("submissions")).as("archived submissions read for a page").isLessThanOrEqualTo(101);
    assertThat(database.reads()).as("documents read for a page of 100").isLessThanOrEqualTo(250);

    database.reset();
    SubmissionRepository.PhasePage older = repository.ofPhase(ScaleSeed.SLUG, ScaleSeed.PHASE, newest.next(), 100);

    assertThat(older.submissions()).hasSize(100);
    assertThat(older.submissions().get(0).id()).isEqualTo(String.format("sub_s%08d", ARCHIVE - 101));
    assertThat(database.reads("submissions")).as("archived submissions read for the next page").isLessThanOrEqualTo(102);

    SubmissionRepository.PhasePage last = repository.ofPhase(ScaleSeed.SLUG, ScaleSeed.PHASE, "sub_s00000030", 100);
    assertThat(last.submissions()).hasSize(30 + QUEUED); // the queued ones' ids sort below the scored ones'
    assertThat(last.next()).isNull();
  }

  @Test
  void askingAnEmptyQueueReadsNothingOfTheArchive() {
    // nothing fits a worker this small: the queue is empty for it
    assertThat(queue.lease("w#1/4", new Capacity(0.01, 1L << 20))).isEmpty();
    assertThat(database.reads()).as("documents read by a lease that finds nothing").isLessThanOrEqualTo(AT_MOST);
  }
}
