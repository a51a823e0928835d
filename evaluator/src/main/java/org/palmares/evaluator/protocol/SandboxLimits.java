package org.palmares.evaluator.protocol;

import java.time.Duration;

/**
 * Resource limits of one sandboxed run.
 *
 * @param cpus        CPU quota, in cores (may be fractional)
 * @param memoryBytes memory limit; swap is set equal, so there is no swap
 * @param wallClockSeconds wall-clock limit after which the container is killed
 * @param outputBytes cap on the total size written under /output
 * @param pids        maximum number of processes and threads
 * @param tmpBytes    size of the writable /tmp (tmpfs)
 * @param logBytes    how much of the run's log is kept (the tail)
 */
public record SandboxLimits(double cpus, long memoryBytes, long wallClockSeconds, long outputBytes,
    long pids, long tmpBytes, long logBytes) {

  public SandboxLimits {
    if (cpus <= 0 || memoryBytes <= 0 || wallClockSeconds <= 0
        || outputBytes <= 0 || pids <= 0 || tmpBytes <= 0 || logBytes <= 0) {
      throw new IllegalArgumentException("sandbox limits must all be positive: " + cpus + " cpus, "
          + memoryBytes + " B memory, " + wallClockSeconds + " s, " + outputBytes + " B output, "
          + pids + " pids, " + tmpBytes + " B tmp, " + logBytes + " B logs");
    }
  }

  /** The wall-clock limit as a duration. */
  public Duration wallClock() {
    return Duration.ofSeconds(wallClockSeconds);
  }
}
