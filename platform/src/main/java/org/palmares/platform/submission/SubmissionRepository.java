package org.palmares.platform.submission;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Sorts.ascending;
import static com.mongodb.client.model.Sorts.descending;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.scoring.ScoreReport;

/**
 * Submissions in MongoDB ({@code submissions}). Every state change is one atomic single-document
 * update whose filter states the state it moves from (and, for a leased job, the worker and
 * attempt that hold the lease), so concurrent workers and restarts cannot make it move twice.
 */
public final class SubmissionRepository {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MongoDatabase database;
  private final MongoCollection<Document> submissions;

  public SubmissionRepository(MongoDatabase db) {
    this.database = db;
    this.submissions = db.getCollection("submissions");
    submissions.createIndex(Indexes.ascending("status", "createdAt"));
    submissions.createIndex(Indexes.ascending("challenge", "teamId"));
  }

  /** The database (the quota ledger lives beside the submissions). */
  MongoDatabase database() {
    return database;
  }

  /** Inserts a submission holding the quota slot of {@code quotaDay} (UTC date). */
  public void insert(Submission s, String quotaDay) {
    submissions.insertOne(new Document("_id", s.id())
        .append("quotaDay", quotaDay)
        .append("challenge", s.challenge())
        .append("phase", s.phase())
        .append("teamId", s.teamId())
        .append("teamName", s.teamName())
        .append("submittedBy", s.submittedBy())
        .append("imageDigest", s.imageDigest())
        .append("imageId", s.imageId())
        .append("imageBytes", s.imageBytes())
        .append("status", s.status().name())
        .append("attempt", s.attempt())
        .append("spec", toDocument(s.spec()))
        .append("asksCpus", s.spec().limits().cpus())
        .append("asksMemory", s.spec().limits().memoryBytes())
        .append("createdAt", Date.from(s.createdAt()))
        .append("countsAgainstQuota", true));
  }

  public Optional<Submission> find(String id) {
    return Optional.ofNullable(submissions.find(eq("_id", id)).first()).map(SubmissionRepository::toSubmission);
  }

  /** The team's submissions to a challenge, newest first. */
  /** Whether the team has submitted anything (accepted uploads, whatever became of them). */
  public boolean teamHasSubmitted(String teamId) {
    return submissions.find(eq("teamId", teamId)).limit(1).first() != null;
  }

  public List<Submission> ofTeam(String challenge, String teamId) {
    return map(submissions.find(and(eq("challenge", challenge), eq("teamId", teamId))).sort(descending("createdAt")));
  }

  /**
   * Every submission to a phase, streamed in batches of bounded size and without what boards never
   * read (logs, specs): one reply holding a whole phase fails above the driver's 48 MB. For the
   * one-off rebuild of a board only.
   */
  public void forEachOfPhase(String challenge, String phase, java.util.function.Consumer<Submission> each) {
    submissions.find(and(eq("challenge", challenge), eq("phase", phase)))
        .projection(com.mongodb.client.model.Projections.exclude("logTail", "spec")).batchSize(500)
        .forEach(d -> each.accept(toSubmission(d)));
  }

  /** Every submission to a phase of a challenge, oldest first. */
  public List<Submission> ofPhase(String challenge, String phase) {
    return map(submissions.find(and(eq("challenge", challenge), eq("phase", phase))).sort(ascending("createdAt")));
  }

  /** Marks a submission disqualified, with the organizers' reason; false when there is no such submission. */
  public boolean disqualify(String id, String reason) {
    return submissions.updateOne(eq("_id", id), set("disqualified", reason)).getMatchedCount() > 0;
  }

  /**
   * Queues a finished submission again under {@code spec} (an organizer's explicit re-run, e.g.
   * after fixing a scorer): SCORED or FAILED -> QUEUED, results cleared, attempts going on.
   */
  public boolean rerun(String id, EvaluationSpec spec) {
    return submissions.updateOne(and(eq("_id", id), in("status", List.of(SubmissionStatus.SCORED.name(),
            SubmissionStatus.FAILED.name()))),
        combine(set("status", SubmissionStatus.QUEUED.name()), set("spec", toDocument(spec)),
            set("asksCpus", spec.limits().cpus()), set("asksMemory", spec.limits().memoryBytes()),
            set("message", "Queued again by the organizers."), unset("scores"), unset("primaryPublic"),
            unset("outcome"), unset("finishedAt"), unset("logTail"), unset("finishedBy"), unset("problem"),
            unset("problemColumn"), unset("exitCode"), unset("runtime")))
        .getModifiedCount() > 0;
  }

  /** How many submissions to a phase are scored. */
  public long countScored(String challenge, String phase) {
    return submissions.countDocuments(and(eq("challenge", challenge), eq("phase", phase),
        eq("status", SubmissionStatus.SCORED.name())));
  }

  public boolean existsForImage(String challenge, String teamId, String imageDigest) {
    return submissions.find(and(eq("challenge", challenge), eq("teamId", teamId), eq("imageDigest", imageDigest)))
        .first() != null;
  }

  /** QUEUED -> RUNNING for the oldest queued submission that fits {@code free} (any, when null). */
  public Optional<Submission> lease(String worker, Capacity free, Instant now, Instant leaseUntil) {
    return lease(worker, free, null, now, leaseUntil);
  }

  /**
   * QUEUED -> RUNNING for the oldest queued submission to one of {@code challenges} (any, when
   * null) that fits {@code free} (any, when null).
   */
  public Optional<Submission> lease(String worker, Capacity free, List<String> challenges, Instant now,
      Instant leaseUntil) {
    Bson filter = eq("status", SubmissionStatus.QUEUED.name());
    if (challenges != null) {
      filter = and(filter, in("challenge", challenges));
    }
    if (free != null) {
      filter = and(filter, lte("asksCpus", free.cpus()), lte("asksMemory", free.memoryBytes()));
    }
    Document leased = submissions.findOneAndUpdate(filter,
        combine(set("status", SubmissionStatus.RUNNING.name()), set("worker", worker),
            set("leaseUntil", Date.from(leaseUntil)), set("startedAt", Date.from(now)), inc("attempt", 1)),
        new FindOneAndUpdateOptions().sort(ascending("createdAt", "_id")).returnDocument(ReturnDocument.AFTER));
    return Optional.ofNullable(leased).map(SubmissionRepository::toSubmission);
  }

  /** Extends a lease still held by {@code worker} at {@code attempt}. */
  public boolean extendLease(String id, String worker, int attempt, Instant leaseUntil) {
    return submissions.updateOne(held(id, worker, attempt), set("leaseUntil", Date.from(leaseUntil)))
        .getMatchedCount() > 0;
  }

  /**
   * Gives every lease that ran out before {@code now} a new term until {@code leaseUntil} (after
   * the queue could not be watched: their holders could not heartbeat either). Returns how many.
   */
  public long renewExpiredLeases(Instant now, Instant leaseUntil) {
    return submissions.updateMany(and(eq("status", SubmissionStatus.RUNNING.name()), lt("leaseUntil", Date.from(now))),
        set("leaseUntil", Date.from(leaseUntil))).getModifiedCount();
  }

  /** RUNNING -> SCORED, only for the lease holder. */
  public boolean markScored(String id, String worker, int attempt, Instant now, ScoreReport scores, String logTail,
      double runSeconds, String runtime) {
    Double primary = scores.publicPart().metrics().get(scores.primaryMetric()).value();
    return finish(id, worker, attempt, combine(set("status", SubmissionStatus.SCORED.name()),
        set("finishedAt", Date.from(now)), set("outcome", "SUCCEEDED"), set("message", null),
        set("scores", toDocument(scores)), set("primaryPublic", primary), set("logTail", logTail),
        set("runSeconds", runSeconds), set("countsAgainstQuota", true), unset("leaseUntil"), unset("problem"),
        unset("problemColumn"), unset("exitCode"), set("runtime", runtime)));
  }

  /**
   * RUNNING -> FAILED, only for the lease holder.
   *
   * @param problem       the failure's value-free category (a {@code ProblemKind} name), or null
   * @param problemColumn the contract column it concerns, or null
   * @param exitCode      the container's exit code, or null
   * @param runtime       the engine runtime that ran the container ({@code runsc}, {@code runc}), or null
   */
  public boolean markFailed(String id, String worker, int attempt, Instant now, String outcome, String message,
      boolean countsAgainstQuota, String logTail, double runSeconds, String problem, String problemColumn,
      Integer exitCode, String runtime) {
    return finish(id, worker, attempt, combine(set("status", SubmissionStatus.FAILED.name()),
        set("finishedAt", Date.from(now)), set("outcome", outcome), set("message", message),
        set("logTail", logTail), set("runSeconds", runSeconds), set("countsAgainstQuota", countsAgainstQuota),
        unset("leaseUntil"), set("problem", problem), set("problemColumn", problemColumn),
        set("exitCode", exitCode), set("runtime", runtime)));
  }

  /** RUNNING -> QUEUED after an evaluator error, only for the lease holder. */
  public boolean requeue(String id, String worker, int attempt, String message) {
    return finish(id, worker, attempt, combine(set("status", SubmissionStatus.QUEUED.name()),
        set("message", message), unset("worker"), unset("leaseUntil")));
  }

  /** Whether this worker and attempt already finished it (a repeated report). */
  public boolean finishedBy(String id, String worker, int attempt) {
    return submissions.find(and(eq("_id", id), eq("finishedBy.worker", worker), eq("finishedBy.attempt", attempt)))
        .first() != null;
  }

  /**
   * Expired leases: back to QUEUED while attempts remain, else FAILED (not the submission's
   * fault: it is the evaluators that kept failing). Returns how many moved.
   */
  public long expireLeases(Instant now, int maxAttempts, java.util.function.Consumer<String> failedForGood) {
    return putBack(lt("leaseUntil", Date.from(now)), now, maxAttempts,
        "The evaluator running it stopped answering; it was queued again.", failedForGood);
  }

  /**
   * Leases held by workers that are known dead (an earlier incarnation of an evaluator that just
   * started): put back at once, with the same rules as an expired lease. Each job is moved only if
   * it is still held by the worker and attempt seen, so a lease taken meanwhile is never touched.
   */
  public long handBack(java.util.function.Predicate<String> deadWorker, Instant now, int maxAttempts,
      java.util.function.Consumer<String> failedForGood) {
    long moved = 0;
    for (Document d : submissions.find(eq("status", SubmissionStatus.RUNNING.name()))
        .projection(new Document("worker", 1).append("attempt", 1))) {
      String worker = d.getString("worker");
      if (worker != null && deadWorker.test(worker)) {
        moved += putBack(and(eq("_id", d.getString("_id")), eq("worker", worker),
            eq("attempt", ((Number) d.get("attempt")).intValue())), now, maxAttempts,
            "The evaluator running it was restarted; it was queued again.", failedForGood);
      }
    }
    return moved;
  }

  /**
   * RUNNING jobs matching {@code which} whose worker is gone: back to QUEUED while attempts
   * remain, else FAILED as EVALUATOR_LOST, not counting against the team (each one failed here,
   * and only here, is passed to {@code failedForGood} to get its quota slot back).
   */
  private long putBack(Bson which, Instant now, int maxAttempts, String message,
      java.util.function.Consumer<String> failedForGood) {
    Bson requeue = and(moving(SubmissionStatus.RUNNING, SubmissionStatus.QUEUED), which, lt("attempt", maxAttempts));
    long requeued = submissions.updateMany(requeue,
        combine(set("status", SubmissionStatus.QUEUED.name()), unset("worker"), unset("leaseUntil"),
            set("message", message))).getModifiedCount();
    Bson fail = and(moving(SubmissionStatus.RUNNING, SubmissionStatus.FAILED), which, gte("attempt", maxAttempts));
    long failed = 0;
    // one by one, so each submission failed here (and only here) gets its quota slot back
    for (Document d : submissions.find(fail).projection(new Document("_id", 1))) {
      String id = d.getString("_id");
      boolean moved = submissions.updateOne(and(eq("_id", id), fail),
          combine(set("status", SubmissionStatus.FAILED.name()), unset("worker"), unset("leaseUntil"),
              set("finishedAt", Date.from(now)), set("outcome", "EVALUATOR_LOST"), set("countsAgainstQuota", false),
              set("message", "The platform could not evaluate this submission after " + maxAttempts
                  + " attempts (evaluators stopped answering); it does not count against your quota.")))
          .getModifiedCount() > 0;
      if (moved) {
        failed++;
        failedForGood.accept(id);
      }
    }
    return requeued + failed;
  }

  /** The filter of a guarded move {@code from -> to}, refused here if the table of states does not allow it. */
  private static Bson moving(SubmissionStatus from, SubmissionStatus to) {
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException("a submission cannot move from " + from + " to " + to);
    }
    return eq("status", from.name());
  }

  /** The quota slot a submission holds. */
  Optional<QuotaLedger.Slot> quotaSlotOf(String id) {
    Document d = submissions.find(eq("_id", id)).first();
    if (d == null || d.getString("quotaDay") == null) {
      return Optional.empty();
    }
    return Optional.of(new QuotaLedger.Slot(d.getString("challenge"), d.getString("phase"), d.getString("teamId"),
        d.getString("quotaDay")));
  }

  private boolean finish(String id, String worker, int attempt, Bson update) {
    return submissions.updateOne(held(id, worker, attempt),
        combine(update, set("finishedBy", new Document("worker", worker).append("attempt", attempt))))
        .getModifiedCount() > 0;
  }

  private static Bson held(String id, String worker, int attempt) {
    return and(eq("_id", id), eq("status", SubmissionStatus.RUNNING.name()), eq("worker", worker),
        eq("attempt", attempt));
  }

  private List<Submission> map(Iterable<Document> docs) {
    List<Submission> out = new ArrayList<>();
    docs.forEach(d -> out.add(toSubmission(d)));
    return out;
  }

  static Submission toSubmission(Document d) {
    return new Submission(
        d.getString("_id"),
        d.getString("challenge"),
        d.getString("phase"),
        d.getString("teamId"),
        d.getString("teamName"),
        d.getString("submittedBy"),
        d.getString("imageDigest"),
        d.getString("imageId"),
        ((Number) d.get("imageBytes")).longValue(),
        SubmissionStatus.valueOf(d.getString("status")),
        ((Number) d.get("attempt")).intValue(),
        d.getString("worker"),
        instant(d.getDate("leaseUntil")),
        fromDocument(d.get("spec", Document.class), EvaluationSpec.class),
        instant(d.getDate("createdAt")),
        instant(d.getDate("startedAt")),
        instant(d.getDate("finishedAt")),
        d.getString("outcome"),
        d.getString("message"),
        d.getBoolean("countsAgainstQuota", true),
        fromDocument(d.get("scores", Document.class), ScoreReport.class),
        d.getString("logTail"),
        d.get("runSeconds") == null ? null : ((Number) d.get("runSeconds")).doubleValue(),
        d.getString("disqualified"),
        d.getString("problem"),
        d.getString("problemColumn"),
        d.get("exitCode") == null ? null : ((Number) d.get("exitCode")).intValue(),
        d.getString("runtime"));
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }

  private static Document toDocument(Object value) {
    try {
      return Document.parse(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot map " + value.getClass().getSimpleName() + " to BSON", e);
    }
  }

  private static <T> T fromDocument(Document d, Class<T> type) {
    if (d == null) {
      return null;
    }
    try {
      return JSON.readValue(d.toJson(), type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored " + type.getSimpleName() + " cannot be read", e);
    }
  }
}
