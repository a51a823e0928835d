package org.palmares.platform.submission;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.sandbox.ImageArchive;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.challenge.Phase;
import org.palmares.platform.storage.BlobStore;
import org.palmares.platform.team.Team;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's verbs: accept a submission, lease it to a worker, keep the lease alive, take the
 * report (fenced by worker and attempt; repeated reports are harmless), and put back jobs whose
 * evaluator went silent. Time comes from the injected clock, so leases are tested without sleeping.
 */
public final class SubmissionService {
  private static final Logger LOG = LoggerFactory.getLogger(SubmissionService.class);

  /**
   * Queue settings.
   *
   * @param leaseDuration how long a lease lasts without a heartbeat
   * @param maxAttempts   leases a submission gets before it fails for good
   */
  public record QueueSettings(Duration leaseDuration, int maxAttempts) {}

  /** What a report did. */
  public enum ReportResult { ACCEPTED, ALREADY_REPORTED, STALE_LEASE }

  private final SubmissionRepository repository;
  private final QuotaLedger quota;
  private final BlobStore blobs;
  private final QueueSettings settings;
  /** When an attempt that did not finish is tried again (the one place that decides it). */
  private final RetryPolicy retry;
  private final Clock clock;
  private final List<Runnable> listeners = new ArrayList<>();
  private final BoardHook boards;
  /** Names this process as the holder of the quota slots of its uploads. */
  private final String holder = "platform-" + UUID.randomUUID();
  /** Ids of the holds whose uploads are still going on in this process (they must not be reconciled). */
  private final java.util.Set<String> uploading = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /**
   * Whether an upload of this process may have left its hold (the database was away when it
   * ended): only then does the periodic reconciliation read the ledger.
   */
  private volatile boolean holdsLeftOver;
  /** Whether the last lease check failed, so leases may have run out unseen. */
  private volatile boolean leasesUnwatched;

  /** A queue without leaderboards (tests of the queue alone). */
  public SubmissionService(SubmissionRepository repository, BlobStore blobs, QueueSettings settings, Clock clock) {
    this(repository, blobs, settings, clock, BoardHook.NONE);
  }

  /** @param boards told of every change a leaderboard shows, results before their status is visible */
  public SubmissionService(SubmissionRepository repository, BlobStore blobs, QueueSettings settings, Clock clock,
      BoardHook boards) {
    this.boards = boards;
    this.quota = new QuotaLedger(repository.database());
    this.repository = repository;
    this.blobs = blobs;
    this.settings = settings;
    this.retry = new RetryPolicy(settings.maxAttempts());
    this.clock = clock;
  }

  /** Tells the boards that a submission's stored state changed; a board that fails never fails the queue's verb. */
  private void boardChanged(String submissionId) {
    try {
      boards.changed(submissionId);
    } catch (RuntimeException e) {
      LOG.warn("The leaderboard could not take the change of {}: {}", submissionId, e.toString());
    }
  }

  /** Runs {@code listener} whenever a job becomes available (a new submission, a re-queued one). */
  public void onWorkAvailable(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * A quota slot held for a submission while its archive arrives: taken before the body is read,
   * given back ({@link #release}) if the upload does not become a submission.
   */
  public record Reservation(Challenge challenge, Phase phase, Team team, String submittedBy, QuotaLedger.Slot slot,
      String id) {
    QuotaLedger.Hold hold(String holder) {
      return new QuotaLedger.Hold(id, holder, slot);
    }
  }

  /**
   * Takes a quota slot in the phase a submission from {@code team} goes to now
   * ({@code requestedPhase}, or the only open one when null). Atomic: simultaneous submissions
   * from one team never exceed the quota.
   *
   * @throws SubmissionRefusedException when no such phase is open or the team's quota is used up
   */
  public Reservation reserve(Challenge challenge, String requestedPhase, Team team) {
    return reserve(challenge, requestedPhase, team, null);
  }

  /** A reservation for an upload by {@code submittedBy} ({@code Name <e-mail>}), a member of {@code team}. */
  public Reservation reserve(Challenge challenge, String requestedPhase, Team team, String submittedBy) {
    Instant now = clock.instant();
    Phase phase = Admission.phaseAt(challenge, requestedPhase, now);
    String id = SubmissionId.next(now);
    // Marked as going on before the slot is taken, so reconciliation never gives it back under our feet.
    uploading.add(id);
    QuotaLedger.Slot slot;
    try {
      slot = quota.take(challenge.slug(), phase, team.id(), now, id, holder);
    } catch (RuntimeException e) {
      uploading.remove(id); // if the take was applied after all, reconciliation gives the slot back
      throw e;
    }
    if (slot == null) {
      uploading.remove(id);
      long[] used = quota.used(challenge.slug(), phase.name(), team.id(), now);
      Admission.checkQuota(phase, used[0], used[1], now);
      // a slot was given back between the two reads: still, this one was refused
      throw new SubmissionRefusedException(SubmissionRefusedException.Reason.QUOTA,
          "your team's quota in phase " + phase.name() + " was used up by simultaneous submissions; try again", now);
    }
    return new Reservation(challenge, phase, team, submittedBy, slot, id);
  }

  /**
   * Gives back the slot of an upload that did not become a submission. When the database is away
   * this throws, and the slot is given back by {@link #returnUnusedSlots} once it is back.
   */
  public void release(Reservation reservation) {
    try {
      endHold(reservation.hold(holder));
    } catch (RuntimeException e) {
      holdsLeftOver = true;
      throw e;
    } finally {
      uploading.remove(reservation.id());
    }
  }

  /**
   * Ends a hold whose upload is over: settled if it became a submission (its store may have
   * succeeded although we saw an error), else given back. Safe to repeat.
   */
  private boolean endHold(QuotaLedger.Hold hold) {
    if (repository.find(hold.id()).isPresent()) {
      if (repository.ensureQueued(hold.id())) { // stored, but stopped before its job was written
        workAvailable();
      }
      quota.settle(hold);
      return false;
    }
    return quota.giveBack(hold);
  }

  /**
   * Gives back the slots held by uploads of other processes, which are dead: run at start-up,
   * before any upload, on the premise that one platform process serves a database (as for its
   * login slowdown). An upload cut short by a crash then costs the team nothing.
   */
  public int returnAbandonedSlots() {
    int returned = endHolds(quota.holds(holder, true));
    if (returned > 0) {
      LOG.info("Gave back {} quota slot(s) held by uploads that never completed (the platform stopped during them)",
          returned);
    }
    return returned;
  }

  /**
   * Gives back the slots of this process's uploads that are over but could not give their slot
   * back (the database was away at that moment). Run periodically.
   */
  public int returnUnusedSlots() {
    if (!holdsLeftOver) {
      return 0; // every upload of this process settled or gave back its slot: nothing to look for
    }
    holdsLeftOver = false;
    int returned;
    try {
      returned = endHolds(quota.holds(holder, false).stream().filter(h -> !uploading.contains(h.id())).toList());
    } catch (RuntimeException e) {
      holdsLeftOver = true;
      throw e;
    }
    if (returned > 0) {
      LOG.info("Gave back {} quota slot(s) of uploads refused while the database was away", returned);
    }
    return returned;
  }

  private int endHolds(List<QuotaLedger.Hold> holds) {
    int returned = 0;
    for (QuotaLedger.Hold hold : holds) {
      if (endHold(hold)) {
        returned++;
      }
    }
    return returned;
  }

  /**
   * Accepts an uploaded image archive already streamed to {@code upload} with the given sha256,
   * under a reservation. The archive is checked before anything is stored; the file is moved into
   * the blob store. On failure the caller releases the reservation.
   *
   * @throws ImageArchive.InvalidImageArchiveException when it is not one usable image
   */
  public Submission submit(Reservation reservation, Path upload, String sha256)
      throws IOException, ImageArchive.InvalidImageArchiveException {
    Challenge challenge = reservation.challenge();
    Phase phase = reservation.phase();
    Team team = reservation.team();
    long size = Files.size(upload);
    if (phase.maxImageMiB() != null && size > phase.maxImageMiB() * 1024 * 1024) {
      throw new ImageArchive.InvalidImageArchiveException("the image archive is " + (size / (1024 * 1024))
          + " MiB; phase " + phase.name() + " accepts at most " + phase.maxImageMiB() + " MiB");
    }
    ImageArchive.Manifest manifest;
    try {
      // streamed, decompressing each layer: stops at the first of the phase's caps it crosses
      manifest = ImageArchive.inspect(upload, phase.imageLimits());
    } catch (IOException e) {
      throw new ImageArchive.InvalidImageArchiveException(
          "the upload is not a readable image archive (" + e.getMessage() + "); send the output of 'docker save IMAGE'");
    }
    if (!manifest.os().isEmpty() && !"linux".equals(manifest.os())) {
      throw new ImageArchive.InvalidImageArchiveException("the image is built for " + manifest.os()
          + "; evaluators run linux/amd64 images");
    }
    if (!manifest.architecture().isEmpty() && !"amd64".equals(manifest.architecture())) {
      throw new ImageArchive.InvalidImageArchiveException("the image is built for " + manifest.architecture()
          + "; evaluators run linux/amd64 images (build with --platform linux/amd64)");
    }
    if (!manifest.hasCommand()) {
      throw new ImageArchive.InvalidImageArchiveException(
          "the image has no ENTRYPOINT or CMD, so the evaluator would not know what to run");
    }
    blobs.adopt(upload, sha256);
    Instant now = clock.instant();
    EvaluationSpec spec = challenge.evaluationSpec(phase);
    // one evaluation per site of a multi-site challenge (each its own job); the quota slot is the submission's, once
    java.util.Map<String, SiteEvaluation> sites = new java.util.LinkedHashMap<>();
    challenge.siteNames().forEach(site -> sites.put(site, SiteEvaluation.queued(site)));
    Submission submission = new Submission(reservation.id(), challenge.slug(), phase.name(), team.id(), team.name(),
        reservation.submittedBy(), sha256, manifest.imageId(), size,
        SubmissionStatus.QUEUED, 0, null, null, spec, now, null, null, null, queuedNote(spec), true,
        null, null, null, null, null, null, null, null, sites);
    boolean queued = repository.insert(submission, reservation.slot().day());
    boardChanged(submission.id()); // the team's count of submissions
    try {
      if (queued) {
        quota.settle(reservation.hold(holder));
      } else {
        holdsLeftOver = true; // the hold stays: the reconciliation queues the submission, then settles it
      }
    } catch (RuntimeException e) {
      holdsLeftOver = true;
      LOG.debug("Hold of {} not settled yet ({}); reconciliation will", submission.id(), e.toString());
    } finally {
      uploading.remove(reservation.id());
    }
    LOG.info("Submission {} from team '{}' to {} queued (image {})", submission.id(), team.name(),
        challenge.slug(), manifest.imageId());
    workAvailable();
    return submission;
  }

  /** Submits an archive from a stream (used to seed baselines); streams it through the blob store. */
  public Submission submit(Challenge challenge, String requestedPhase, Team team, InputStream archive)
      throws IOException, ImageArchive.InvalidImageArchiveException {
    Reservation reservation = reserve(challenge, requestedPhase, team);
    Path upload = blobs.newIncomingFile();
    try {
      MessageDigest sha = DigestUtils.getSha256Digest();
      try (InputStream in = new DigestInputStream(archive, sha)) {
        Files.copy(in, upload, StandardCopyOption.REPLACE_EXISTING);
      }
      return submit(reservation, upload, HexFormat.of().formatHex(sha.digest()));
    } catch (IOException | ImageArchive.InvalidImageArchiveException | RuntimeException e) {
      release(reservation);
      throw e;
    } finally {
      Files.deleteIfExists(upload);
    }
  }

  /**
   * The phase a submission from {@code team} would go to now ({@code requestedPhase}, or the only
   * open one when null).
   *
   * @throws SubmissionRefusedException when no phase is open or the team is over its quota
   */
  public Phase admit(Challenge challenge, String requestedPhase, Team team) {
    Instant now = clock.instant();
    Phase phase = Admission.phaseAt(challenge, requestedPhase, now);
    long[] used = quota.used(challenge.slug(), phase.name(), team.id(), now);
    Admission.checkQuota(phase, used[0], used[1], now);
    return phase;
  }

  /** Disqualifies a submission (organizers): it leaves every leaderboard; the reason is kept. */
  public boolean disqualify(String id, String reason) {
    boolean done = repository.disqualify(id, reason);
    if (done) {
      boardChanged(id);
    }
    return done;
  }

  /** Runs a finished submission again under {@code spec} (organizers' explicit rescoring). */
  public boolean rerun(String id, org.palmares.evaluator.protocol.EvaluationSpec spec) {
    boolean queued = repository.rerun(id, spec);
    if (queued) {
      workAvailable();
      boardChanged(id);
    }
    return queued;
  }

  /** Every submission to a phase (organizers' view). */
  public List<Submission> ofPhase(String challenge, String phase) {
    return repository.ofPhase(challenge, phase);
  }

  public Optional<Submission> find(String id) {
    return repository.find(id);
  }

  /** The live job of submission {@code id} at {@code site} (null: a single-site challenge's), if it has one. */
  public Optional<LiveJob> liveJob(String id, String site) {
    return repository.liveJob(id, site);
  }

  public List<Submission> ofTeam(String challenge, String teamId) {
    return repository.ofTeam(challenge, teamId);
  }

  public boolean alreadySubmitted(String challenge, String teamId, String imageDigest) {
    return repository.existsForImage(challenge, teamId, imageDigest);
  }

  /** Leases the oldest queued job that fits. */
  /** What a team reads of a submission that waits for a GPU site (only evaluators with GPUs lease it). */
  static final String WAITING_FOR_GPU = "Waiting for a GPU site: this phase runs only on evaluators that offer"
      + " a GPU. / En attente d'un site doté d'un GPU : cette phase ne s'exécute que sur des évaluateurs qui en"
      + " offrent un.";

  /** The note a queued submission carries, or null. */
  static String queuedNote(EvaluationSpec spec) {
    return spec.gpus().count() > 0 ? WAITING_FOR_GPU : null;
  }

  public Optional<Job> lease(String worker, Capacity free) {
    return lease(worker, free, null);
  }

  /** Leases the oldest queued job of a single-site challenge among {@code challenges} (any, when null) that fits. */
  public Optional<Job> lease(String worker, Capacity free, List<String> challenges) {
    return lease(worker, free, challenges, null);
  }

  /**
   * Leases the oldest queued evaluation at {@code site} (null: of a single-site challenge) of one
   * of {@code challenges} (any, when null) that fits: a site's evaluator leases its own site's only.
   */
  public Optional<Job> lease(String worker, Capacity free, List<String> challenges, String site) {
    Instant now = clock.instant();
    return repository.lease(worker, free, challenges, site, now, now.plus(settings.leaseDuration()))
        .map(s -> new Job(s.id(), s.attempt(), worker, s.imageId(), s.imageDigest(), s.spec(),
            settings.leaseDuration().toMillis(), s.site()));
  }

  public boolean heartbeat(String submissionId, String worker, int attempt) {
    return heartbeat(submissionId, null, worker, attempt);
  }

  /** Extends the lease of the evaluation at {@code site} (null: single-site) held by {@code worker} at {@code attempt}. */
  public boolean heartbeat(String submissionId, String site, String worker, int attempt) {
    return repository.extendLease(submissionId, site, worker, attempt,
        clock.instant().plus(settings.leaseDuration()));
  }

  /** Takes a worker's report of a single-site challenge's job. */
  public ReportResult report(String submissionId, String worker, int attempt, JobReport report) {
    return report(submissionId, null, worker, attempt, report);
  }

  /**
   * Takes a worker's report of the evaluation at {@code site} (null: single-site); only the lease
   * holder's counts, and only once.
   *
   * @throws InvalidReportException when its scores are not scores of this submission (out of range, unknown metric)
   */
  public ReportResult report(String submissionId, String site, String worker, int attempt, JobReport report) {
    Instant now = clock.instant();
    if (report.scored()) {
      checkScores(submissionId, site, worker, attempt, report);
      Optional<LiveJob> job = repository.liveJob(submissionId, site);
      if (site == null && job.isPresent() && job.get().heldBy(worker, attempt)) {
        // read-your-writes: the board shows the result before anyone can see SCORED; a refused store is undone below
        try {
          repository.find(submissionId).ifPresent(current -> boards.anticipate(scoredNow(current, report, now)));
        } catch (RuntimeException e) {
          LOG.warn("The leaderboard could not take the result of {} first: {}", submissionId, e.toString());
        }
      }
    }
    boolean applied;
    boolean finished = true; // whether an applied report ends the evaluation at its site
    if (report.scored()) {
      applied = repository.markScored(submissionId, site, worker, attempt, now, report.scores(), report.logTail(),
          report.runSeconds(), report.runtime(), record(report));
    } else if (JobReport.AWAITING_RELEASE.equals(report.outcome())) {
      finished = false;
      applied = repository.awaitRelease(submissionId, site, worker, attempt, now, awaitingNote(site),
          report.runSeconds(), report.runtime());
      if (!applied && repository.awaitsRelease(submissionId, site, worker, attempt)) {
        return ReportResult.ALREADY_REPORTED;
      }
    } else if (JobReport.REFUSED_BY_SITE.equals(report.outcome())) {
      // the site's policy: not the team's doing, terminal at that site; the reason is for organizers
      applied = repository.markFinished(submissionId, site, worker, attempt, EvaluationStatus.REFUSED, now,
          report.outcome(), report.message(), false, report.logTail(), report.runSeconds(), null, null, null,
          report.runtime());
    } else if (JobReport.EVALUATOR_ERROR.equals(report.outcome())) {
      if (retry.requeues(report, attempt)) {
        finished = false;
        applied = repository.requeue(submissionId, site, worker, attempt,
            "Evaluation failed on our side and will be retried.");
        if (applied) {
          workAvailable();
        }
      } else {
        applied = repository.markFinished(submissionId, site, worker, attempt, EvaluationStatus.FAILED, now,
            report.outcome(), "The platform could not evaluate this submission (" + report.message()
                + "); it does not count against your quota.", false, report.logTail(), report.runSeconds(),
            problemName(report), report.problemColumn(), report.exitCode(), report.runtime());
      }
    } else {
      applied = repository.markFinished(submissionId, site, worker, attempt, EvaluationStatus.FAILED, now,
          report.outcome(), report.message(), report.submissionAtFault(), report.logTail(), report.runSeconds(),
          problemName(report), report.problemColumn(), report.exitCode(), report.runtime());
    }
    if (applied && finished) {
      quotaAfterFinish(submissionId, site, report.scored() || report.submissionAtFault()
          && !JobReport.EVALUATOR_ERROR.equals(report.outcome()) && !JobReport.REFUSED_BY_SITE.equals(report.outcome()));
    }
    if (report.scored() || applied) {
      boardChanged(submissionId); // the stored state: confirms what was anticipated, or takes it back
    }
    if (applied) {
      return ReportResult.ACCEPTED;
    }
    return repository.finishedBy(submissionId, site, worker, attempt) ? ReportResult.ALREADY_REPORTED
        : ReportResult.STALE_LEASE;
  }

  /** Refuses scores that are not scores of this submission's spec (out of range, unknown metric). */
  private void checkScores(String submissionId, String site, String worker, int attempt, JobReport report) {
    // the spec of the run being reported (a finished job is no longer live: the archive has it)
    var spec = repository.liveJob(submissionId, site).map(LiveJob::spec)
        .or(() -> repository.find(submissionId).map(Submission::spec));
    String problem = spec.map(sp -> ReportCheck.problem(report, sp)).orElse(null);
    if (problem != null) {
      LOG.warn("Refused a report for {} from {} (attempt {}): {}", submissionId, worker, attempt, problem);
      throw new InvalidReportException(problem);
    }
  }

  /** What a team reads while a site's operator has the result (never a failure of the team). */
  private static String awaitingNote(String site) {
    return "Scored" + (site == null ? "" : " at site " + site) + "; the result waits for the site's approval before"
        + " it is released.";
  }

  /**
   * The quota once an evaluation finished at its site ({@code teamsDoing}: scored, or failed by the
   * submission's own fault). A single-site submission that failed on the platform's (or its
   * site's) side gets its slot back; a multi-site one only when every site finished without any
   * scoring it or failing by its fault, and then once ({@link SubmissionRepository#markQuotaReturned}).
   */
  private void quotaAfterFinish(String submissionId, String site, boolean teamsDoing) {
    if (site == null) {
      if (!teamsDoing) {
        giveBackSlotOf(submissionId);
      }
    } else if (repository.markQuotaReturned(submissionId)) {
      giveBackSlotOf(submissionId);
    }
  }

  /**
   * The site's operator decided on a result that waited at the site: {@code released} is the
   * scored report to publish, or null to withhold it. Only the evaluator that reported the
   * attempt ({@code evaluatorPrefix}: its workers' prefix, {@code ""} in this process) may decide.
   * Idempotent like a report.
   *
   * @throws InvalidReportException when the released scores are not scores of this submission, or
   *                                an approval carries no scores
   */
  public ReportResult release(String submissionId, String site, String evaluatorPrefix, int attempt,
      JobReport released) {
    Instant now = clock.instant();
    Optional<LiveJob> waiting = repository.awaitingRelease(submissionId, site, attempt)
        .filter(j -> j.worker() != null && j.worker().startsWith(evaluatorPrefix));
    if (waiting.isEmpty()) {
      return repository.find(submissionId).filter(s -> decided(s, site, attempt)).isPresent()
          ? ReportResult.ALREADY_REPORTED : ReportResult.STALE_LEASE;
    }
    LiveJob job = waiting.get();
    boolean applied;
    if (released != null) {
      if (!released.scored()) {
        throw new InvalidReportException("a released result must carry the scores (a withheld one is sent without"
            + " a report)");
      }
      String problem = ReportCheck.problem(released, job.spec());
      if (problem != null) {
        throw new InvalidReportException(problem);
      }
      applied = repository.release(job, now, released.scores(), released.logTail(), record(released));
    } else {
      applied = repository.withhold(job, now, "Withheld by " + (site == null ? "the site" : "site " + site)
          + " (its operator did not release the result); this is not a failure of your submission and does not"
          + " count against your quota.");
    }
    if (!applied) {
      return repository.find(submissionId).filter(s -> decided(s, site, attempt)).isPresent()
          ? ReportResult.ALREADY_REPORTED : ReportResult.STALE_LEASE;
    }
    quotaAfterFinish(submissionId, site, released != null);
    boardChanged(submissionId);
    return ReportResult.ACCEPTED;
  }

  /** Whether the evaluation at {@code site} of {@code s} was released or withheld after {@code attempt}. */
  private static boolean decided(Submission s, String site, int attempt) {
    if (site == null) {
      return s.attempt() == attempt && (s.status() == SubmissionStatus.SCORED || "WITHHELD".equals(s.outcome()));
    }
    SiteEvaluation e = s.sites().get(site);
    return e != null && e.attempt() == attempt
        && (e.status() == EvaluationStatus.SCORED || e.status() == EvaluationStatus.WITHHELD);
  }

  /** {@code running} as {@link SubmissionRepository#markScored} is about to store it. */
  private static Submission scoredNow(Submission running, JobReport report, Instant now) {
    Submission r = running;
    return new Submission(r.id(), r.challenge(), r.phase(), r.teamId(), r.teamName(), r.submittedBy(),
        r.imageDigest(), r.imageId(), r.imageBytes(), SubmissionStatus.SCORED, r.attempt(), null, null, r.spec(),
        r.createdAt(), r.startedAt(), now, "SUCCEEDED", null, true, report.scores(), report.logTail(),
        report.runSeconds(), r.disqualified(), null, null, null, report.runtime());
  }

  /** The report's signed record as kept with a site's result (the evaluator API checked it, or took it off). */
  private static String record(JobReport report) {
    return report.record() == null ? null : report.record().toJson();
  }

  private static String problemName(JobReport report) {
    return report.problem() == null ? null : report.problem().name();
  }

  /** An evaluation failed for good because its evaluators kept being lost: the platform's doing. */
  private void lostForGood(LiveJob job) {
    quotaAfterFinish(job.id(), job.site(), false);
    boardChanged(job.id());
  }

  /** Failed by the platform: the team gets its quota slot back. */
  private void giveBackSlotOf(String submissionId) {
    repository.quotaSlotOf(submissionId).ifPresent(quota::giveBack);
  }

  /**
   * Puts back (or fails) jobs whose lease expired. Run periodically. After a check that failed
   * (the database away: no evaluator could heartbeat or report either), the leases that ran out
   * meanwhile are renewed for one term instead, so their evaluators have the time to come back
   * before their work is redone.
   */
  public long expireLeases() {
    Instant now = clock.instant();
    List<LiveJob> failed = new ArrayList<>();
    long moved;
    try {
      // results recorded on jobs before a stop; a multi-site one may complete its sites (quota due back, once)
      repository.archiveFinished(id -> {
        if (repository.markQuotaReturned(id)) {
          giveBackSlotOf(id);
        }
        boardChanged(id);
      });
      if (leasesUnwatched) {
        long renewed = repository.renewExpiredLeases(now, now.plus(settings.leaseDuration()));
        leasesUnwatched = false;
        if (renewed > 0) {
          LOG.info("{} lease(s) ran out while the database was away; renewed for one term", renewed);
        }
        return 0;
      }
      moved = repository.expireLeases(now, retry, failed::add);
    } catch (RuntimeException e) {
      leasesUnwatched = true;
      throw e;
    }
    failed.forEach(this::lostForGood);
    if (moved > 0) {
      LOG.warn("{} submission(s) had an expired lease and were re-queued or failed", moved);
      workAvailable();
    }
    return moved;
  }

  /**
   * An evaluator started as {@code incarnation} ({@code <name>#<suffix>}): the jobs still RUNNING
   * under another incarnation of the same evaluator were held by a process that is gone, so they
   * are put back now rather than when their leases expire. As for an expired lease, the attempt is
   * the platform's failure: re-queued while attempts remain, else failed without counting against
   * the team. Only workers named {@code workerPrefix + name + "#"} are looked at, so an evaluator
   * can never hand back another's leases.
   *
   * @param workerPrefix what the platform puts before this evaluator's worker names ({@code ""} for
   *                     the one in this process, {@code "<evaluator id>:"} for a remote one)
   * @return how many jobs were put back (or failed for good)
   * @throws IllegalArgumentException when {@code incarnation} is not {@code <name>#<suffix>}
   */
  public int handBack(String workerPrefix, String incarnation) {
    int hash = incarnation.indexOf('#');
    if (hash <= 0 || hash == incarnation.length() - 1 || incarnation.indexOf('#', hash + 1) >= 0
        || incarnation.contains("/")) {
      throw new IllegalArgumentException("an incarnation is <name>#<suffix>, without '/'");
    }
    String sameEvaluator = workerPrefix + incarnation.substring(0, hash + 1);
    String thisIncarnation = workerPrefix + incarnation + "/";
    List<LiveJob> failed = new ArrayList<>();
    long moved = repository.handBack(worker -> worker.startsWith(sameEvaluator) && !worker.startsWith(thisIncarnation),
        clock.instant(), retry, failed::add);
    failed.forEach(this::lostForGood);
    if (moved > 0) {
      LOG.warn("{} submission(s) held by earlier runs of evaluator {} were re-queued or failed", moved,
          sameEvaluator.substring(0, sameEvaluator.length() - 1));
      workAvailable();
    }
    return (int) moved;
  }

  public InputStream openImage(String imageDigest) throws IOException {
    return blobs.open(imageDigest);
  }

  private void workAvailable() {
    for (Runnable listener : listeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("A work listener failed: {}", e.toString());
      }
    }
  }
}
