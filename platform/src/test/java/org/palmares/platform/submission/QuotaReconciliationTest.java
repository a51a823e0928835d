package org.palmares.platform.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.ChallengeCatalog;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.team.Team;
import org.palmares.platform.team.TeamRepository;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.ImageArchives;
import org.palmares.platform.testing.MutableClock;

/**
 * Quota slots held by uploads that never completed are given back: at start-up for uploads of a
 * process that died (the database closed and opened again on the same folder in between), and
 * periodically for this process's uploads whose slot could not be given back at the time.
 */
class QuotaReconciliationTest {
  @TempDir Path data;
  private MongoConnection mongo;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-10T09:00:00Z"));
  private Challenge challenge;
  private Team team;

  @BeforeEach
  void setUp() throws Exception {
    // final phase: 2 a day
    Path bundle = Bundles.demoCopy(data.resolve("bundles"), "quota-demo",
        y -> y.replace("quota: {perDay: 5, total: 100}", "quota: {perDay: 2, total: 100}"));
    challenge = ChallengeCatalog.readBundle(bundle);
    mongo = MongoConnection.embedded(data.resolve("db"));
    team = new TeamRepository(mongo.database()).findOrCreateInternal(challenge.slug(), "team-q", clock.instant());
  }

  @AfterEach
  void tearDown() {
    mongo.close();
  }

  /** A platform's queue on the current database, as {@code Platform.start} builds it. */
  private SubmissionService started() throws Exception {
    SubmissionService service = new SubmissionService(new SubmissionRepository(mongo.database()),
        new BlobStore(data.resolve("blobs")), new SubmissionService.QueueSettings(Duration.ofMinutes(1), 3), clock);
    service.returnAbandonedSlots();
    return service;
  }

  private void restartDatabase() throws Exception {
    mongo.close();
    mongo = MongoConnection.embedded(data.resolve("db"));
  }

  private long usedToday() {
    return new QuotaLedger(mongo.database()).used(challenge.slug(), "final", team.id(), clock.instant())[1];
  }

  @Test
  void slotsHeldByUploadsOfAProcessThatDiedAreGivenBackAtTheNextStart() throws Exception {
    SubmissionService crashed = started();
    crashed.reserve(challenge, "final", team);
    crashed.reserve(challenge, "final", team);
    assertThatThrownBy(() -> crashed.reserve(challenge, "final", team))
        .isInstanceOf(SubmissionRefusedException.class);
    restartDatabase(); // the process is gone: neither upload gave its slot back

    SubmissionService restarted = started();

    assertThat(usedToday()).isZero();
    restarted.reserve(challenge, "final", team);
    restarted.reserve(challenge, "final", team);
    assertThat(usedToday()).isEqualTo(2);
  }

  @Test
  void anUploadThatBecameASubmissionKeepsItsSlotThroughARestart() throws Exception {
    SubmissionService first = started();
    Path upload = ImageArchives.fake(data.resolve("image.tar"), 1024);
    String sha = org.apache.commons.codec.digest.DigestUtils.sha256Hex(Files.readAllBytes(upload));
    Submission s = first.submit(first.reserve(challenge, "final", team), upload, sha);
    restartDatabase();

    started();

    assertThat(usedToday()).isEqualTo(1);
    assertThat(new SubmissionRepository(mongo.database()).find(s.id())).isPresent();
  }

  @Test
  void uploadsStillGoingOnAreLeftAloneAndRefusedOnesAreGivenBackOnce() throws Exception {
    SubmissionService service = started();
    SubmissionService.Reservation going = service.reserve(challenge, "final", team);
    SubmissionService.Reservation refused = service.reserve(challenge, "final", team);

    service.release(refused);
    service.release(refused); // repeated (a retry): still one slot back
    assertThat(service.returnUnusedSlots()).as("nothing left to give back").isZero();

    assertThat(usedToday()).isEqualTo(1);
    assertThat(service.returnUnusedSlots()).isZero();
    service.release(going);
    assertThat(usedToday()).isZero();
  }

  @Test
  void aHoldWhoseSubmissionWasStoredIsSettledNotGivenBack() throws Exception {
    // The store succeeded but its answer was lost (the connection broke): the caller releases anyway.
    SubmissionService service = started();
    SubmissionService.Reservation r = service.reserve(challenge, "final", team);
    SubmissionRepository repository = new SubmissionRepository(mongo.database());
    var phase = r.phase();
    repository.insert(new Submission(r.id(), challenge.slug(), phase.name(), team.id(), team.name(), null,
        "a".repeat(64), "sha256:" + "b".repeat(64), 1, SubmissionStatus.QUEUED, 0, null, null,
        challenge.evaluationSpec(phase), clock.instant(), null, null, null, null, true, null, null, null, null),
        r.slot().day());

    service.release(r);

    assertThat(usedToday()).isEqualTo(1);
    restartDatabase();
    started();
    assertThat(usedToday()).isEqualTo(1);
  }
}
