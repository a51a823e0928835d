package org.palmares.platform.submission;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Sorts.ascending;
import static com.mongodb.client.model.Sorts.descending;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.platform.storage.SecondaryIndexes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submissions, stored by how they are read:
 * <ul>
 *   <li>{@code jobs}: one small document per <em>live</em> submission (queued or leased), with
 *   what a lease needs and the lease itself. Every queue verb (lease, heartbeat, report, expiry,
 *   hand-back) reads and writes here only, so its cost follows the queue, not the history. A
 *   lease is one atomic {@code findOneAndUpdate}; on a real MongoDB the index
 *   {@code {status, createdAt, _id}} serves both its filter's equality and its sort.</li>
 *   <li>{@code submissions}: the archive, one document per submission, whose {@code status},
 *   {@code worker} and {@code attempt} mirror the job's while it is live (written right after each
 *   move of the job; the job is the truth, and {@link #find} reads it).</li>
 *   <li>{@code submission_logs}: the bulky log tail, read only when one submission is shown.</li>
 * </ul>
 * Every state change is one atomic single-document update of the job whose filter is built from
 * {@link SubmissionStatus#guard} (the state it leaves) and, for a leased job, the worker and
 * attempt holding the lease (the fence). A finished job keeps its result until the result is
 * copied into the archive and the job removed ({@link #archiveFinished} completes that after a
 * crash), so a report is never lost between the two collections and never applied twice.
 */
public final class SubmissionRepository {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionRepository.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Field names shared by a job and its submission. */
  static final String ID = "_id";
  static final String STATUS = "status";
  static final String WORKER = "worker";
  static final String ATTEMPT = "attempt";
  static final String LEASE_UNTIL = "leaseUntil";
  static final String STARTED_AT = "startedAt";
  static final String CREATED_AT = "createdAt";
  static final String CHALLENGE = "challenge";
  static final String PHASE = "phase";
  static final String SPEC = "spec";
  static final String ASKS_CPUS = "asksCpus";
  static final String ASKS_MEMORY = "asksMemory";
  static final String ASKS_GPUS = "asksGpus";
  static final String IMAGE_ID = "imageId";
  static final String IMAGE_DIGEST = "imageDigest";
  static final String MESSAGE = "message";
  static final String LOG_TAIL = "logTail";
  static final String FINISHED_BY = "finishedBy";
  /** On a finished job: the fields its submission gets in the archive. */
  static final String RESULT = "result";
  /** On a job of a multi-site challenge: its site, and its submission (its key is {@code <submission>@<site>}). */
  static final String SITE = "site";
  static final String SUBMISSION = "submission";
  /** On a multi-site submission: its evaluation at each site ({@code sites.<name>.<field>}), and their version. */
  static final String SITES = "sites";
  static final String SITES_VERSION = "sitesVersion";
  /** On a multi-site submission: its quota slot was given back (every site failed on the platform's side). */
  static final String QUOTA_RETURNED = "quotaReturned";
  /** On a finished evaluation: whether its failure is the team's (then the submission counts against the quota). */
  static final String COUNTS = "countsAgainstQuota";

  static final String JOBS = "jobs";
  static final String SUBMISSIONS = "submissions";
  static final String LOGS = "submission_logs";

  private final MongoDatabase database;
  private final MongoCollection<Document> submissions;
  private final MongoCollection<Document> jobs;
  private final MongoCollection<Document> logs;
  /** The lease's order: by index on a MongoDB, by key on the embedded server (see {@link #lease}). */
  private final ResampleVectors resampleVectors;
  private final Bson queueOrder;

  public SubmissionRepository(MongoDatabase db) {
    this.database = db;
    this.resampleVectors = new ResampleVectors(db);
    this.submissions = db.getCollection(SUBMISSIONS);
    this.jobs = db.getCollection(JOBS);
    this.logs = db.getCollection(LOGS);
    SecondaryIndexes indexes = SecondaryIndexes.of(db);
    // the lease: equality on status and site (null for single-site challenges), then the sort (FIFO);
    // the expiry: status then leaseUntil range
    indexes.declare(jobs, Indexes.ascending(STATUS, SITE, CREATED_AT, ID));
    indexes.declare(jobs, Indexes.ascending(STATUS, LEASE_UNTIL));
    indexes.declare(submissions, Indexes.ascending(CHALLENGE, "teamId"));
    indexes.declare(submissions, Indexes.ascending(CHALLENGE, PHASE, CREATED_AT));
    queueOrder = indexes.kept() ? ascending(CREATED_AT, ID) : new Document("$natural", 1);
  }

  /** The scored submissions' resample vectors, kept out of their documents (rank statistics read them). */
  public ResampleVectors resampleVectors() {
    return resampleVectors;
  }

  /** The database (the quota ledger lives beside the submissions). */
  MongoDatabase database() {
    return database;
  }

  /**
   * Inserts a submission holding the quota slot of {@code quotaDay} (UTC date), then its job.
   * Returns whether the job was queued too: when it was not (the database went away between the
   * two writes), the submission is stored all the same and its quota hold, left unsettled, makes
   * the reconciliation queue it ({@link #ensureQueued}).
   */
  public boolean insert(Submission s, String quotaDay) {
    Document archived = new Document(ID, s.id())
        .append("quotaDay", quotaDay)
        .append(CHALLENGE, s.challenge())
        .append(PHASE, s.phase())
        .append("teamId", s.teamId())
        .append("teamName", s.teamName())
        .append("submittedBy", s.submittedBy())
        .append(IMAGE_DIGEST, s.imageDigest())
        .append(IMAGE_ID, s.imageId())
        .append("imageBytes", s.imageBytes())
        .append(STATUS, s.status().name())
        .append(ATTEMPT, s.attempt())
        .append(SPEC, toDocument(s.spec()))
        .append(ASKS_CPUS, s.spec().limits().cpus())
        .append(ASKS_MEMORY, s.spec().limits().memoryBytes())
        .append(MESSAGE, s.message())
        .append(CREATED_AT, Date.from(s.createdAt()))
        .append(COUNTS, true);
    if (s.multiSite()) {
      archived.append(SITES, sitesDocument(s.sites().keySet())).append(SITES_VERSION, 0);
    }
    submissions.insertOne(archived);
    if (s.status() != SubmissionStatus.QUEUED) {
      return true;
    }
    try {
      boolean queued = true;
      for (String site : sitesOf(s.sites().keySet())) { // one evaluation per site, each its own job
        queued &= insertJob(newJob(s.id(), site, s.challenge(), s.phase(), s.attempt(), s.createdAt(), s.imageId(),
            s.imageDigest(), s.spec()));
      }
      return queued;
    } catch (RuntimeException e) {
      LOG.warn("Submission {} stored but not queued yet ({}); the quota reconciliation queues it", s.id(),
          e.toString());
      return false;
    }
  }

  /** The per-site part of a new multi-site submission: each site's evaluation queued. */
  private static Document sitesDocument(java.util.Collection<String> sites) {
    Document d = new Document();
    for (String site : sites) {
      d.append(site, new Document(STATUS, EvaluationStatus.QUEUED.name()).append(ATTEMPT, 0));
    }
    return d;
  }

  /** The sites of a submission's jobs: its sites, or the one null site of a single-site challenge. */
  private static List<String> sitesOf(java.util.Collection<String> sites) {
    if (sites.isEmpty()) {
      List<String> single = new ArrayList<>();
      single.add(null);
      return single;
    }
    return List.copyOf(sites);
  }

  /**
   * The key of a submission's job at {@code site}: the submission's id for a single-site challenge
   * (as before sites existed), {@code <id>@<site>} for a multi-site one.
   */
  static String jobKey(String submissionId, String site) {
    return site == null ? submissionId : submissionId + "@" + site;
  }

  /** A field of an evaluation in the archive: the submission's own (single-site), or under {@code sites.<site>}. */
  static String at(String site, String field) {
    return site == null ? field : SITES + "." + site + "." + field;
  }

  private static Document newJob(String id, String site, String challenge, String phase, int attempt,
      Instant createdAt, String imageId, String imageDigest, EvaluationSpec spec) {
    Document job = new Document(ID, jobKey(id, site));
    if (site != null) {
      job.append(SUBMISSION, id).append(SITE, site);
    }
    return job
        .append(STATUS, EvaluationStatus.QUEUED.name())
        .append(CHALLENGE, challenge)
        .append(PHASE, phase)
        .append(ATTEMPT, attempt)
        .append(CREATED_AT, Date.from(createdAt))
        .append(IMAGE_ID, imageId)
        .append(IMAGE_DIGEST, imageDigest)
        .append(SPEC, toDocument(spec))
        .append(ASKS_CPUS, spec.limits().cpus())
        .append(ASKS_MEMORY, spec.limits().memoryBytes())
        .append(ASKS_GPUS, spec.gpus().count());
  }

  /** Inserts a job; false when the submission already has one (it is live). */
  private boolean insertJob(Document job) {
    try {
      jobs.insertOne(job);
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Queues a stored submission that says QUEUED but has no job (its upload's process stopped, or
   * the database went away, between the two writes of {@link #insert}). Safe to repeat; run by
   * the quota reconciliation for each upload whose hold was not settled.
   */
  boolean ensureQueued(String id) {
    Document s = submissions.find(eq(ID, id)).first();
    if (s == null || !SubmissionStatus.QUEUED.name().equals(s.getString(STATUS))) {
      return false;
    }
    // a job that finished was archived before it was removed, so the status would not say QUEUED
    Document sites = s.get(SITES, Document.class);
    boolean queued = false;
    for (String site : sitesOf(sites == null ? List.of() : sites.keySet())) {
      if (site != null && !EvaluationStatus.QUEUED.name().equals(sites.get(site, Document.class).getString(STATUS))) {
        continue;
      }
      queued |= insertJob(newJob(id, site, s.getString(CHALLENGE), s.getString(PHASE),
          site == null ? number(s, ATTEMPT) : number(sites.get(site, Document.class), ATTEMPT),
          s.getDate(CREATED_AT).toInstant(), s.getString(IMAGE_ID), s.getString(IMAGE_DIGEST),
          fromDocument(s.get(SPEC, Document.class), EvaluationSpec.class)));
    }
    if (queued) {
      LOG.info("Submission {} was stored without its job; queued now", id);
    }
    return queued;
  }

  /** A submission as it is now: the archive's document with its live job's state, and its log tail. */
  public Optional<Submission> find(String id) {
    Document d = submissions.find(eq(ID, id)).first();
    if (d == null) {
      return Optional.empty();
    }
    Document sites = d.get(SITES, Document.class);
    if (sites == null) {
      Document job = jobs.find(eq(ID, id)).first();
      if (job != null) {
        withJob(d, job);
      }
    } else {
      // the live jobs of its sites, by key (one read served by the _id index)
      for (Document job : jobs.find(in(ID, sites.keySet().stream().map(site -> jobKey(id, site)).toList()))) {
        withJob(sites.get(job.getString(SITE), Document.class), job);
      }
    }
    Document log = logs.find(eq(ID, id)).first();
    if (log != null) {
      d.put(LOG_TAIL, log.getString(LOG_TAIL));
    }
    return Optional.of(toSubmission(d));
  }

  /** The job's state over the archive's mirror of it (and, for a job being archived, its result). */
  private static void withJob(Document submission, Document job) {
    boolean multiSite = job.containsKey(SITE);
    for (String field : List.of(STATUS, WORKER, ATTEMPT, LEASE_UNTIL, STARTED_AT, SPEC)) {
      if (!(multiSite && field.equals(SPEC))) {
        submission.put(field, job.get(field));
      }
    }

    if (job.containsKey(MESSAGE)) { // a job queued with the submission keeps its message there (e.g. "waiting for a GPU site")
      submission.put(MESSAGE, job.get(MESSAGE));
    }
    Document result = job.get(RESULT, Document.class);
    if (result != null) {
      submission.putAll(result);
    }
    if (!multiSite) { // a single-site submission's status is its one evaluation's
      submission.put(STATUS, EvaluationStatus.valueOf(submission.getString(STATUS)).asSubmissionStatus().name());
    }
  }

  /** The live job of a single-site submission, if it has one. */
  public Optional<LiveJob> liveJob(String id) {
    return liveJob(id, null);
  }

  /** The live job of a submission at {@code site} (null: a single-site challenge's), if it has one. */
  public Optional<LiveJob> liveJob(String id, String site) {
    return Optional.ofNullable(jobs.find(eq(ID, jobKey(id, site))).first()).map(SubmissionRepository::toJob);
  }

  /** Whether the team has submitted anything (accepted uploads, whatever became of them). */
  public boolean teamHasSubmitted(String teamId) {
    return submissions.find(eq("teamId", teamId)).limit(1).first() != null;
  }

  /** The team's submissions to a challenge, newest first, with their log tails. */
  public List<Submission> ofTeam(String challenge, String teamId) {
    return withLogs(submissions.find(and(eq(CHALLENGE, challenge), eq("teamId", teamId)))
        .sort(descending(CREATED_AT)));
  }

  /**
   * Every submission to a phase, streamed in batches of bounded size and without what boards never
   * read (logs, specs): one reply holding a whole phase fails above the driver's 48 MB. For the
   * one-off rebuild of a board only.
   */
  public void forEachOfPhase(String challenge, String phase, java.util.function.Consumer<Submission> each) {
    submissions.find(and(eq(CHALLENGE, challenge), eq(PHASE, phase)))
        .projection(Projections.exclude(LOG_TAIL, SPEC)).batchSize(500)
        .forEach(d -> each.accept(toSubmission(d)));
  }

  /** Every submission to a phase of a challenge, oldest first, with their log tails. */
  public List<Submission> ofPhase(String challenge, String phase) {
    return withLogs(submissions.find(and(eq(CHALLENGE, challenge), eq(PHASE, phase))).sort(ascending(CREATED_AT)));
  }

  private List<Submission> withLogs(Iterable<Document> found) {
    List<Document> docs = new ArrayList<>();
    found.forEach(docs::add);
    if (docs.isEmpty()) {
      return List.of();
    }
    Map<String, String> tails = new HashMap<>();
    logs.find(in(ID, docs.stream().map(d -> d.getString(ID)).toList()))
        .forEach(l -> tails.put(l.getString(ID), l.getString(LOG_TAIL)));
    List<Submission> out = new ArrayList<>(docs.size());
    for (Document d : docs) {
      String tail = tails.get(d.getString(ID));
      if (tail != null) {
        d.put(LOG_TAIL, tail);
      }
      out.add(toSubmission(d));
    }
    return out;
  }

  /** Marks a submission disqualified, with the organizers' reason; false when there is no such submission. */
  public boolean disqualify(String id, String reason) {
    return submissions.updateOne(eq(ID, id), set("disqualified", reason)).getMatchedCount() > 0;
  }

  /**
   * Queues a finished submission again under {@code spec} (an organizer's explicit re-run, e.g.
   * after fixing a scorer): SCORED or FAILED -> QUEUED, results cleared, attempts going on. The
   * job is written first: a stop between the two writes leaves a job that runs and whose result
   * replaces the old one, which is what the organizer asked for.
   */
  public boolean rerun(String id, EvaluationSpec spec) {
    Document s = submissions.find(eq(ID, id)).first();
    if (s == null || !SubmissionStatus.valueOf(s.getString(STATUS)).terminal()) {
      return false;
    }
    if (s.get(SITES, Document.class) != null) {
      return rerunAtSites(s, spec);
    }
    if (!insertJob(newJob(id, null, s.getString(CHALLENGE), s.getString(PHASE), number(s, ATTEMPT),
        s.getDate(CREATED_AT).toInstant(), s.getString(IMAGE_ID), s.getString(IMAGE_DIGEST), spec)
        .append(MESSAGE, "Queued again by the organizers."))) {
      return false; // live already
    }
    boolean moved = submissions.updateOne(and(eq(ID, id), in(STATUS,
            SubmissionStatus.SCORED.guard(SubmissionStatus.QUEUED).name(),
            SubmissionStatus.FAILED.guard(SubmissionStatus.QUEUED).name())),
        combine(set(STATUS, SubmissionStatus.QUEUED.name()), set(SPEC, toDocument(spec)),
            set(ASKS_CPUS, spec.limits().cpus()), set(ASKS_MEMORY, spec.limits().memoryBytes()),
            set(MESSAGE, "Queued again by the organizers."), unset("scores"), unset("primaryPublic"),
            unset("outcome"), unset("finishedAt"), unset(FINISHED_BY), unset("problem"),
            unset("problemColumn"), unset("exitCode"), unset("runtime")))
        .getModifiedCount() > 0;
    if (!moved) {
      // someone else moved it meanwhile: take our job back while nobody leased it
      jobs.deleteOne(and(eq(ID, id), eq(STATUS, SubmissionStatus.QUEUED.name())));
      return false;
    }
    logs.deleteOne(eq(ID, id));
    return true;
  }

  /**
   * A multi-site submission queued again at every site (each finished there: its status is
   * derived from theirs). Each site's evaluation goes back to QUEUED, its attempts going on.
   */
  private boolean rerunAtSites(Document s, EvaluationSpec spec) {
    String id = s.getString(ID);
    Document sites = s.get(SITES, Document.class);
    for (String site : sites.keySet()) {
      if (!EvaluationStatus.valueOf(sites.get(site, Document.class).getString(STATUS)).terminal()) {
        return false; // still waiting at a site (for its operator's release)
      }
    }
    for (String site : sites.keySet()) {
      Document was = sites.get(site, Document.class);
      EvaluationStatus.valueOf(was.getString(STATUS)).guard(EvaluationStatus.QUEUED);
      insertJob(newJob(id, site, s.getString(CHALLENGE), s.getString(PHASE), number(was, ATTEMPT),
          s.getDate(CREATED_AT).toInstant(), s.getString(IMAGE_ID), s.getString(IMAGE_DIGEST), spec)
          .append(MESSAGE, "Queued again by the organizers."));
      logs.deleteOne(eq(ID, jobKey(id, site)));
    }
    List<Bson> updates = new ArrayList<>();
    for (String site : sites.keySet()) {
      updates.add(set(SITES + "." + site, new Document(STATUS, EvaluationStatus.QUEUED.name())
          .append(ATTEMPT, number(sites.get(site, Document.class), ATTEMPT))
          .append(MESSAGE, "Queued again by the organizers.")));
    }
    updates.add(set(STATUS, SubmissionStatus.QUEUED.name()));
    updates.add(set(SPEC, toDocument(spec)));
    updates.add(set(MESSAGE, "Queued again by the organizers."));
    updates.add(unset("finishedAt"));
    // a quota slot given back stays given back (QUOTA_RETURNED is kept): a re-run is the organizers' doing
    updates.add(inc(SITES_VERSION, 1));
    submissions.updateOne(eq(ID, id), combine(updates));
    return true;
  }

  /** How many submissions to a phase are scored. */
  public long countScored(String challenge, String phase) {
    return submissions.countDocuments(and(eq(CHALLENGE, challenge), eq(PHASE, phase),
        eq(STATUS, SubmissionStatus.SCORED.name())));
  }

  public boolean existsForImage(String challenge, String teamId, String imageDigest) {
    return submissions.find(and(eq(CHALLENGE, challenge), eq("teamId", teamId), eq(IMAGE_DIGEST, imageDigest)))
        .first() != null;
  }

  /** QUEUED -> RUNNING for the oldest queued job of a single-site challenge that fits {@code free} (any, when null). */
  public Optional<LiveJob> lease(String worker, Capacity free, Instant now, Instant leaseUntil) {
    return lease(worker, free, null, null, now, leaseUntil);
  }

  /** QUEUED -> RUNNING for the oldest queued job of a single-site challenge among {@code challenges}. */
  public Optional<LiveJob> lease(String worker, Capacity free, List<String> challenges, Instant now,
      Instant leaseUntil) {
    return lease(worker, free, challenges, null, now, leaseUntil);
  }

  /**
   * QUEUED -> RUNNING for the oldest queued job at {@code site} (null: of a single-site challenge)
   * of one of {@code challenges} (any, when null) that fits {@code free} (any, when null): one
   * atomic find-and-modify on the live jobs. On a MongoDB it is sorted by {@code createdAt, _id},
   * served by the index {@code {status, site, createdAt, _id}} (equality on both, then the sort).
   * The embedded server uses no secondary index and sorts by reading every match; there the order
   * asked is its natural one, the order of the ids, which {@link SubmissionId} makes the order of
   * acceptance (a site's key only appends {@code @site} to it): it then reads the jobs ahead of the
   * first one that fits, and stops (ids made before this version, and test ids, are not
   * time-ordered: such jobs are leased in id order there).
   */
  public Optional<LiveJob> lease(String worker, Capacity free, List<String> challenges, String site, Instant now,
      Instant leaseUntil) {
    // eq(site, null) also matches the jobs that have no site field: those of single-site challenges
    Bson filter = and(leaving(EvaluationStatus.QUEUED, EvaluationStatus.RUNNING), eq(SITE, site));
    if (challenges != null) {
      filter = and(filter, in(CHALLENGE, challenges));
    }
    if (free != null) {
      filter = and(filter, lte(ASKS_CPUS, free.cpus()), lte(ASKS_MEMORY, free.memoryBytes()));
    }
    filter = and(filter, capabilityFilter(free));
    Document leased = jobs.findOneAndUpdate(filter,
        combine(set(STATUS, EvaluationStatus.RUNNING.name()), set(WORKER, worker),
            set(LEASE_UNTIL, Date.from(leaseUntil)), set(STARTED_AT, Date.from(now)), inc(ATTEMPT, 1),
            set(MESSAGE, null)), // a waiting note ("waiting for a GPU site") ends with the wait
        new FindOneAndUpdateOptions().sort(queueOrder).returnDocument(ReturnDocument.AFTER));
    if (leased == null) {
      return Optional.empty();
    }
    LiveJob job = toJob(leased);
    Map<String, Object> sets = new java.util.LinkedHashMap<>();
    sets.put(STATUS, EvaluationStatus.RUNNING.name());
    sets.put(WORKER, worker);
    sets.put(ATTEMPT, job.attempt());
    sets.put(STARTED_AT, Date.from(now));
    mirror(job.id(), job.site(), sets, List.of());
    return Optional.of(job);
  }

  /**
   * Writes a live job's new state into its archived submission (under {@code sites.<site>} for a
   * multi-site one, whose own status is then derived again), for the lists that read the archive
   * only. Best effort: the job is the truth, and the next move or the result fixes it.
   */
  private void mirror(String id, String site, Map<String, Object> sets, List<String> unsets) {
    try {
      List<Bson> updates = new ArrayList<>();
      sets.forEach((field, value) -> updates.add(set(at(site, field),
          site == null && field.equals(STATUS) ? EvaluationStatus.valueOf((String) value).asSubmissionStatus().name()
              : value)));
      unsets.forEach(field -> updates.add(unset(at(site, field))));
      if (site != null) {
        updates.add(inc(SITES_VERSION, 1));
      }
      submissions.updateOne(eq(ID, id), combine(updates));
      if (site != null) {
        deriveOverall(id);
      }
    } catch (RuntimeException e) {
      LOG.debug("The state of {} was not mirrored into the archive yet: {}", id, e.toString());
    }
  }

  /**
   * Stores a multi-site submission's own status (and whether it counts against the quota) as
   * derived from its sites' ({@link SiteEvaluation#overall}), for the queries that read the
   * archive. Each site's write bumps {@code sitesVersion}; this write is conditional on the
   * version it read, so two sites finishing together never leave the status of only one of them.
   */
  private void deriveOverall(String id) {
    for (int tries = 0; tries < 20; tries++) {
      Document d = submissions.find(eq(ID, id)).projection(Projections.include(SITES, SITES_VERSION)).first();
      if (d == null || d.get(SITES, Document.class) == null) {
        return;
      }
      Document sites = d.get(SITES, Document.class);
      Map<String, SiteEvaluation> evaluations = siteEvaluations(sites);
      SubmissionStatus overall = SiteEvaluation.overall(evaluations.values());
      Instant finished = overall.terminal() ? evaluations.values().stream().map(SiteEvaluation::finishedAt)
          .filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null) : null;
      Object version = d.get(SITES_VERSION);
      Bson sameVersion = version == null ? com.mongodb.client.model.Filters.exists(SITES_VERSION, false)
          : eq(SITES_VERSION, version);
      if (submissions.updateOne(and(eq(ID, id), sameVersion), combine(set(STATUS, overall.name()),
          set(COUNTS, countsAgainstQuota(sites)), set("finishedAt", finished == null ? null : Date.from(finished))))
          .getMatchedCount() > 0) {
        return;
      }
    }
    LOG.warn("The status of {} could not be derived from its sites' (too many simultaneous changes)", id);
  }

  /**
   * Whether a multi-site submission counts against its team's quota: unless every site finished,
   * none scored it, and no site's failure was the submission's own (the platform's or the sites'
   * doing: lost evaluators, refusals, withheld results).
   */
  static boolean countsAgainstQuota(Document sites) {
    boolean allFinished = true;
    for (String site : sites.keySet()) {
      Document e = sites.get(site, Document.class);
      EvaluationStatus status = EvaluationStatus.valueOf(e.getString(STATUS));
      if (status == EvaluationStatus.SCORED || (status == EvaluationStatus.FAILED && e.getBoolean(COUNTS, true))) {
        return true;
      }
      allFinished &= status.terminal();
    }
    return !allFinished;
  }

  /**
   * Marks a multi-site submission's quota slot as given back, once: true for the one caller that
   * made the mark (it gives the slot back), false if it was made before or the submission counts.
   */
  boolean markQuotaReturned(String id) {
    Document d = submissions.find(eq(ID, id)).first();
    if (d == null || d.get(SITES, Document.class) == null || countsAgainstQuota(d.get(SITES, Document.class))) {
      return false;
    }
    return submissions.updateOne(and(eq(ID, id), com.mongodb.client.model.Filters.ne(QUOTA_RETURNED, true)),
        set(QUOTA_RETURNED, true)).getModifiedCount() > 0;
  }

  /**
   * The jobs an evaluator offering {@code free} can run whatever its free CPU and memory: those
   * asking for no more GPUs than it offers (none when it says nothing, as an older evaluator).
   * A submission stored before GPUs existed asks for none.
   */
  static Bson capabilityFilter(Capacity free) {
    int gpus = free == null ? 0 : free.gpus();
    return com.mongodb.client.model.Filters.or(com.mongodb.client.model.Filters.exists(ASKS_GPUS, false),
        lte(ASKS_GPUS, gpus));
  }

  /** Extends a lease still held by {@code worker} at {@code attempt} (single-site challenge). */
  public boolean extendLease(String id, String worker, int attempt, Instant leaseUntil) {
    return extendLease(id, null, worker, attempt, leaseUntil);
  }

  /** Extends a lease at {@code site} still held by {@code worker} at {@code attempt}. */
  public boolean extendLease(String id, String site, String worker, int attempt, Instant leaseUntil) {
    return jobs.updateOne(held(jobKey(id, site), worker, attempt), set(LEASE_UNTIL, Date.from(leaseUntil)))
        .getMatchedCount() > 0;
  }

  /**
   * Gives every lease that ran out before {@code now} a new term until {@code leaseUntil} (after
   * the queue could not be watched: their holders could not heartbeat either). Returns how many.
   */
  public long renewExpiredLeases(Instant now, Instant leaseUntil) {
    return jobs.updateMany(and(eq(STATUS, EvaluationStatus.RUNNING.name()), lt(LEASE_UNTIL, Date.from(now))),
        set(LEASE_UNTIL, Date.from(leaseUntil))).getModifiedCount();
  }

  /** RUNNING -> SCORED, only for the lease holder (single-site challenge). */
  public boolean markScored(String id, String worker, int attempt, Instant now, ScoreReport scores, String logTail,
      double runSeconds, String runtime) {
    return markScored(id, null, worker, attempt, now, scores, logTail, runSeconds, runtime, null);
  }

  /**
   * RUNNING -> SCORED at {@code site} (null: single-site), only for the lease holder.
   *
   * @param record the signed result record the site sent, or null
   */
  public boolean markScored(String id, String site, String worker, int attempt, Instant now, ScoreReport scores,
      String logTail, double runSeconds, String runtime, String record) {
    return scored(id, site, held(jobKey(id, site), worker, attempt), EvaluationStatus.RUNNING, worker, attempt, now,
        scores, logTail, runSeconds, runtime, record);
  }

  private boolean scored(String id, String site, Bson fence, EvaluationStatus from, String worker, int attempt,
      Instant now, ScoreReport scores, String logTail, double runSeconds, String runtime, String record) {
    Double primary = scores.publicPart().metrics().get(scores.primaryMetric()).value();
    Document result = new Document("finishedAt", Date.from(now))
        .append("outcome", "SUCCEEDED").append(MESSAGE, null).append("scores", toDocument(scores.withoutResampleValues()))
        .append("runSeconds", runSeconds).append(COUNTS, true)
        .append("problem", null).append("problemColumn", null).append("exitCode", null).append("runtime", runtime);
    if (site == null) {
      result.append("primaryPublic", primary);
    } else {
      result.append("record", record);
    }
    boolean scored = finish(id, site, fence, from, EvaluationStatus.SCORED, worker, attempt, result, logTail);
    if (scored) {
      // After the fenced update, so a stale attempt's vectors never land; lost only if we die between the two.
      resampleVectors.put(jobKey(id, site), scores);
    }
    return scored;
  }

  /**
   * RUNNING -> FAILED, only for the lease holder (single-site challenge).
   *
   * @param problem       the failure's value-free category (a {@code ProblemKind} name), or null
   * @param problemColumn the contract column it concerns, or null
   * @param exitCode      the container's exit code, or null
   * @param runtime       the engine runtime that ran the container ({@code runsc}, {@code runc}), or null
   */
  public boolean markFailed(String id, String worker, int attempt, Instant now, String outcome, String message,
      boolean countsAgainstQuota, String logTail, double runSeconds, String problem, String problemColumn,
      Integer exitCode, String runtime) {
    return markFinished(id, null, worker, attempt, EvaluationStatus.FAILED, now, outcome, message, countsAgainstQuota,
        logTail, runSeconds, problem, problemColumn, exitCode, runtime);
  }

  /** RUNNING -> {@code to} (FAILED or REFUSED) at {@code site} (null: single-site), only for the lease holder. */
  public boolean markFinished(String id, String site, String worker, int attempt, EvaluationStatus to, Instant now,
      String outcome, String message, boolean countsAgainstQuota, String logTail, double runSeconds, String problem,
      String problemColumn, Integer exitCode, String runtime) {
    return finish(id, site, held(jobKey(id, site), worker, attempt), EvaluationStatus.RUNNING, to, worker, attempt,
        new Document("finishedAt", Date.from(now))
            .append("outcome", outcome).append(MESSAGE, message).append("runSeconds", runSeconds)
            .append(COUNTS, countsAgainstQuota).append("problem", problem)
            .append("problemColumn", problemColumn).append("exitCode", exitCode).append("runtime", runtime), logTail);
  }

  /**
   * RUNNING -> AWAITING_RELEASE at {@code site}, only for the lease holder: the run was scored at
   * the site, whose operator must approve the result before it leaves. The job leaves the queue
   * (no lease, nothing leases or expires it) but stays in {@code jobs}, small, until the release.
   */
  public boolean awaitRelease(String id, String site, String worker, int attempt, Instant now, String message,
      double runSeconds, String runtime) {
    boolean moved = jobs.updateOne(and(held(jobKey(id, site), worker, attempt),
            leaving(EvaluationStatus.RUNNING, EvaluationStatus.AWAITING_RELEASE)),
        combine(set(STATUS, EvaluationStatus.AWAITING_RELEASE.name()), set(MESSAGE, message),
            set("awaitingSince", Date.from(now)), set("runSeconds", runSeconds), set("runtime", runtime),
            unset(LEASE_UNTIL))).getModifiedCount() > 0;
    if (moved) {
      Map<String, Object> sets = new java.util.LinkedHashMap<>();
      sets.put(STATUS, EvaluationStatus.AWAITING_RELEASE.name());
      sets.put(MESSAGE, message);
      sets.put("outcome", org.palmares.evaluator.protocol.JobReport.AWAITING_RELEASE);
      mirror(id, site, sets, List.of(LEASE_UNTIL));
    }
    return moved;
  }

  /** The job of {@code id} at {@code site} while it waits for its site's release at {@code attempt}, if it does. */
  public Optional<LiveJob> awaitingRelease(String id, String site, int attempt) {
    return Optional.ofNullable(jobs.find(and(eq(ID, jobKey(id, site)),
        eq(STATUS, EvaluationStatus.AWAITING_RELEASE.name()), eq(ATTEMPT, attempt))).first())
        .map(SubmissionRepository::toJob);
  }

  /** AWAITING_RELEASE -> SCORED: the site's operator approved the scored result of {@code job}'s attempt. */
  public boolean release(LiveJob job, Instant now, ScoreReport scores, String logTail, String record) {
    return scored(job.id(), job.site(), waiting(job), EvaluationStatus.AWAITING_RELEASE, job.worker(),
        job.attempt(), now, scores, logTail, job.runSeconds(), job.runtime(), record);
  }

  /** AWAITING_RELEASE -> WITHHELD: the site's operator rejected the result; it never leaves the site. */
  public boolean withhold(LiveJob job, Instant now, String message) {
    return finish(job.id(), job.site(), waiting(job), EvaluationStatus.AWAITING_RELEASE, EvaluationStatus.WITHHELD,
        job.worker(), job.attempt(), new Document("finishedAt", Date.from(now)).append("outcome", "WITHHELD")
            .append(MESSAGE, message).append(COUNTS, false).append("runSeconds", job.runSeconds())
            .append("problem", null).append("runtime", job.runtime()), null);
  }

  private static Bson waiting(LiveJob job) {
    return and(eq(ID, jobKey(job.id(), job.site())), eq(WORKER, job.worker()), eq(ATTEMPT, job.attempt()));
  }

  /** RUNNING -> QUEUED after an evaluator error, only for the lease holder (single-site challenge). */
  public boolean requeue(String id, String worker, int attempt, String message) {
    return requeue(id, null, worker, attempt, message);
  }

  /** RUNNING -> QUEUED at {@code site} after an evaluator error, only for the lease holder. */
  public boolean requeue(String id, String site, String worker, int attempt, String message) {
    return putBackInQueue(held(jobKey(id, site), worker, attempt), id, site, message);
  }

  private boolean putBackInQueue(Bson fence, String id, String site, String message) {
    boolean moved = jobs.updateOne(and(fence, leaving(EvaluationStatus.RUNNING, EvaluationStatus.QUEUED)),
        combine(set(STATUS, EvaluationStatus.QUEUED.name()), set(MESSAGE, message), unset(WORKER),
            unset(LEASE_UNTIL))).getModifiedCount() > 0;
    if (moved) {
      Map<String, Object> sets = new java.util.LinkedHashMap<>();
      sets.put(STATUS, EvaluationStatus.QUEUED.name());
      sets.put(MESSAGE, message);
      mirror(id, site, sets, List.of(WORKER, LEASE_UNTIL));
    }
    return moved;
  }

  /** Whether this worker and attempt already finished it (a repeated report; single-site challenge). */
  public boolean finishedBy(String id, String worker, int attempt) {
    return finishedBy(id, null, worker, attempt);
  }

  /** Whether this worker and attempt already finished the evaluation at {@code site} (a repeated report). */
  public boolean finishedBy(String id, String site, String worker, int attempt) {
    String by = at(site, FINISHED_BY);
    Bson archived = and(eq(ID, id), eq(by + ".worker", worker), eq(by + ".attempt", attempt));
    Bson onJob = and(eq(ID, jobKey(id, site)), eq(FINISHED_BY + ".worker", worker),
        eq(FINISHED_BY + ".attempt", attempt));
    return jobs.find(onJob).first() != null || submissions.find(archived).first() != null;
  }

  /** Whether the evaluation at {@code site} awaits release after this attempt (a repeated AWAITING_RELEASE report). */
  public boolean awaitsRelease(String id, String site, String worker, int attempt) {
    return jobs.find(and(eq(ID, jobKey(id, site)), eq(STATUS, EvaluationStatus.AWAITING_RELEASE.name()),
        eq(WORKER, worker), eq(ATTEMPT, attempt))).first() != null;
  }

  /**
   * Expired leases: back to QUEUED or FAILED as {@code retry} says (not the submission's fault: it
   * is the evaluators that kept failing). Reads live jobs only; each job is its site's alone, so a
   * site that lost its evaluator re-runs there only. Returns how many moved.
   */
  public long expireLeases(Instant now, RetryPolicy retry, Consumer<LiveJob> failedForGood) {
    return putBack(jobs.find(and(eq(STATUS, EvaluationStatus.RUNNING.name()), lt(LEASE_UNTIL, Date.from(now)))),
        worker -> true, now, retry, "The evaluator running it stopped answering; it was queued again.",
        failedForGood);
  }

  /**
   * Leases held by workers that are known dead (an earlier incarnation of an evaluator that just
   * started): put back at once, with the same rules as an expired lease. Each job is moved only if
   * it is still held by the worker and attempt seen, so a lease taken meanwhile is never touched.
   */
  public long handBack(Predicate<String> deadWorker, Instant now, RetryPolicy retry, Consumer<LiveJob> failedForGood) {
    return putBack(jobs.find(eq(STATUS, EvaluationStatus.RUNNING.name())), deadWorker, now, retry,
        "The evaluator running it was restarted; it was queued again.", failedForGood);
  }

  /**
   * The leased jobs among {@code running} whose worker is gone: back to QUEUED or FAILED as
   * EVALUATOR_LOST as {@code retry} says, not counting against the team (each one failed here,
   * and only here, is passed to {@code failedForGood}, to give its quota slot back).
   */
  private long putBack(Iterable<Document> running, Predicate<String> gone, Instant now, RetryPolicy retry,
      String message, Consumer<LiveJob> failedForGood) {
    // read first, then moved one by one, each fenced by the worker and attempt seen
    List<LiveJob> seen = new ArrayList<>();
    running.forEach(d -> seen.add(toJob(d)));
    long moved = 0;
    for (LiveJob job : seen) {
      if (job.worker() == null || !gone.test(job.worker())) {
        continue;
      }
      if (retry.afterLost(job.attempt()) == RetryPolicy.Decision.REQUEUE) {
        if (putBackInQueue(held(job.key(), job.worker(), job.attempt()), job.id(), job.site(), message)) {
          moved++;
        }
      } else if (markFinished(job.id(), job.site(), job.worker(), job.attempt(), EvaluationStatus.FAILED, now,
          "EVALUATOR_LOST", "The platform could not evaluate this submission" + (job.site() == null ? ""
              : " at site " + job.site()) + " after " + retry.maxAttempts()
              + " attempts (evaluators stopped answering); it does not count against your quota.", false, null, 0,
          null, null, null, null)) {
        moved++;
        failedForGood.accept(job);
      }
    }
    return moved;
  }

  /** The quota slot a submission holds. */
  Optional<QuotaLedger.Slot> quotaSlotOf(String id) {
    Document d = submissions.find(eq(ID, id)).first();
    if (d == null || d.getString("quotaDay") == null) {
      return Optional.empty();
    }
    return Optional.of(new QuotaLedger.Slot(d.getString(CHALLENGE), d.getString(PHASE), d.getString("teamId"),
        d.getString("quotaDay")));
  }

  /**
   * {@code from} -> {@code to} for the evaluation at {@code site} under {@code fence} (the lease
   * holder, or the attempt awaiting release): the result is recorded on the job first (the fenced,
   * atomic step), then copied into the archive, then the job is removed.
   */
  private boolean finish(String id, String site, Bson fence, EvaluationStatus from, EvaluationStatus to,
      String worker, int attempt, Document result, String logTail) {
    Document by = new Document("worker", worker).append("attempt", attempt);
    result.append(STATUS, to.name()).append(FINISHED_BY, by);
    if (site != null) {
      result.append(ATTEMPT, attempt);
    }
    boolean finished = jobs.updateOne(and(fence, leaving(from, to)),
        combine(set(STATUS, to.name()), set(RESULT, result), set(LOG_TAIL, logTail), set(FINISHED_BY, by),
            unset(LEASE_UNTIL))).getModifiedCount() > 0;
    if (finished) {
      try {
        archive(id, site, result, logTail);
      } catch (RuntimeException e) {
        LOG.warn("The result of {} is recorded but not archived yet ({}); the next lease check archives it",
            jobKey(id, site), e.toString());
      }
    }
    return finished;
  }

  /**
   * Copies a finished job's result into the archive (under {@code sites.<site>} for a multi-site
   * submission, whose own status is then derived again), then removes the job. Safe to repeat.
   */
  private void archive(String id, String site, Document result, String logTail) {
    String key = jobKey(id, site);
    if (logTail != null) {
      logs.updateOne(eq(ID, key), set(LOG_TAIL, logTail), new UpdateOptions().upsert(true));
    } else {
      logs.deleteOne(eq(ID, key));
    }
    List<Bson> sets = new ArrayList<>();
    result.forEach((field, value) -> sets.add(set(at(site, field), site == null && field.equals(STATUS)
        ? EvaluationStatus.valueOf((String) value).asSubmissionStatus().name() : value)));
    sets.add(unset(at(site, LEASE_UNTIL)));
    if (site != null) {
      sets.add(unset(at(site, WORKER)));
      sets.add(inc(SITES_VERSION, 1));
    }
    submissions.updateOne(eq(ID, id), combine(sets));
    if (site != null) {
      deriveOverall(id);
    }
    jobs.deleteOne(and(eq(ID, key), eq(STATUS, result.getString(STATUS)), eq(FINISHED_BY, result.get(FINISHED_BY))));
  }

  /**
   * Archives the jobs whose result was recorded but not copied into the archive (the process
   * stopped, or the database went away, in between). Reads live jobs only. Returns how many.
   */
  public int archiveFinished() {
    return archiveFinished(id -> { });
  }

  /**
   * {@link #archiveFinished()}, telling {@code multiSiteArchived} of each multi-site submission a
   * site's result was archived for (its quota may now be due back: every site may have finished).
   */
  public int archiveFinished(Consumer<String> multiSiteArchived) {
    int archived = 0;
    for (Document job : jobs.find(in(STATUS, java.util.Arrays.stream(EvaluationStatus.values())
        .filter(EvaluationStatus::terminal).map(Enum::name).toList()))) {
      archive(submissionOf(job), job.getString(SITE), job.get(RESULT, Document.class), job.getString(LOG_TAIL));
      if (job.getString(SITE) != null) {
        multiSiteArchived.accept(submissionOf(job));
      }
      archived++;
    }
    if (archived > 0) {
      LOG.info("Archived {} result(s) recorded before a stop", archived);
    }
    return archived;
  }

  /** The filter of a guarded move {@code from -> to}, refused here if the table of states does not allow it. */
  private static Bson leaving(EvaluationStatus from, EvaluationStatus to) {
    return eq(STATUS, from.guard(to).name());
  }

  private static Bson held(String key, String worker, int attempt) {
    return and(eq(ID, key), eq(STATUS, EvaluationStatus.RUNNING.name()), eq(WORKER, worker), eq(ATTEMPT, attempt));
  }

  /** The submission a job evaluates. */
  private static String submissionOf(Document job) {
    return job.containsKey(SUBMISSION) ? job.getString(SUBMISSION) : job.getString(ID);
  }

  private List<Submission> map(Iterable<Document> docs) {
    List<Submission> out = new ArrayList<>();
    docs.forEach(d -> out.add(toSubmission(d)));
    return out;
  }

  private static int number(Document d, String field) {
    return ((Number) d.get(field)).intValue();
  }

  static LiveJob toJob(Document d) {
    return new LiveJob(submissionOf(d), d.getString(CHALLENGE), d.getString(PHASE),
        EvaluationStatus.valueOf(d.getString(STATUS)), number(d, ATTEMPT), d.getString(WORKER),
        instant(d.getDate(LEASE_UNTIL)), instant(d.getDate(CREATED_AT)), instant(d.getDate(STARTED_AT)),
        d.getString(IMAGE_ID), d.getString(IMAGE_DIGEST), fromDocument(d.get(SPEC, Document.class),
        EvaluationSpec.class), d.getString(SITE),
        d.get("runSeconds") == null ? 0 : ((Number) d.get("runSeconds")).doubleValue(), d.getString("runtime"));
  }

  /** The per-site evaluations of a multi-site submission's archive document, in the challenge's order. */
  static Map<String, SiteEvaluation> siteEvaluations(Document sites) {
    Map<String, SiteEvaluation> out = new java.util.LinkedHashMap<>();
    if (sites == null) {
      return out;
    }
    for (String site : sites.keySet()) {
      Document e = sites.get(site, Document.class);
      out.put(site, new SiteEvaluation(site, EvaluationStatus.valueOf(e.getString(STATUS)),
          e.get(ATTEMPT) == null ? 0 : number(e, ATTEMPT), e.getString("outcome"), e.getString(MESSAGE),
          fromDocument(e.get("scores", Document.class), ScoreReport.class), e.getString("problem"),
          instant(e.getDate("finishedAt")), e.getString("record")));
    }
    return out;
  }

  static Submission toSubmission(Document d) {
    Document sites = d.get(SITES, Document.class);
    if (sites != null) { // a multi-site submission's status is its sites', derived here from the truth
      d.put(STATUS, SiteEvaluation.overall(siteEvaluations(sites).values()).name());
      d.put(COUNTS, countsAgainstQuota(sites));
    }
    return new Submission(
        d.getString(ID),
        d.getString(CHALLENGE),
        d.getString(PHASE),
        d.getString("teamId"),
        d.getString("teamName"),
        d.getString("submittedBy"),
        d.getString(IMAGE_DIGEST),
        d.getString(IMAGE_ID),
        ((Number) d.get("imageBytes")).longValue(),
        SubmissionStatus.valueOf(d.getString(STATUS)),
        number(d, ATTEMPT),
        d.getString(WORKER),
        instant(d.getDate(LEASE_UNTIL)),
        fromDocument(d.get(SPEC, Document.class), EvaluationSpec.class),
        instant(d.getDate(CREATED_AT)),
        instant(d.getDate(STARTED_AT)),
        instant(d.getDate("finishedAt")),
        d.getString("outcome"),
        d.getString(MESSAGE),
        d.getBoolean(COUNTS, true),
        fromDocument(d.get("scores", Document.class), ScoreReport.class),
        d.getString(LOG_TAIL),
        d.get("runSeconds") == null ? null : ((Number) d.get("runSeconds")).doubleValue(),
        d.getString("disqualified"),
        d.getString("problem"),
        d.getString("problemColumn"),
        d.get("exitCode") == null ? null : ((Number) d.get("exitCode")).intValue(),
        d.getString("runtime"),
        siteEvaluations(d.get(SITES, Document.class)));
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }

  static Document toDocument(Object value) {
    try {
      return Document.parse(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot map " + value.getClass().getSimpleName() + " to BSON", e);
    }
  }

  static <T> T fromDocument(Document d, Class<T> type) {
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
