package org.palmares.evaluator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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
 * containers; their leases expire and the platform hands the jobs out again.
 */
public final class Evaluator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);
  /** The longest wait between calls while the platform does not answer (so it is found again soon after). */
  private static final Duration PLATFORM_AWAY_MAX_WAIT = Duration.ofSeconds(30);
  /** The longest wait between tries of a report (one call per job: it may be sooner than for leases). */
  private static final Duration REPORT_MAX_WAIT = Duration.ofSeconds(10);
  /** How long a finished run's report is tried again before the run is given up (its lease then expires). */
  private static final Duration REPORT_PATIENCE = Duration.ofMinutes(10);

  /**
   * Settings of an evaluator.
   *
   * @param name              identifies this evaluator across restarts (its orphan containers are reaped by it)
   * @param incarnation       identifies this start of it: worker names derive from it, so a restarted
   *                          evaluator never passes for the one that held a lease before the crash
   * @param workDir           where per-run output folders are made
   * @param workers           how many jobs may run at once at most (the budget may allow fewer)
   * @param idlePoll          how often an idle worker asks for work when not woken up
   * @param heartbeatInterval how often a running job's lease is extended
   */
  public record Settings(String name, String incarnation, Path workDir, int workers, Duration idlePoll, Duration heartbeatInterval) {}

  private final Settings settings;
  private final JobChannel channel;
  private final DockerSandbox sandbox;
  private final DockerImages images;
  private final SiteData site;
  private final ResourceBudget budget;
  private final ScoringImage scoringImage;
  private final Object wakeUp = new Object();
  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("evaluator-heartbeat").factory());
  private volatile boolean running;

  public Evaluator(Settings settings, JobChannel channel, DockerSandbox sandbox, DockerImages images,
      SiteData site, Capacity machine) {
    this.settings = settings;
    this.channel = channel;
    this.sandbox = sandbox;
    this.images = images;
    this.site = site;
    this.budget = new ResourceBudget(machine);
    this.scoringImage = new ScoringImage(sandbox);
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
    com.github.dockerjava.api.DockerClient docker = org.palmares.evaluator.sandbox.DockerClients.fromEnvironment();
    org.palmares.evaluator.sandbox.DockerClients.requireEngine(docker);
    com.github.dockerjava.api.model.Info info = docker.infoCmd().exec();
    int cpus = info.getNCPU() == null ? Runtime.getRuntime().availableProcessors() : info.getNCPU();
    long memory = info.getMemTotal() == null ? Runtime.getRuntime().maxMemory() : info.getMemTotal();
    return new Evaluator(
        new Settings(name, name + "#" + java.util.UUID.randomUUID().toString().substring(0, 8), workDir,
            Math.max(1, cpus), idlePoll, heartbeatInterval),
        channel, new DockerSandbox(docker, name, java.time.Clock.systemUTC()), new DockerImages(docker),
        new SiteData(siteRoot), new Capacity(cpus, memory / 5 * 4));
  }

  /** Reaps containers a previous run of this evaluator left behind, then starts the workers. */
  public synchronized void start() throws IOException {
    Files.createDirectories(settings.workDir());
    sandbox.reapOrphans();
    running = true;
    for (int i = 1; i <= settings.workers(); i++) {
      String worker = settings.incarnation() + "/" + i;
      workers.add(Thread.ofPlatform().name("evaluator-" + worker).start(() -> work(worker)));
    }
    LOG.info("Evaluator {} started: {} worker(s), budget {} CPUs / {} MiB", settings.name(), settings.workers(),
        budget.total().cpus(), budget.total().memoryBytes() / (1024 * 1024));
  }

  /** Tells idle workers that a job may be waiting, so they need not wait for their next poll. */
  public void wakeUp() {
    synchronized (wakeUp) {
      wakeUp.notifyAll();
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
    heartbeats.shutdownNow();
  }

  private void work(String worker) {
    Backoff backoff = new Backoff(settings.idlePoll(), PLATFORM_AWAY_MAX_WAIT);
    while (running && !Thread.currentThread().isInterrupted()) {
      try {
        Optional<Job> leased;
        Capacity asked = null;
        synchronized (budget) {
          leased = channel.lease(worker, budget.free());
          if (leased.isPresent()) {
            asked = Capacity.of(leased.get().spec().limits());
            budget.reserve(asked);
          }
        }
        if (backoff.succeeded()) {
          LOG.info("Worker {} reaches the platform again", worker);
        }
        if (leased.isEmpty()) {
          synchronized (wakeUp) {
            wakeUp.wait(settings.idlePoll().toMillis());
          }
          continue;
        }
        try {
          runLeased(leased.get());
        } finally {
          budget.release(asked);
          wakeUp(); // capacity freed: another worker may now fit a job
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
   * Reports, trying again while the platform is away for a while: a finished run is not thrown
   * away for a minute's outage. Reports are fenced and idempotent, so a late or repeated one is
   * harmless (the platform refuses it if the lease went to someone else meanwhile).
   */
  private void reportPatiently(Job job, JobReport report) {
    Backoff backoff = new Backoff(settings.idlePoll(), REPORT_MAX_WAIT);
    long giveUpAt = System.nanoTime() + REPORT_PATIENCE.toNanos();
    while (true) {
      try {
        channel.report(job, report);
        if (backoff.failures() > 0) {
          LOG.info("Report of submission {} attempt {} delivered after {} failed tries", job.submissionId(),
              job.attempt(), backoff.failures());
        }
        return;
      } catch (RuntimeException e) {
        if (!running || Thread.currentThread().isInterrupted() || System.nanoTime() - giveUpAt > 0) {
          throw e;
        }
        Duration wait = backoff.failed();
        if (backoff.failures() == 1) {
          LOG.warn("Report of submission {} attempt {} not delivered ({}); trying again", job.submissionId(),
              job.attempt(), e.toString());
        }
        sleepQuietly(wait);
      }
    }
  }

  private void runLeased(Job job) {
    java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
    // with a fixed delay, beats missed while the platform was away do not all fire at once when it is back
    ScheduledFuture<?> heartbeat = heartbeats.scheduleWithFixedDelay(() -> {
      try {
        if (!channel.heartbeat(job)) {
          // The platform gave the job to someone else: stop spending a slot on it (its report would be refused).
          LOG.warn("Lease on submission {} attempt {} was lost; stopping its run", job.submissionId(), job.attempt());
          sandbox.stopRunsOf(job.submissionId(), job.attempt());
        }
        failing.set(false);
      } catch (RuntimeException e) {
        if (!failing.getAndSet(true)) { // once per outage, not at every beat
          LOG.warn("Heartbeat for {} failed: {}", job.submissionId(), e.toString());
        }
      }
    }, settings.heartbeatInterval().toMillis(), settings.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
    // The lease is kept alive until the report is delivered, however long the platform is away.
    try {
      JobReport report;
      try {
        report = evaluate(job);
      } catch (DockerSandbox.SandboxInterruptedException e) {
        throw e; // shutting down: leave the lease to expire, the job will be retried
      } catch (Exception e) {
        LOG.error("Evaluation of {} failed on our side", job.submissionId(), e);
        report = JobReport.evaluatorError("the evaluator failed while running the submission ("
            + e.getClass().getSimpleName() + "); it will be retried");
      }
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      reportPatiently(job, report);
      LOG.info("Submission {} attempt {}: {}", job.submissionId(), job.attempt(), report.outcome());
    } finally {
      heartbeat.cancel(false);
    }
  }

  /** Loads, runs and scores one job; the outcome is a value, exceptions mean our own failure. */
  JobReport evaluate(Job job) throws IOException {
    EvaluationSpec spec = job.spec();
    String rejected = images.ensureLoaded(job.imageId(), () -> channel.openImage(job));
    if (rejected != null) {
      return report(new RunOutcome.ImageRejected(rejected), null, "", 0);
    }
    Path inputs = site.hiddenFile(spec.challenge(), spec.hidden().inputs());
    Path labels = site.hiddenFile(spec.challenge(), spec.hidden().labels());
    Path runDir = Files.createTempDirectory(Files.createDirectories(settings.workDir()), "run-");
    try {
      Path output = runDir.resolve("output");
      Files.createDirectory(output);
      // The sandbox user (65534) is not us: let it write, and only there.
      Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rwxrwxrwx"));
      SandboxResult result = sandbox.run(SandboxRun.of(job.imageId(), inputs, spec.hidden().inputName(), output,
          spec.limits(),
          Map.of("org.palmares.submission", job.submissionId(), "org.palmares.attempt", String.valueOf(job.attempt()))));
      double seconds = result.elapsed().toMillis() / 1000.0;
      if (!(result.outcome() instanceof RunOutcome.Succeeded)) {
        return report(result.outcome(), null, result.logTail(), seconds);
      }
      if (spec.scoringImage() != null) {
        return scoreWithImage(job, output, labels, runDir, result.logTail(), seconds);
      }
      Path predictions = output.resolve(spec.predictions().file());
      // A link could point anywhere on our side, a FIFO would block us: only a plain file is read.
      if (!Files.isRegularFile(predictions, LinkOption.NOFOLLOW_LINKS)) {
        return report(new RunOutcome.InvalidOutput("the container exited normally but wrote no file /output/"
            + spec.predictions().file()), null, result.logTail(), seconds);
      }
      try {
        ScoreReport scores = Scorer.score(spec, labels, predictions);
        return report(result.outcome(), scores, result.logTail(), seconds);
      } catch (InvalidPredictionsException e) {
        return report(new RunOutcome.InvalidOutput(e.getMessage()), null, result.logTail(), seconds);
      }
    } finally {
      deleteTree(runDir);
    }
  }

  /** Scores with the challenge's scoring image; its failures are the submission's only when it says so. */
  private JobReport scoreWithImage(Job job, Path output, Path labels, Path runDir, String logTail, double seconds)
      throws IOException {
    EvaluationSpec spec = job.spec();
    try {
      ScoreReport scores = scoringImage.score(job.submissionId(), spec, output, labels, runDir);
      return report(new RunOutcome.Succeeded(), scores, logTail, seconds);
    } catch (ScoringImage.ScoringFailure failure) {
      if (failure.submissionAtFault) {
        return report(new RunOutcome.InvalidOutput(failure.getMessage()), null, logTail, seconds);
      }
      LOG.error("Scoring image of {} failed on submission {}: {}", spec.challenge(), job.submissionId(),
          failure.getMessage());
      return new JobReport(JobReport.SCORING_FAILED, "The submission ran, but " + failure.getMessage()
          + ". The organizers must fix it; this does not count against your quota.", false, null, logTail, seconds);
    }
  }

  private static JobReport report(RunOutcome outcome, ScoreReport scores, String logs, double seconds) {
    return new JobReport(outcome.kind(), outcome.sentence(), outcome.submissionAtFault(), scores, logs, seconds);
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
