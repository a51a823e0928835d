package org.palmares.platform.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Job;
import org.palmares.platform.Platform;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.storage.Migrations;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.submission.LiveJobsMigration;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionRepository;
import org.palmares.platform.submission.SubmissionService;
import org.palmares.platform.submission.SubmissionStatus;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.MutableClock;

/**
 * A data folder written by the code before live jobs had their own collection (see
 * {@code src/test/resources/migration/legacy-data/README.md}) is moved to the new shape at
 * start-up, and the queue goes on where it was: the queued submission is leased, the leased one
 * keeps its holder (its heartbeat and report count), logs are still shown, and running the
 * migration again changes nothing.
 */
class LiveJobsMigrationTest {
  private static final Path LEGACY = Fixtures.repoRoot().resolve("platform/src/test/resources/migration/legacy-data");
  private static final String OLD_WORKER = "old-evaluator#1234abcd/1";

  @TempDir Path data;

  private Path legacyCopy() throws Exception {
    Path db = data.resolve("db");
    Files.createDirectories(db);
    Files.copy(LEGACY.resolve("db/palmares.mv.db"), db.resolve("palmares.mv.db"));
    // a clean clone checks the fixture out rw-r--r--: the platform rightly refuses such a data folder
    Files.setPosixFilePermissions(db.resolve("palmares.mv.db"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    org.palmares.platform.storage.OwnerOnly.restrict(data);
    org.palmares.platform.storage.OwnerOnly.restrict(db);
    return db;
  }

  @Test
  void aLegacyFolderGetsItsLiveJobsAndLogsMovedAndTheQueueGoesOn() throws Exception {
    try (MongoConnection mongo = MongoConnection.embedded(legacyCopy())) {
      var db = mongo.database();
      assertThat(indexNames(db, "submissions")).hasSizeGreaterThan(1); // the old code declared two more

      assertThat(Migrations.run(db, List.of(new LiveJobsMigration()), Clock.systemUTC()))
          .containsExactly("0001-live-jobs");

      assertThat(db.getCollection("jobs").countDocuments()).isEqualTo(2);
      assertThat(db.getCollection("submissions").countDocuments(new Document("logTail", new Document("$exists", true))))
          .isZero();
      assertThat(indexNames(db, "submissions")).containsExactly("_id_");
      List<Document> before = snapshot(db);

      // again (as after a stop right after the migration, before it was recorded): nothing changes
      db.getCollection("migrations").deleteMany(new Document());
      Migrations.run(db, List.of(new LiveJobsMigration()), Clock.systemUTC());
      assertThat(snapshot(db)).isEqualTo(before);
      assertThat(Migrations.run(db, List.of(new LiveJobsMigration()), Clock.systemUTC())).isEmpty();

      SubmissionRepository repository = new SubmissionRepository(db);
      Submission failed = repository.find("sub_q00000001").orElseThrow();
      assertThat(failed.status()).isEqualTo(SubmissionStatus.FAILED);
      assertThat(failed.logTail()).isEqualTo("Traceback: boom\n");
      assertThat(repository.find("sub_s00000002").orElseThrow().logTail()).startsWith("loading model");

      MutableClock clock = new MutableClock(Instant.parse("2026-06-01T01:00:10Z"));
      SubmissionService queue = new SubmissionService(repository, new BlobStore(data.resolve("blobs")),
          new SubmissionService.QueueSettings(Duration.ofSeconds(60), 3), clock);
      // the lease taken before the upgrade still holds: its holder heartbeats and reports
      assertThat(queue.heartbeat("sub_q00000000", OLD_WORKER, 1)).isTrue();
      assertThat(queue.report("sub_q00000000", OLD_WORKER, 1, Fixtures.scored(0.8, 0.7)))
          .isEqualTo(SubmissionService.ReportResult.ACCEPTED);
      assertThat(repository.find("sub_q00000000").orElseThrow().status()).isEqualTo(SubmissionStatus.SCORED);
      // the one queued before the upgrade is leased, and then the queue is empty
      Job job = queue.lease("new#1/1", null).orElseThrow();
      assertThat(job.submissionId()).isEqualTo("sub_q00000002");
      assertThat(queue.lease("new#1/1", null)).isEmpty();
    }
  }

  @Test
  void thePlatformStartsOnALegacyFolderAndServesItsSubmissions() throws Exception {
    legacyCopy();
    try (Platform platform = Platform.start(Platform.Settings.defaults(data, Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false))) {
      Submission running = platform.submissions().find("sub_q00000000").orElseThrow();
      assertThat(running.status()).isEqualTo(SubmissionStatus.RUNNING);
      assertThat(running.worker()).isEqualTo(OLD_WORKER);
      assertThat(platform.submissions().find("sub_s00000001").orElseThrow().scores()).isNotNull();
      assertThat(new org.palmares.platform.testing.Http(platform.port())
          .get("/api/challenges/breast-cancer-diagnosis/leaderboard", null).statusCode()).isEqualTo(200);
    }
  }

  private static List<String> indexNames(com.mongodb.client.MongoDatabase db, String collection) {
    List<String> names = new ArrayList<>();
    db.getCollection(collection).listIndexes().forEach(i -> names.add(i.getString("name")));
    return names;
  }

  private static List<Document> snapshot(com.mongodb.client.MongoDatabase db) {
    List<Document> all = new ArrayList<>();
    for (String c : List.of("submissions", "jobs", "submission_logs")) {
      db.getCollection(c).find().sort(new Document("_id", 1)).forEach(all::add);
    }
    return all;
  }
}
