package org.palmares.platform.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.bson.Document;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.Job;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.storage.DataFolder;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.submission.SubmissionRepository;
import org.palmares.platform.submission.SubmissionService;

/**
 * Benchmark (a command, not a test): the time of one lease on the embedded database, with an
 * archive of finished submissions and {@code Q} queued ones, while 8 leases are held (8 busy
 * workers), for each {@code Q} given. Each lease is handed back (not timed) so the queue keeps
 * its size. Interleaved with the baseline, the floor of any lease on this server: one
 * find-and-modify of a document by its id in the same database (what a skilled user's own
 * atomic claim of a known job would cost). Uses the queue's public verbs only, so it also runs
 * against older versions of the platform.
 *
 * <p>Command: {@code ScaleBenchmark lease ARCHIVE TEAMS ROUNDS Q...}
 */
public final class ScaleBenchmark {
  private static final int BUSY_WORKERS = 8;

  private ScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5 || !"lease".equals(args[0])) {
      System.err.println("usage: ScaleBenchmark lease ARCHIVE TEAMS ROUNDS Q...");
      System.exit(2);
    }
    int archive = Integer.parseInt(args[1]);
    int teams = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    System.out.printf(Locale.ROOT, "lease, embedded database, archive of %d scored submissions over %d teams, "
        + "%d leases held, %d rounds (ms)%n", archive, teams, BUSY_WORKERS, rounds);
    System.out.printf(Locale.ROOT, "%10s %10s %10s %12s %12s%n", "queued", "lease p50", "lease p99",
        "by-id p50", "by-id p99");
    for (int i = 4; i < args.length; i++) {
      lease(archive, teams, rounds, Integer.parseInt(args[i]));
    }
  }

  private static void lease(int archive, int teams, int rounds, int queued) throws Exception {
    Path work = Files.createTempDirectory("palmares-scale-lease");
    try (MongoConnection mongo = MongoConnection.open(null, DataFolder.open(work.resolve("data")))) {
      ScaleSeed.seed(mongo.database(), ScaleSeed.demoChallenge(),
          new ScaleSeed.Plan(archive, teams, queued + BUSY_WORKERS, Instant.parse("2026-06-01T00:00:00Z")));
      SubmissionRepository repository = new SubmissionRepository(mongo.database());
      SubmissionService queue = new SubmissionService(repository, new BlobStore(work.resolve("blobs")),
          new SubmissionService.QueueSettings(Duration.ofMinutes(10), 3), Clock.systemUTC());
      Capacity worker = new Capacity(4, 16L << 30);
      for (int w = 0; w < BUSY_WORKERS; w++) {
        queue.lease("busy#1/" + w, worker).orElseThrow();
      }
      MongoCollection<Document> submissions = mongo.database().getCollection("submissions");
      String known = ScaleSeed.queuedId(queued + BUSY_WORKERS - 1);
      DescriptiveStatistics lease = new DescriptiveStatistics();
      DescriptiveStatistics byId = new DescriptiveStatistics();
      for (int r = -20; r < rounds; r++) { // 20 rounds of warm-up
        long t0 = System.nanoTime();
        Job job = queue.lease("bench#1/1", worker).orElseThrow();
        long t1 = System.nanoTime();
        submissions.findOneAndUpdate(Filters.eq("_id", known), Updates.set("benchRound", r));
        long t2 = System.nanoTime();
        if (!repository.requeue(job.submissionId(), job.worker(), job.attempt(), "benchmark")) {
          throw new IllegalStateException("the leased job could not be handed back");
        }
        if (r >= 0) {
          lease.addValue((t1 - t0) / 1e6);
          byId.addValue((t2 - t1) / 1e6);
        }
      }
      System.out.printf(Locale.ROOT, "%10d %10.2f %10.2f %12.2f %12.2f%n", queued, lease.getPercentile(50),
          lease.getPercentile(99), byId.getPercentile(50), byId.getPercentile(99));
    } finally {
      deleteTree(work);
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
