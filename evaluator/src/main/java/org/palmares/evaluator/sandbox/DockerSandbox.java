package org.palmares.evaluator.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.SELContext;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.WaitResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.palmares.evaluator.protocol.SandboxLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a submission's image in a locked-down container and reports how it ended.
 *
 * <p>The container gets: gVisor's {@code runsc} runtime where the engine offers it, no network, a
 * read-only root filesystem, the unprivileged user 65534, no capabilities, no-new-privileges, a
 * pids limit, memory equal to memory+swap, a CPU quota, and an environment of the image's own
 * only. Its writable places are tmpfs, capped by the kernel: {@code /tmp} (1777), {@code /dev/shm},
 * and {@code /output} (owned by 65534, a little above the output cap). The inputs are copied into
 * a fresh engine volume mounted read-only at {@code /input} ({@link InputVolume}); a static
 * busybox is the only host file mounted, as the in-container {@link Supervisor}, which kills the
 * model at its deadline even when no evaluator watches and hands {@code /output} back as a tar
 * on stdout; the logs kept are stderr only. Every container carries {@link #MANAGED_LABEL} and its
 * {@link #DEADLINE_LABEL} and is removed after the run, whatever happens; {@link #reapOrphans}
 * removes what crashed processes left behind, whichever evaluator they belonged to.
 */
public final class DockerSandbox {
  /** Label on every container and volume we make; orphans are found by it. */
  public static final String MANAGED_LABEL = "org.palmares.managed";
  /** Label naming the evaluator that owns a container. */
  public static final String OWNER_LABEL = "org.palmares.evaluator";
  /** Label with the epoch second after which a running container of ours is past its limit. */
  public static final String DEADLINE_LABEL = "org.palmares.deadline";
  /** Label with the epoch second a volume of ours was made. */
  public static final String CREATED_LABEL = "org.palmares.created";
  /** Label saying what a container is for when it is not a run (e.g. {@link #ROLE_INPUT_COPY}). */
  public static final String ROLE_LABEL = "org.palmares.role";
  /** Role of the never-started container through which inputs are copied into their volume. */
  public static final String ROLE_INPUT_COPY = "input-copy";
  /** The unprivileged user every submission runs as (nobody:nogroup on Debian). */
  public static final String SANDBOX_USER = "65534:65534";
  /** Where the input file appears inside the container. */
  public static final String INPUT_DIR = "/input";
  /** Where the container must write its output. */
  public static final String OUTPUT_DIR = "/output";
  /** gVisor's runtime name, as {@code scripts/ensure-docker.sh} registers it. */
  public static final String RUNSC = "runsc";
  /** The engine's default runtime. */
  public static final String RUNC = "runc";
  /** Environment variable forcing a runtime ({@code runsc} or {@code runc}). */
  public static final String RUNTIME_ENV = "PALMARES_SANDBOX_RUNTIME";
  /** How long an exit by SIGKILL waits for the engine's OOM flag (see {@code settled}). */
  private static final Duration OOM_FLAG_WAIT = Duration.ofSeconds(1);
  /** Environment variable naming the static busybox on the engine's host (default {@code /bin/busybox}). */
  public static final String BUSYBOX_ENV = "PALMARES_BUSYBOX";

  /** The in-container deadline is the wall-clock limit plus this (the evaluator, when alive, kills first). */
  static final long SUPERVISOR_GRACE_SECONDS = 2;
  /** The deadline label allows this for the start and the hand-back of /output. */
  static final long START_SLACK_SECONDS = 10;
  /**
   * Under gVisor the engine's pids limit applies to the sandbox kernel's own host threads (about 40
   * idle, more under load), and its Go runtime dies when it cannot make one: the limit is raised by
   * this much so that a fork bomb meets the memory limit first (it then ends OOM_KILLED).
   */
  static final long RUNSC_PIDS_HEADROOM = 1024;
  /** The /output tmpfs is this much above the cap: a file of exactly the cap still fits its pages. */
  static final long OUTPUT_TMPFS_SLACK = 64 * 1024;
  private static final Duration WATCH_INTERVAL = Duration.ofMillis(100);
  /** How long the hand-back of /output may take once the container has exited. */
  private static final Duration HAND_BACK = Duration.ofSeconds(20);
  private static final Logger LOG = LoggerFactory.getLogger(DockerSandbox.class);

  /**
   * When a container of Palmarès on this engine is an orphan, whoever started it: several live
   * evaluators may share an engine, so only what no live one can still want is removed.
   *
   * @param pastDeadline a running container this long past its deadline label
   * @param exited       an exited container this long after it finished
   * @param neverStarted a created, never started run container this long after its creation
   */
  public record OrphanPolicy(Duration pastDeadline, Duration exited, Duration neverStarted) {
    public static final OrphanPolicy DEFAULT = new OrphanPolicy(Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofSeconds(60));
  }

  private final DockerClient docker;
  private final String owner;
  private final Clock clock;
  private final String runtime;
  private final String busybox;
  private final OrphanPolicy orphans;

  /** A sandbox on the runtime the engine and the environment choose ({@link #chooseRuntime}). */
  public DockerSandbox(DockerClient docker, String owner, Clock clock) {
    this(docker, owner, clock, chooseRuntime(docker, System.getenv(RUNTIME_ENV)), OrphanPolicy.DEFAULT);
  }

  public DockerSandbox(DockerClient docker, String owner, Clock clock, String runtime, OrphanPolicy orphans) {
    this.docker = docker;
    this.owner = owner;
    this.clock = clock;
    this.runtime = runtime;
    this.orphans = orphans;
    this.busybox = StaticBinary.require(Path.of(System.getenv().getOrDefault(BUSYBOX_ENV, "/bin/busybox")));
  }

  /** The runtimes the engine offers, by name. */
  public static List<String> runtimesOf(DockerClient docker) {
    Map<String, ?> runtimes = docker.infoCmd().exec().getRuntimes();
    return runtimes == null ? List.of(RUNC) : List.copyOf(runtimes.keySet());
  }

  /**
   * gVisor's {@code runsc} when the engine lists it, else {@code runc} with a warning; {@code forced}
   * (e.g. from {@link #RUNTIME_ENV}) picks one, and must be offered.
   */
  public static String chooseRuntime(DockerClient docker, String forced) {
    List<String> offered = runtimesOf(docker);
    if (forced != null && !forced.isBlank()) {
      if (!offered.contains(forced)) {
        throw new IllegalStateException("The sandbox runtime " + forced + " was asked for (" + RUNTIME_ENV
            + ") but the Docker engine offers only " + offered + "; scripts/ensure-docker.sh registers runsc");
      }
      return forced;
    }
    if (offered.contains(RUNSC)) {
      return RUNSC;
    }
    LOG.warn("The Docker engine has no gVisor runtime (runsc): sandboxes run under runc, sharing the host's kernel."
        + " scripts/ensure-docker.sh installs and registers runsc on Debian.");
    return RUNC;
  }

  /** The runtime this sandbox's containers run under. */
  public String runtime() {
    return runtime;
  }

  /** Runs the image to completion, timeout or kill, then removes the container and its input volume. */
  public SandboxResult run(SandboxRun run) {
    SandboxLimits limits = run.limits();
    Map<String, String> labels = new HashMap<>(run.labels());
    labels.put(MANAGED_LABEL, "true");
    labels.put(OWNER_LABEL, owner);
    String volume = InputVolume.create(docker, run.imageId(), run.inputs(),
        run.mounted().stream().map(SandboxRun.Mount::name).toList(), labels, clock.instant());
    List<String> bound = new ArrayList<>();
    String containerId = null;
    try {
      for (SandboxRun.Mount mount : run.mounted()) {
        bound.add(ReadOnlyFolder.create(docker, mount.host(), labels, clock.instant()));
      }
      containerId = create(run, volume, bound, labels);
      return runCreated(containerId, run);
    } finally {
      if (containerId != null) {
        remove(containerId);
      }
      removeVolume(volume);
      bound.forEach(this::removeVolume); // a bind volume's removal unmounts it; the site's files stay
    }
  }

  private SandboxResult runCreated(String containerId, SandboxRun run) {
    SandboxLimits limits = run.limits();
    LogTail logs = new LogTail((int) limits.logBytes());
    Pipe pipe;
    try {
      pipe = Pipe.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    InputStream tarIn = Channels.newInputStream(pipe.source());
    CompletableFuture<OutputArchive.Unpacked> unpacked = CompletableFuture.supplyAsync(() -> {
      try (tarIn) {
        return OutputArchive.unpack(tarIn, run.outputDir(), limits.outputBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, Thread::startVirtualThread);
    try (OutputStream tarOut = Channels.newOutputStream(pipe.sink());
         Attached attached = docker.attachContainerCmd(containerId).withStdOut(true).withStdErr(true)
             .withFollowStream(true).exec(new Attached(tarOut, logs))) {
      attached.awaitStarted(30, TimeUnit.SECONDS);
      Instant started = clock.instant();
      docker.startContainerCmd(containerId).exec();
      boolean timedOut = watch(containerId, limits, started, unpacked);
      Duration elapsed = Duration.between(started, clock.instant());
      attached.awaitCompletion(HAND_BACK.toSeconds(), TimeUnit.SECONDS);
      attached.closeOutput();
      InspectContainerResponse.ContainerState state = settled(containerId,
          docker.inspectContainerCmd(containerId).exec().getState());
      OutputArchive.Unpacked output = handedBack(unpacked);
      RunOutcome outcome;
      if (timedOut || exitedAtSupervisorDeadline(state, elapsed, limits)) {
        outcome = new RunOutcome.TimedOut(limits.wallClockSeconds());
      } else if (output.tooLarge()) {
        outcome = new RunOutcome.OutputTooLarge(limits.outputBytes());
      } else {
        outcome = exitOutcome(state, limits);
      }
      return new SandboxResult(outcome, elapsed, logs.text(), runtime);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(containerId);
      throw new SandboxInterruptedException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      unpacked.cancel(true);
    }
  }

  /** What /output held, or an empty hand-back when the stream broke (e.g. the container was killed). */
  private static OutputArchive.Unpacked handedBack(CompletableFuture<OutputArchive.Unpacked> unpacked)
      throws InterruptedException {
    try {
      return unpacked.get(HAND_BACK.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("No complete /output hand-back: {}", e.toString());
      return new OutputArchive.Unpacked(0, 0, false);
    }
  }

  /**
   * The state once the engine's OOM flag had its chance to land: a SIGKILL (137) is how the kernel's
   * OOM killer ends the model, and the engine may record the OOM event a moment after the exit
   * (seen under runsc: 2 of 55 memory hogs read as a plain exit 137 in a soak). Waits at most
   * {@link #OOM_FLAG_WAIT}, only for an exit 137 without the flag.
   */
  private InspectContainerResponse.ContainerState settled(String containerId,
      InspectContainerResponse.ContainerState state) throws InterruptedException {
    Instant until = Instant.now().plus(OOM_FLAG_WAIT);
    while (Long.valueOf(137).equals(state.getExitCodeLong()) && !Boolean.TRUE.equals(state.getOOMKilled())
        && Instant.now().isBefore(until)) {
      Thread.sleep(100);
      state = docker.inspectContainerCmd(containerId).exec().getState();
    }
    return state;
  }

  /** The supervisor killed the model at its own deadline (we were late, or not watching). */
  private static boolean exitedAtSupervisorDeadline(InspectContainerResponse.ContainerState state, Duration elapsed,
      SandboxLimits limits) {
    Long code = state.getExitCodeLong();
    return code != null && code == 137 && !Boolean.TRUE.equals(state.getOOMKilled())
        && elapsed.compareTo(limits.wallClock()) >= 0;
  }

  /** Kills this evaluator's running containers of one attempt (its lease was lost). Returns how many. */
  public int stopRunsOf(String submissionId, int attempt) {
    List<Container> running = docker.listContainersCmd()
        .withLabelFilter(Map.of(MANAGED_LABEL, "true", OWNER_LABEL, owner, "org.palmares.submission", submissionId,
            "org.palmares.attempt", String.valueOf(attempt)))
        .exec();
    running.forEach(c -> kill(c.getId()));
    return running.size();
  }

  /**
   * At an evaluator's start: removes every container of this evaluator's name (none of them can
   * be running for us yet) and every orphan of any other ({@link #reapOrphans(boolean)}).
   */
  public int reapOrphans() {
    return reapOrphans(true);
  }

  /**
   * Removes the containers of Palmarès on this engine that no live evaluator can still want, whatever
   * evaluator started them ({@link OrphanPolicy}), and the input volumes nothing uses any more;
   * with {@code includeOwn}, every container of this evaluator's name too. Returns how many
   * containers it removed.
   */
  public int reapOrphans(boolean includeOwn) {
    Instant now = clock.instant();
    List<Container> ours = docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(MANAGED_LABEL, "true")).exec();
    int removed = 0;
    for (Container c : ours) {
      boolean own = owner.equals(c.getLabels().get(OWNER_LABEL));
      if ((includeOwn && own) || isOrphan(c, now)) {
        remove(c.getId());
        removed++;
      }
    }
    reapVolumes(now, includeOwn);
    if (removed > 0) {
      LOG.info("Removed {} sandbox container(s) left by crashed or stopped evaluators", removed);
    }
    return removed;
  }

  private boolean isOrphan(Container c, Instant now) {
    Instant created = Instant.ofEpochSecond(c.getCreated() == null ? 0 : c.getCreated());
    Instant deadline = epochLabel(c.getLabels(), DEADLINE_LABEL);
    String state = c.getState() == null ? "" : c.getState();
    switch (state) {
      case "created" -> {
        if (ROLE_INPUT_COPY.equals(c.getLabels().get(ROLE_LABEL)) && deadline != null) {
          return now.isAfter(deadline);
        }
        return now.isAfter(created.plus(orphans.neverStarted()));
      }
      case "exited", "dead" -> {
        return now.isAfter(finishedAt(c.getId(), created).plus(orphans.exited()));
      }
      default -> {
        // A container of an older version has no deadline: none may run longer than the largest limit.
        Instant limit = deadline != null ? deadline : created.plus(Duration.ofDays(1));
        return now.isAfter(limit.plus(orphans.pastDeadline()));
      }
    }
  }

  private Instant finishedAt(String containerId, Instant fallback) {
    try {
      String finished = docker.inspectContainerCmd(containerId).exec().getState().getFinishedAt();
      Instant at = finished == null ? null : Instant.parse(finished);
      return at == null || at.getEpochSecond() <= 0 ? fallback : at;
    } catch (NotFoundException | DateTimeParseException e) {
      return fallback;
    }
  }

  private void reapVolumes(Instant now, boolean includeOwn) {
    var volumes = docker.listVolumesCmd().withFilter("label", List.of(MANAGED_LABEL + "=true")).exec().getVolumes();
    if (volumes == null) {
      return;
    }
    for (var v : volumes) {
      Map<String, String> labels = v.getLabels() == null ? Map.of() : v.getLabels();
      Instant created = epochLabel(labels, CREATED_LABEL);
      boolean own = owner.equals(labels.get(OWNER_LABEL));
      if ((includeOwn && own) || created == null || now.isAfter(created.plus(orphans.neverStarted()))) {
        removeVolume(v.getName()); // refused while a container uses it: a live run keeps its inputs
      }
    }
  }

  private static Instant epochLabel(Map<String, String> labels, String label) {
    String value = labels == null ? null : labels.get(label);
    try {
      return value == null ? null : Instant.ofEpochSecond(Long.parseLong(value));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private String create(SandboxRun run, String volume, List<String> bound, Map<String, String> labels) {
    SandboxLimits limits = run.limits();
    ContainerConfig image = docker.inspectImageCmd(run.imageId()).exec().getConfig();
    List<String> command = Supervisor.command(limits.wallClockSeconds() + SUPERVISOR_GRACE_SECONDS,
        image == null ? null : image.getEntrypoint(), image == null ? null : image.getCmd());
    List<Bind> binds = new ArrayList<>();
    binds.add(new Bind(busybox, new Volume(Supervisor.BUSYBOX), AccessMode.ro));
    binds.add(new Bind(volume, new Volume(INPUT_DIR), AccessMode.ro, SELContext.none, true));
    for (int i = 0; i < bound.size(); i++) {
      // nocopy: the engine must never seed the site's folder with what the image holds at that path
      binds.add(new Bind(bound.get(i), new Volume(INPUT_DIR + "/" + run.mounted().get(i).name()), AccessMode.ro,
          SELContext.none, true));
    }
    HostConfig host = HostConfig.newHostConfig()
        .withRuntime(runtime)
        .withNetworkMode("none")
        .withReadonlyRootfs(true)
        .withTmpFs(Map.of(
            // Owned by the sandbox user: runc resets the mode to that of the image's /tmp (or of the
            // working directory the engine makes, 755 root), but not the owner.
            "/tmp", "rw,nosuid,nodev,noexec,mode=1777,uid=65534,gid=65534,size=" + limits.tmpBytes(),
            OUTPUT_DIR, "rw,nosuid,nodev,noexec,mode=0700,uid=65534,gid=65534,size="
                + (limits.outputBytes() + OUTPUT_TMPFS_SLACK)))
        .withShmSize(limits.shmBytes())
        .withCapDrop(Capability.ALL)
        .withSecurityOpts(List.of("no-new-privileges"))
        .withPidsLimit(hostPidsLimit(limits))
        .withMemory(limits.memoryBytes())
        .withMemorySwap(limits.memoryBytes())
        .withNanoCPUs((long) (limits.cpus() * 1_000_000_000L))
        .withIpcMode("private")
        .withBinds(binds)
        // The logs are read live from the attached stream (stderr only): nothing is written on the host.
        .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE, Map.of()));
    if (run.gpus() > 0) {
      // untested here (no GPU machine): the NVIDIA container runtime's device request
      host.withDeviceRequests(List.of(new com.github.dockerjava.api.model.DeviceRequest().withDriver("nvidia")
          .withCount(run.gpus()).withCapabilities(List.of(List.of("gpu")))));
    }
    Map<String, String> withDeadline = new HashMap<>(labels);
    withDeadline.put(DEADLINE_LABEL, String.valueOf(clock.instant().getEpochSecond() + limits.wallClockSeconds()
        + SUPERVISOR_GRACE_SECONDS + START_SLACK_SECONDS));
    return docker.createContainerCmd(run.imageId())
        .withHostConfig(host)
        .withUser(SANDBOX_USER)
        .withNetworkDisabled(true)
        .withLabels(withDeadline)
        .withWorkingDir("/tmp")
        .withEntrypoint(Supervisor.entrypoint())
        .withCmd(command)
        .exec()
        .getId();
  }

  private long hostPidsLimit(SandboxLimits limits) {
    return RUNSC.equals(runtime) ? limits.pids() + RUNSC_PIDS_HEADROOM : limits.pids();
  }

  /**
   * Waits for the container to exit, killing it at the wall-clock limit or when its output
   * hand-back went past the cap. Returns whether it was killed at the limit.
   */
  private boolean watch(String containerId, SandboxLimits limits, Instant started,
      CompletableFuture<OutputArchive.Unpacked> unpacked) throws InterruptedException, IOException {
    Instant deadline = started.plus(limits.wallClock());
    CompletableFuture<Void> exited = new CompletableFuture<>();
    // Our own completion signal: docker-java's awaitCompletion(timeout) closes the stream when it times out.
    try (ResultCallback.Adapter<WaitResponse> waiting = docker.waitContainerCmd(containerId)
        .exec(new ResultCallback.Adapter<>() {
          @Override
          public void onComplete() {
            exited.complete(null);
            super.onComplete();
          }

          @Override
          public void onError(Throwable error) {
            exited.complete(null); // the wait stream broke: fall back to asking the engine below
            super.onError(error);
          }
        })) {
      while (true) {
        try {
          exited.get(WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
          if (!isRunning(containerId)) {
            return false;
          }
          Thread.sleep(WATCH_INTERVAL); // wait stream broke while it still runs: poll
        } catch (TimeoutException stillRunning) {
          // fall through to the checks
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        }
        if (unpacked.isDone() && !unpacked.isCompletedExceptionally() && unpacked.getNow(null).tooLarge()) {
          kill(containerId); // flooding stdout with tar headers: nothing more will be read
          return false;
        }
        if (!clock.instant().isBefore(deadline)) {
          kill(containerId);
          return true;
        }
      }
    }
  }

  private boolean isRunning(String containerId) {
    return Boolean.TRUE.equals(docker.inspectContainerCmd(containerId).exec().getState().getRunning());
  }

  private static RunOutcome exitOutcome(InspectContainerResponse.ContainerState state, SandboxLimits limits) {
    if (Boolean.TRUE.equals(state.getOOMKilled())) {
      return new RunOutcome.OomKilled(limits.memoryBytes() / (1024 * 1024));
    }
    Long code = state.getExitCodeLong();
    if (code != null && code != 0) {
      return new RunOutcome.ExitedNonZero(code);
    }
    return new RunOutcome.Succeeded();
  }

  private void kill(String containerId) {
    try {
      docker.killContainerCmd(containerId).exec();
    } catch (RuntimeException e) {
      LOG.debug("Kill of {} failed (already stopped?): {}", containerId, e.getMessage());
    }
  }

  private void remove(String containerId) {
    try {
      docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // already gone
    } catch (RuntimeException e) {
      LOG.warn("Could not remove sandbox container {}: {}", containerId, e.getMessage());
    }
  }

  private void removeVolume(String volume) {
    try {
      docker.removeVolumeCmd(volume).exec();
    } catch (NotFoundException | ConflictException e) {
      // gone, or still used by a live run
    } catch (RuntimeException e) {
      LOG.warn("Could not remove input volume {}: {}", volume, e.getMessage());
    }
  }

  /**
   * The attached streams: stdout is the supervisor's tar of /output, piped to the unpacker;
   * stderr is the model's log (its stdout included), kept as a tail.
   */
  private static final class Attached extends ResultCallback.Adapter<Frame> {
    private final OutputStream tar;
    private final LogTail logs;
    private volatile boolean tarClosed;

    Attached(OutputStream tar, LogTail logs) {
      this.tar = tar;
      this.logs = logs;
    }

    @Override
    public void onNext(Frame frame) {
      if (frame.getStreamType() == StreamType.STDOUT) {
        if (!tarClosed) {
          try {
            tar.write(frame.getPayload());
          } catch (IOException e) {
            tarClosed = true; // the unpacker stopped reading (cap reached): drop the rest
          }
        }
      } else {
        logs.append(frame.getPayload());
      }
    }

    @Override
    public void onComplete() {
      closeOutput();
      super.onComplete();
    }

    @Override
    public void onError(Throwable error) {
      closeOutput();
      super.onError(error);
    }

    void closeOutput() {
      tarClosed = true;
      try {
        tar.close();
      } catch (IOException e) {
        // nothing to add
      }
    }
  }

  /** Thrown when the evaluator is shutting down in the middle of a run; the container was killed. */
  public static final class SandboxInterruptedException extends RuntimeException {
    SandboxInterruptedException(InterruptedException cause) {
      super("interrupted while a sandbox was running", cause);
    }
  }
}
