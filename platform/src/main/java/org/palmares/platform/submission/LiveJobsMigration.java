package org.palmares.platform.submission;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import java.util.List;
import org.bson.Document;
import org.palmares.platform.storage.Migrations;

/**
 * Migration 0001: live submissions get their job in {@code jobs} (queued ones as they are, leased
 * ones with their worker, attempt and lease expiry, so the lease holder's heartbeats and report
 * still count), and log tails move out of the archive into {@code submission_logs}. One pass over
 * the archive, at the first start of this version only. Safe to repeat: a job is created only
 * where none exists, a log is copied before it is removed from its submission.
 */
public final class LiveJobsMigration implements Migrations.Migration {
  private static final List<String> JOB_FIELDS = List.of(SubmissionRepository.STATUS, SubmissionRepository.CHALLENGE,
      SubmissionRepository.PHASE, SubmissionRepository.ATTEMPT, SubmissionRepository.WORKER,
      SubmissionRepository.LEASE_UNTIL, SubmissionRepository.STARTED_AT, SubmissionRepository.CREATED_AT,
      SubmissionRepository.IMAGE_ID, SubmissionRepository.IMAGE_DIGEST, SubmissionRepository.SPEC,
      SubmissionRepository.ASKS_CPUS, SubmissionRepository.ASKS_MEMORY, SubmissionRepository.MESSAGE);

  @Override
  public String id() {
    return "0001-live-jobs";
  }

  @Override
  public void apply(MongoDatabase db) {
    MongoCollection<Document> submissions = db.getCollection(SubmissionRepository.SUBMISSIONS);
    MongoCollection<Document> jobs = db.getCollection(SubmissionRepository.JOBS);
    MongoCollection<Document> logs = db.getCollection(SubmissionRepository.LOGS);
    for (Document s : submissions.find(or(
        in(SubmissionRepository.STATUS, SubmissionStatus.QUEUED.name(), SubmissionStatus.RUNNING.name()),
        exists(SubmissionRepository.LOG_TAIL)))) {
      String id = s.getString(SubmissionRepository.ID);
      if (SubmissionStatus.valueOf(s.getString(SubmissionRepository.STATUS)).live()) {
        Document job = new Document();
        for (String field : JOB_FIELDS) {
          if (s.containsKey(field)) {
            job.append(field, s.get(field));
          }
        }
        jobs.updateOne(eq(SubmissionRepository.ID, id), new Document("$setOnInsert", job),
            new UpdateOptions().upsert(true));
      }
      if (s.containsKey(SubmissionRepository.LOG_TAIL)) {
        Object tail = s.get(SubmissionRepository.LOG_TAIL);
        if (tail != null) {
          logs.updateOne(eq(SubmissionRepository.ID, id), set(SubmissionRepository.LOG_TAIL, tail),
              new UpdateOptions().upsert(true));
        }
        submissions.updateOne(eq(SubmissionRepository.ID, id), unset(SubmissionRepository.LOG_TAIL));
      }
    }
  }
}
