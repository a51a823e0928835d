package org.palmares.evaluator.protocol;

import java.time.Duration;

/**
 * Resource limits of one sandboxed run.
 *
 * @param cpus        CPU quota, in cores (may be fractional)
 * @param memoryBytes memory limit; swap is set equal, so there is no swap. The tmpfs of
 *                    {@code /tmp}, {@code /dev/shm} and {@code /output} count against it
 * @param wallClockSeconds wall-clock limit after which the container is killed
 * @param outputBytes cap on the total size written under /output
 * @param pids        maximum number of processes and threads
 * @param tmpBytes    size of the writable /tmp (tmpfs)
 * @param logBytes    how much of the run's log is kept (the tail)
 * @param shmBytes    size of /dev/shm (tmpfs); 0 (e.g. a message from an older platform) means
 *                    {@link #DEFAULT_SHM_BYTES}
 */
public record SandboxLimits(double cpus, long memoryBytes, long wallClockSeconds, long outputBytes,
    long pids, long tmpBytes, long logBytes, long shmBytes) {

  /** Size of /dev/shm when the phase does not say: the engine's own default. */
  public static final long DEFAULT_SHM_BYTES = 64L * 1024 * 1024;

  public SandboxLimits {
    if (shmBytes == 0) {
      shmBytes = DEFAULT_SHM_BYTES;
    }
    if (cpus <= 0 || memoryBytes <= 0 || wallClockSeconds <= 0
        || outputBytes <= 0 || pids <= 0 || tmpBytes <= 0 || logBytes <= 0 || shmBytes < 0) {
      throw new IllegalArgumentException("sandbox limits must all be positive: " + cpus + " cpus, "
          + memoryBytes + " B memory, " + wallClockSeconds + " s, " + outputBytes + " B output, "
          + pids + " pids, " + tmpBytes + " B tmp, " + logBytes + " B logs, " + shmBytes + " B shm");
    }
  }

  /** Limits with the default /dev/shm size. */
  public SandboxLimits(double cpus, long memoryBytes, long wallClockSeconds, long outputBytes, long pids,
      long tmpBytes, long logBytes) {
    this(cpus, memoryBytes, wallClockSeconds, outputBytes, pids, tmpBytes, logBytes, DEFAULT_SHM_BYTES);
  }

  /** The wall-clock limit as a duration. */
  public Duration wallClock() {
    return Duration.ofSeconds(wallClockSeconds);
  }
}
