package org.palmares.evaluator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.EvaluationSpec;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobChannel;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.protocol.ProblemKind;
import org.palmares.evaluator.sandbox.DockerImages;
import org.palmares.evaluator.sandbox.DockerSandbox;
import org.palmares.evaluator.sandbox.RunOutcome;
import org.palmares.evaluator.sandbox.SandboxResult;
import org.palmares.evaluator.sandbox.SandboxRun;
import org.palmares.evaluator.scoring.InvalidPredictionsException;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.Scorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases jobs, runs them in the sandbox, scores them and reports back, with as many runs at
 * once as the machine's CPU and memory allow for the jobs' limits. Stopping it kills the running
 * containers; their leases go back to the queue when it starts again (or when they expire).
 */
public final class Evaluator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);
  /** The longest wait between calls while the platform does not answer (so it is found again soon after). */
  private static final Duration PLATFORM_AWAY_MAX_WAIT = Duration.ofSeconds(30);
  private static final Duration PLATFORM_AWAY_FIRST_WAIT = Duration.ofSeconds(2);

  /**
   * Settings of an evaluator.
   *
   * @param name              identifies this evaluator across restarts (its orphan containers are reaped by it)
   * @param incarnation       identifies this start of it: worker names derive from it, so a restarted
   *                          evaluator never passes for the one that held a lease before the crash
   * @param workDir           where per-run output folders are made
   * @param workers           how many jobs may run at once at most (the budget may allow fewer)
   * @param idlePoll          how often an idle worker asks for work when not woken up
   * @param heartbeatInterval how often a running job's lease is extended when the platform does not say how long
   *                          its leases last (else a third of the lease it grants, see {@link HeldLease})
   */
  public record Settings(String name, String incarnation, Path workDir, int workers, Duration idlePoll, Duration heartbeatInterval) {}

  private final Settings settings;
  private final JobChannel channel;
  private final DockerSandbox sandbox;
  private final DockerImages images;
  private final SiteData site;
  private final ResourceBudget budget;
  private final ScoringImage scoringImage;
  /** Guards the two signal counts; idle workers wait on it. */
  private final Object signals = new Object();
  /** Times the platform said new work may be waiting ({@link #wakeUp}); guarded by {@link #signals}. */
  private long workSignals;
  /** Times capacity was freed in this evaluator's budget; guarded by {@link #signals}. */
  private long capacitySignals;
  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService heartbeats;
  private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("evaluator-reaper").factory());
  private final Clock clock = Clock.systemUTC();
  private final ReportDelivery delivery;
  private final RunPreconditions preconditions = RunPreconditions.ofThisMachine();
  /** The site's policy at work, or null for an evaluator no policy governs (the platform's own). */
  private final org.palmares.evaluator.site.SiteGate gate;
  private volatile boolean running;

  public Evaluator(Settings settings, JobChannel channel, DockerSandbox sandbox, DockerImages images,
      SiteData site, Capacity machine) {
    this(settings, channel, sandbox, images, site, machine, null);
  }

  /**
   * An evaluator governed by its site's policy ({@code gate}; null: none): it refuses what the
   * policy does not allow, and sends only what the policy lets leave, when it lets it.
   */
  public Evaluator(Settings settings, JobChannel channel, DockerSandbox sandbox, DockerImages images,
      SiteData site, Capacity machine, org.palmares.evaluator.site.SiteGate gate) {
    this.gate = gate;
    this.settings = settings;
    this.channel = channel;
    this.sandbox = sandbox;
    this.images = images;
    this.site = site;
    this.budget = new ResourceBudget(machine);
    this.scoringImage = new ScoringImage(sandbox);
    // one thread per worker: a heartbeat waiting on a slow platform must not delay another job's
    this.heartbeats = Executors.newScheduledThreadPool(Math.max(1, settings.workers()),
        Thread.ofPlatform().daemon().name("evaluator-heartbeat").factory());
    this.delivery = new ReportDelivery(channel, Thread::sleep,
        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble()); // the random of the thread that waits
  }

  /**
   * An evaluator for the Docker engine of this machine (DOCKER_HOST or the local socket), with a
   * budget of all its CPUs and four fifths of its memory (the rest is left to the engine, the
   * host and the page cache), and one worker per CPU.
   *
   * @param name     stable name (its orphan containers are found by it after a restart)
   * @param workDir  where per-run folders are made
   * @param siteRoot the site's challenge bundles (with their hidden data)
   */
  public static Evaluator onLocalEngine(String name, Path workDir, Path siteRoot, JobChannel channel,
      Duration idlePoll, Duration heartbeatInterval) {
    return onLocalEngine(name, workDir, siteRoot, channel, idlePoll, heartbeatInterval, null);
  }

  /**
   * The same, governed by {@code policy} (null: none). Its outbox (manual release) is the policy's,
   * else {@code <workDir>/outbox}.
   */
  public static Evaluator onLocalEngine(String name, Path workDir, Path siteRoot, JobChannel channel,
      Duration idlePoll, Duration heartbeatInterval, org.palmares.evaluator.site.SitePolicy policy) {
    com.github.dockerjava.api.DockerClient docker = org.palmares.evaluator.sandbox.DockerClients.fromEnvironment();
    org.palmares.evaluator.sandbox.DockerClients.requireEngine(docker);
    com.github.dockerjava.api.model.Info info = docker.infoCmd().exec();
    int cpus = info.getNCPU() == null ? Runtime.getRuntime().availableProcessors() : info.getNCPU();
    long memory = info.getMemTotal() == null ? Runtime.getRuntime().maxMemory() : info.getMemTotal();
    return new Evaluator(
        new Settings(name, name + "#" + java.util.UUID.randomUUID().toString().substring(0, 8), workDir,
            Math.max(1, cpus), idlePoll, heartbeatInterval),
        channel, new DockerSandbox(docker, name, java.time.Clock.systemUTC()), new DockerImages(docker),
        new SiteData(siteRoot), new Capacity(cpus, memory / 5 * 4,
            org.palmares.evaluator.sandbox.GpuOffer.of(org.palmares.evaluator.sandbox.DockerSandbox.runtimesOf(docker), System.getenv(
                org.palmares.evaluator.sandbox.GpuOffer.ENV))),
        policy == null ? null : new org.palmares.evaluator.site.SiteGate(policy, DockerImages.digestsOn(docker),
            policy.release() == org.palmares.evaluator.site.Release.MANUAL
                ? org.palmares.evaluator.site.Outbox.open(policy.outbox() != null ? policy.outbox()
                    : workDir.resolve("outbox")) : null,
            OUTBOX_POLL));
  }

  /** How often decided results of the outbox are looked for (a person decides: seconds do not matter). */
  static final Duration OUTBOX_POLL = Duration.ofSeconds(2);

  /** How often this evaluator reaps the orphans of any evaluator on its engine. */
  static final Duration REAP_INTERVAL = Duration.ofSeconds(30);
  /** Prefix of the per-run folders in the work folder. */
  static final String RUN_FOLDER_PREFIX = "run-";

  /**
   * Removes what earlier runs left (every container of this evaluator's name, the orphans of any
   * other on the engine, the run folders in its work folder, which hold predictions derived from
   * hidden data), hands the leases of its dead incarnations back to the platform, then starts the
   * workers and a periodic reap.
   */
  public synchronized void start() throws IOException {
    Files.createDirectories(settings.workDir());
    sandbox.reapOrphans(true);
    removeLeftoverRunFolders();
    reaper.scheduleWithFixedDelay(() -> {
      try {
        sandbox.reapOrphans(false);
      } catch (RuntimeException e) {
        LOG.warn("Periodic reap of orphan sandboxes failed: {}", e.toString());
      }
    }, REAP_INTERVAL.toMillis(), REAP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    running = true;
    // in the background: start() holds this object's lock, which no HTTP call may be made under
    heartbeats.execute(this::handBackDeadLeases);
    for (int i = 1; i <= settings.workers(); i++) {
      String worker = settings.incarnation() + "/" + i;
      workers.add(Thread.ofPlatform().name("evaluator-" + worker).start(() -> work(worker)));
    }
    if (gate != null) {
      gate.start(channel); // results decided while this evaluator was stopped go now
    }
    LOG.info("Evaluator {} started: {} worker(s), budget {} CPUs / {} MiB, sandbox runtime {}", settings.name(),
        settings.workers(), budget.total().cpus(), budget.total().memoryBytes() / (1024 * 1024), sandbox.runtime());
  }

  /** Run folders are made only while this evaluator runs a job: any found at its start are leftovers. */
  private void removeLeftoverRunFolders() throws IOException {
    try (Stream<Path> entries = Files.list(settings.workDir())) {
      List<Path> leftovers = entries.filter(p -> p.getFileName().toString().startsWith(RUN_FOLDER_PREFIX)
          && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
      leftovers.forEach(Evaluator::deleteTree);
      if (!leftovers.isEmpty()) {
        LOG.info("Removed {} run folder(s) left in {} by an earlier run", leftovers.size(), settings.workDir());
      }
    }
  }

  /**
   * Tells idle workers that a job may be waiting, so they need not wait for their next poll (the
   * in-process evaluator is told of every new job this way, and polls only as a safety net).
   */
  public void wakeUp() {
    synchronized (signals) {
      workSignals++;
      signals.notifyAll();
    }
  }

  /** Tells workers waiting for capacity that some was freed (not those waiting for work: none came). */
  private void capacityFreed() {
    synchronized (signals) {
      capacitySignals++;
      signals.notifyAll();
    }
  }

  @Override
  public synchronized void close() {
    running = false;
    workers.forEach(Thread::interrupt);
    for (Thread worker : workers) {
      try {
        worker.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    workers.clear();
    if (gate != null) {
      gate.close();
    }
    heartbeats.shutdownNow();
    reaper.shutdownNow();
  }

  /**
   * Tells the platform this incarnation started, so the leases of earlier ones (a process killed
   * mid-run) go back to the queue at once instead of when they expire. Tried again in the
   * background while the platform cannot be reached; the workers need not wait for it.
   */
  private void handBackDeadLeases() {
    try {
      int handedBack = channel.started(settings.incarnation());
      if (handedBack > 0) {
        LOG.info("Handed back {} lease(s) of earlier runs of evaluator {}", handedBack, settings.name());
      }
    } catch (JobChannel.RefusedException e) {
      LOG.error("The platform refused the start of {}: {}; leases of earlier runs will wait for their expiry",
          settings.incarnation(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("Could not tell the platform that {} started ({}); trying again", settings.incarnation(), e.toString());
      if (running) {
        heartbeats.schedule(this::handBackDeadLeases,
            Math.max(1000, Math.min(settings.idlePoll().toMillis(), PLATFORM_AWAY_FIRST_WAIT.toMillis())),
            TimeUnit.MILLISECONDS);
      }
    }
  }

  private void work(String worker) {
    // the first wait after a failure is short even when the idle poll is minutes long (woken evaluators)
    Backoff backoff = new Backoff(settings.idlePoll().compareTo(PLATFORM_AWAY_FIRST_WAIT) < 0 ? settings.idlePoll()
        : PLATFORM_AWAY_FIRST_WAIT, PLATFORM_AWAY_MAX_WAIT);
    while (running && !Thread.currentThread().isInterrupted()) {
      try {
        // Seen before asking, so a job announced while the request is under way is not missed.
        long work;
        long capacity;
        synchronized (signals) {
          work = workSignals;
          capacity = capacitySignals;
        }
        // Claim what is free, then ask without holding any lock: the request may be an HTTP call.
        ResourceBudget.Claim claim = budget.claim();
        if (claim == null) {
          idle(work, capacity);
          continue;
        }
        Instant askedAt = clock.instant();
        Optional<Job> leased;
        try {
          // an idle evaluator takes any job, except one asking for GPUs it does not have
          leased = channel.lease(worker, claim.offer() != null ? claim.offer() : Capacity.idleWith(budget.total().gpus()));
        } catch (RuntimeException e) {
          budget.cancel(claim);
          throw e;
        }
        if (backoff.succeeded()) {
          LOG.info("Worker {} reaches the platform again", worker);
        }
        if (leased.isEmpty()) {
          budget.cancel(claim);
          capacityFreed(); // what this claim held is free again
          idle(work, -1); // no job: wait for news of one (a worker waking another for nothing would spin)
          continue;
        }
        Capacity asked = Capacity.of(leased.get().spec());
        budget.settle(claim, asked);
        capacityFreed(); // the rest of the claim is free again: another worker may fit a job in it
        try {
          runLeased(new HeldLease(leased.get(), askedAt, settings.heartbeatInterval().multipliedBy(3), clock));
        } finally {
          budget.release(asked);
          capacityFreed(); // another worker may now fit a job
        }
      } catch (InterruptedException | DockerSandbox.SandboxInterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return; // closing: the failure is ours (an interrupted call), not the platform's
        }
        // The platform (or its database) is away: wait longer each time, and say so once, not every poll.
        Duration wait = backoff.failed();
        if (backoff.failures() == 1) {
          LOG.warn("Worker {} could not talk to the platform ({}); trying again, at most every {} s until it answers",
              worker, e.toString(), PLATFORM_AWAY_MAX_WAIT.toSeconds());
        } else {
          LOG.debug("Worker {} still cannot talk to the platform: {}", worker, e.toString());
        }
        sleepQuietly(wait);
      }
    }
  }

  /**
   * Waits until work is announced after {@code work} was seen, or capacity freed after
   * {@code capacity} was seen (-1: capacity does not matter), or the idle poll's time has passed
   * (the safety net: a lost signal, or a platform that cannot signal, as a remote one).
   */
  private void idle(long work, long capacity) throws InterruptedException {
    long deadline = System.nanoTime() + settings.idlePoll().toNanos();
    synchronized (signals) {
      while (workSignals == work && (capacity < 0 || capacitySignals == capacity)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        signals.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  private void runLeased(HeldLease lease) throws InterruptedException {
    Job job = lease.job();
    long every = lease.heartbeatInterval().toMillis();
    java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
    // with a fixed delay, beats missed while the platform was away do not all fire at once when it is back
    ScheduledFuture<?> heartbeat = heartbeats.scheduleWithFixedDelay(() -> heartbeat(lease, failing), every, every,
        TimeUnit.MILLISECONDS);
    try {
      JobReport report = gate == null ? null : gate.refusal(job);
      if (report != null) {
        LOG.warn("Submission {} refused by this site's policy: {}", job.submissionId(), report.message());
      } else {
        try {
          report = evaluate(job);
        } catch (DockerSandbox.SandboxInterruptedException e) {
          throw e; // shutting down: the lease goes back when this evaluator starts again (or expires)
        } catch (Exception e) {
          LOG.error("Evaluation of {} failed on our side", job.submissionId(), e);
          report = JobReport.evaluatorError("the evaluator failed while running the submission ("
              + e.getClass().getSimpleName() + "); it will be retried");
        }
        report = governed(job, report);
      }
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      // Heartbeats go on while the result is on its way, so the lease outlives a short outage.
      ReportDelivery.Delivery delivered = delivery.deliver(lease, report);
      LOG.info("Submission {} attempt {}: {} ({})", job.submissionId(), job.attempt(), report.outcome(),
          delivered.name().toLowerCase(java.util.Locale.ROOT));
    } finally {
      heartbeat.cancel(false);
    }
  }

  /** What of {@code report} leaves under the site's policy, and when (see {@link org.palmares.evaluator.site.SiteGate}). */
  private JobReport governed(Job job, JobReport report) {
    if (gate == null) {
      return report;
    }
    try {
      return gate.leaving(job, report);
    } catch (IOException | RuntimeException e) {
      LOG.error("The result of {} could not be put in the outbox", job.submissionId(), e);
      return JobReport.evaluatorError("the site could not keep the result for its operator's approval ("
          + e.getClass().getSimpleName() + "); it will be retried");
    }
  }

  /** One beat; a failure is logged once per outage ({@code failing}), not at every beat. */
  private void heartbeat(HeldLease lease, java.util.concurrent.atomic.AtomicBoolean failing) {
    Job job = lease.job();
    if (lease.isLost()) {
      // at every beat until the run ends: the lease may be lost before its container exists
      sandbox.stopRunsOf(job.submissionId(), job.attempt());
      return;
    }
    Instant sent = clock.instant();
    try {
      boolean held = channel.heartbeat(job);
      if (failing.getAndSet(false)) {
        LOG.info("Heartbeats for {} get through again", job.submissionId());
      }
      if (held) {
        lease.confirmed(sent);
      } else {
        // The platform gave the job to someone else: stop spending a slot on it (its report would be refused).
        lease.lost();
        LOG.warn("Lease on submission {} attempt {} was lost; stopping its run", job.submissionId(), job.attempt());
        sandbox.stopRunsOf(job.submissionId(), job.attempt());
      }
    } catch (RuntimeException e) {
      if (e instanceof JobChannel.UnavailableException) {
        lease.confirmed(sent); // the platform cannot decide (its database is away), so it cannot take the lease either
      }
      if (!failing.getAndSet(true)) {
        LOG.warn("Heartbeat for {} failed: {}", job.submissionId(), e.toString());
      }
    }
  }

  /** Loads, runs and scores one job; the outcome is a value, exceptions mean our own failure. */
  JobReport evaluate(Job job) throws IOException {
    java.util.concurrent.atomic.AtomicReference<IOException> notFetched = new java.util.concurrent.atomic.AtomicReference<>();
    String rejected = images.ensureLoaded(job.imageId(), job.spec().image(), () -> {
      try {
        return channel.openImage(job);
      } catch (IOException e) {
        notFetched.set(e);
        throw e;
      }
    });
    if (notFetched.get() != null) {
      // the archive never reached us (platform away, a digest mismatch): our side's failure, not the image's
      throw notFetched.get();
    }
    if (rejected != null) {
      return report(new RunOutcome.ImageRejected(rejected), null, "", 0);
    }
    try {
      return evaluateLoaded(job);
    } finally {
      images.release(job.imageId()); // the image may be pruned again once no run holds it
    }
  }

  /** Runs and scores a job whose image is loaded. */
  private JobReport evaluateLoaded(Job job) throws IOException {
    EvaluationSpec spec = job.spec();
    String refusal = preconditions.refusal(spec, Files.createDirectories(settings.workDir()));
    if (refusal != null) {
      LOG.warn("Submission {} not run: {}", job.submissionId(), refusal);
      return JobReport.evaluatorError("The evaluator cannot run it now: " + refusal
          + ". It will be retried; this does not count against your quota.");
    }
    if (org.palmares.evaluator.protocol.TaskType.byId(spec.task()).isImageTask()) {
      return evaluateImages(job);
    }
    Path inputs = site.hiddenFile(spec.challenge(), spec.hidden().inputs());
    Path labels = site.hiddenFile(spec.challenge(), spec.hidden().labels());
    // Owner-only (0700): it will hold what the container wrote, derived from hidden data. The container
    // never sees it: /output is a tmpfs in the container, handed back as a tar and unpacked here.
    Path runDir = Files.createTempDirectory(Files.createDirectories(settings.workDir()), RUN_FOLDER_PREFIX,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      Path output = Files.createDirectory(runDir.resolve("output"));
      SandboxResult result = sandbox.run(SandboxRun.of(job.imageId(), inputs, spec.hidden().inputName(), output,
          spec.limits(),
          Map.of("org.palmares.submission", job.submissionId(), "org.palmares.attempt", String.valueOf(job.attempt()))));
      double seconds = result.elapsed().toMillis() / 1000.0;
      String runtime = result.runtime();
      if (!(result.outcome() instanceof RunOutcome.Succeeded)) {
        return report(result.outcome(), null, result.logTail(), seconds, runtime);
      }
      if (spec.scoringImage() != null) {
        return scoreWithImage(job, output, labels, runDir, result.logTail(), seconds, runtime);
      }
      Path predictions = output.resolve(spec.predictions().file());
      // A link could point anywhere on our side, a FIFO would block us: only a plain file is read.
      if (!Files.isRegularFile(predictions, LinkOption.NOFOLLOW_LINKS)) {
        return report(new RunOutcome.InvalidOutput("the container exited normally but wrote no file /output/"
            + spec.predictions().file(), ProblemKind.NO_PREDICTIONS_FILE, null), null, result.logTail(), seconds,
            runtime);
      }
      try {
        ScoreReport scores = Scorer.score(spec, labels, predictions);
        return report(result.outcome(), scores, result.logTail(), seconds, runtime);
      } catch (InvalidPredictionsException e) {
        return report(new RunOutcome.InvalidOutput(e.getMessage(), e.kind(), e.column()), null, result.logTail(),
            seconds, runtime);
      }
    } finally {
      deleteTree(runDir);
    }
  }

  /**
   * Runs and scores an image task: the case list is copied in as {@code /input/cases.csv}, the
   * hidden images are mounted read-only at {@code /input/images} (never copied), and the outputs
   * are scored case by case ({@link org.palmares.evaluator.image.ImageScorer}), or, for image
   * classification, as the CSV of class probabilities.
   */
  private JobReport evaluateImages(Job job) throws IOException {
    EvaluationSpec spec = job.spec();
    EvaluationSpec.ImageTask image = spec.imageTask();
    Path cases = site.hiddenFile(spec.challenge(), spec.hidden().inputs());
    Path labels = site.hiddenFile(spec.challenge(), spec.hidden().labels());
    Path images = site.hiddenFolder(spec.challenge(), image.images());
    Path runDir = Files.createTempDirectory(Files.createDirectories(settings.workDir()), RUN_FOLDER_PREFIX,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      Path output = Files.createDirectory(runDir.resolve("output"));
      SandboxResult result = sandbox.run(new SandboxRun(job.imageId(),
          List.of(new SandboxRun.Mount(cases, IMAGE_CASES_NAME)), output, spec.limits(),
          Map.of("org.palmares.submission", job.submissionId(), "org.palmares.attempt", String.valueOf(job.attempt())),
          List.of(new SandboxRun.Mount(images, IMAGE_FOLDER_NAME)), spec.gpus().count()));
      double seconds = result.elapsed().toMillis() / 1000.0;
      if (!(result.outcome() instanceof RunOutcome.Succeeded)) {
        return report(result.outcome(), null, result.logTail(), seconds, result.runtime());
      }
      try {
        ScoreReport scores;
        if (org.palmares.evaluator.protocol.TaskType.byId(spec.task())
            == org.palmares.evaluator.protocol.TaskType.IMAGE_CLASSIFICATION) {
          Path predictions = output.resolve(spec.predictions().file());
          if (!Files.isRegularFile(predictions, LinkOption.NOFOLLOW_LINKS)) {
            return report(new RunOutcome.InvalidOutput("the container exited normally but wrote no file /output/"
                + spec.predictions().file(), ProblemKind.NO_PREDICTIONS_FILE, null), null, result.logTail(), seconds,
                result.runtime());
          }
          scores = Scorer.score(spec, labels, predictions);
        } else {
          scores = org.palmares.evaluator.image.ImageScorer.score(spec, labels, images,
              site.hiddenFolder(spec.challenge(), image.truth()), output);
        }
        return report(result.outcome(), scores, result.logTail(), seconds, result.runtime());
      } catch (InvalidPredictionsException e) {
        return report(new RunOutcome.InvalidOutput(e.getMessage(), e.kind(), e.column()), null, result.logTail(),
            seconds, result.runtime());
      }
    } finally {
      deleteTree(runDir);
    }
  }

  /** What the container of an image task sees: {@code /input/cases.csv} and {@code /input/images/}. */
  static final String IMAGE_CASES_NAME = "cases.csv";
  static final String IMAGE_FOLDER_NAME = "images";

  /** Scores with the challenge's scoring image; its failures are the submission's only when it says so. */
  private JobReport scoreWithImage(Job job, Path output, Path labels, Path runDir, String logTail, double seconds,
      String runtime) throws IOException {
    EvaluationSpec spec = job.spec();
    try {
      ScoreReport scores = scoringImage.score(job.submissionId(), spec, output, labels, runDir);
      return report(new RunOutcome.Succeeded(), scores, logTail, seconds, runtime);
    } catch (ScoringImage.ScoringFailure failure) {
      if (failure.submissionAtFault) {
        return report(new RunOutcome.InvalidOutput(failure.getMessage(), ProblemKind.REFUSED_BY_SCORER, null), null,
            logTail, seconds, runtime);
      }
      LOG.error("Scoring image of {} failed on submission {}: {}", spec.challenge(), job.submissionId(),
          failure.getMessage());
      return new JobReport(JobReport.SCORING_FAILED, "The submission ran, but " + failure.getMessage()
          + ". The organizers must fix it; this does not count against your quota.", false, null, logTail, seconds,
          ProblemKind.SCORING_FAILED, null, null, runtime);
    }
  }

  private static JobReport report(RunOutcome outcome, ScoreReport scores, String logs, double seconds) {
    return report(outcome, scores, logs, seconds, null);
  }

  private static JobReport report(RunOutcome outcome, ScoreReport scores, String logs, double seconds,
      String runtime) {
    Integer exitCode = outcome instanceof RunOutcome.ExitedNonZero exited ? (int) exited.exitCode() : null;
    return new JobReport(outcome.kind(), outcome.sentence(), outcome.submissionAtFault(), scores, logs, seconds,
        outcome.problem(), outcome.problemColumn(), exitCode, runtime);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.warn("Could not delete {}: {}", p, e.getMessage());
        }
      });
    } catch (IOException e) {
      LOG.warn("Could not clean {}: {}", dir, e.getMessage());
    }
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
