package org.palmares.evaluator.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.WaitResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.palmares.evaluator.protocol.SandboxLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a submission's image in a locked-down container and reports how it ended.
 *
 * <p>The container gets: no network, a read-only root filesystem, a size-capped tmpfs /tmp, the
 * unprivileged user 65534, no capabilities, no-new-privileges, a pids limit, memory equal to
 * memory+swap, a CPU quota, a capped json-file log, and an empty environment beyond the image's
 * own. Only the inputs (read-only) and the output folder are mounted. Every container carries
 * {@link #MANAGED_LABEL} and is removed after the run, whatever happens; {@link #reapOrphans()}
 * removes those left behind by a crash.
 */
public final class DockerSandbox {
  /** Label on every container we start; orphans are found by it. */
  public static final String MANAGED_LABEL = "org.palmares.managed";
  /** Label naming the evaluator that owns a container, so evaluators sharing an engine reap only their own. */
  public static final String OWNER_LABEL = "org.palmares.evaluator";
  /** The unprivileged user every submission runs as (nobody:nogroup on Debian). */
  public static final String SANDBOX_USER = "65534:65534";
  /** Where the input file appears inside the container. */
  public static final String INPUT_DIR = "/input";
  /** Where the container must write its output. */
  public static final String OUTPUT_DIR = "/output";

  private static final Logger LOG = LoggerFactory.getLogger(DockerSandbox.class);
  /** How often the output folder's size is checked while the container runs. */
  private static final Duration WATCH_INTERVAL = Duration.ofMillis(100);

  private final DockerClient docker;
  private final String owner;
  private final Clock clock;

  public DockerSandbox(DockerClient docker, String owner, Clock clock) {
    this.docker = docker;
    this.owner = owner;
    this.clock = clock;
  }

  /** Runs the image to completion, timeout or kill, then removes the container. */
  public SandboxResult run(SandboxRun run) {
    SandboxLimits limits = run.limits();
    String containerId = create(run);
    Instant started = clock.instant();
    try {
      docker.startContainerCmd(containerId).exec();
      RunOutcome stopped = watch(containerId, run, started);
      Duration elapsed = Duration.between(started, clock.instant());
      InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containerId).exec().getState();
      String logs = logTail(containerId, (int) limits.logBytes());
      RunOutcome outcome = stopped != null ? stopped : exitOutcome(state, limits);
      return new SandboxResult(outcome, elapsed, logs);
    } finally {
      remove(containerId);
    }
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

  /** Removes every container this evaluator left behind (e.g. after a crash). Returns how many. */
  public int reapOrphans() {
    List<Container> orphans = docker.listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(MANAGED_LABEL, "true", OWNER_LABEL, owner))
        .exec();
    orphans.forEach(c -> remove(c.getId()));
    if (!orphans.isEmpty()) {
      LOG.info("Removed {} sandbox container(s) left by an earlier run", orphans.size());
    }
    return orphans.size();
  }

  private String create(SandboxRun run) {
    SandboxLimits limits = run.limits();
    List<Bind> binds = new java.util.ArrayList<>();
    for (SandboxRun.Mount mount : run.inputs()) {
      binds.add(new Bind(mount.host().toAbsolutePath().toString(), new Volume(INPUT_DIR + "/" + mount.name()),
          AccessMode.ro));
    }
    binds.add(new Bind(run.outputDir().toAbsolutePath().toString(), new Volume(OUTPUT_DIR), AccessMode.rw));
    HostConfig host = HostConfig.newHostConfig()
        .withNetworkMode("none")
        .withReadonlyRootfs(true)
        .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,noexec,size=" + limits.tmpBytes()))
        .withCapDrop(Capability.ALL)
        .withSecurityOpts(List.of("no-new-privileges"))
        .withPidsLimit(limits.pids())
        .withMemory(limits.memoryBytes())
        .withMemorySwap(limits.memoryBytes())
        .withNanoCPUs((long) (limits.cpus() * 1_000_000_000L))
        .withIpcMode("private")
        .withBinds(binds)
        .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE,
            Map.of("max-size", String.valueOf(Math.max(limits.logBytes() * 2, 65536)), "max-file", "1")));
    Map<String, String> labels = new HashMap<>(run.labels());
    labels.put(MANAGED_LABEL, "true");
    labels.put(OWNER_LABEL, owner);
    return docker.createContainerCmd(run.imageId())
        .withHostConfig(host)
        .withUser(SANDBOX_USER)
        .withNetworkDisabled(true)
        .withLabels(labels)
        .withWorkingDir("/tmp")
        .exec()
        .getId();
  }

  /**
   * Waits for the container to exit, killing it at the wall-clock limit or when /output grows
   * past its cap. Returns the outcome when we stopped it, null when it exited by itself.
   */
  private RunOutcome watch(String containerId, SandboxRun run, Instant started) {
    SandboxLimits limits = run.limits();
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
            // Exited on its own; a last look at the output catches a burst written just before exit.
            return outputSize(run.outputDir()) > limits.outputBytes()
                ? new RunOutcome.OutputTooLarge(limits.outputBytes()) : null;
          }
          Thread.sleep(WATCH_INTERVAL); // wait stream broke while it still runs: poll
        } catch (TimeoutException stillRunning) {
          // fall through to the checks
        } catch (ExecutionException e) {
          throw new IllegalStateException(e);
        }
        if (outputSize(run.outputDir()) > limits.outputBytes()) {
          kill(containerId);
          return new RunOutcome.OutputTooLarge(limits.outputBytes());
        }
        if (!clock.instant().isBefore(deadline)) {
          kill(containerId);
          return new RunOutcome.TimedOut(limits.wallClock().toSeconds());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill(containerId);
      throw new SandboxInterruptedException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
      // 137 = killed by SIGKILL; under a memory limit without the OOM flag it is still the kernel's OOM killer.
      return new RunOutcome.ExitedNonZero(code);
    }
    return new RunOutcome.Succeeded();
  }

  /** Total bytes of regular files under the folder, without following links the container made. */
  static long outputSize(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(p -> {
            try {
              return Files.size(p);
            } catch (IOException e) {
              return 0L; // removed while we looked
            }
          })
          .sum();
    } catch (IOException | UncheckedIOException e) {
      return 0L;
    }
  }

  private String logTail(String containerId, int capacity) {
    LogTail tail = new LogTail(capacity);
    try {
      docker.logContainerCmd(containerId)
          .withStdOut(true)
          .withStdErr(true)
          .withFollowStream(false)
          .exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
              tail.append(frame.getPayload());
            }
          })
          .awaitCompletion(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("Could not read the logs of container {}: {}", containerId, e.getMessage());
    }
    return tail.text();
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

  /** Thrown when the evaluator is shutting down in the middle of a run; the container was killed. */
  public static final class SandboxInterruptedException extends RuntimeException {
    SandboxInterruptedException(InterruptedException cause) {
      super("interrupted while a sandbox was running", cause);
    }
  }
}
