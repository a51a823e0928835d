package org.palmares.evaluator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.palmares.evaluator.protocol.EvaluationSpec;

/**
 * What a run needs of this machine beyond its CPU and memory budget, checked before the container
 * starts: room on the work folder's disk for what the container may hand back (its output cap, a
 * mask per case for image tasks) and memory the engine can still give (the kernel's
 * {@code MemAvailable}: other tenants of the machine take memory the budget cannot see). A run
 * that does not fit is refused with the reason, as the evaluator's problem: it goes back to the
 * queue and does not count against the team's quota.
 */
final class RunPreconditions {
  /** Disk kept free beyond the output cap, for the scorer's files and the system. */
  static final long DISK_MARGIN_BYTES = 256L << 20;

  private final LongSupplier availableMemory;

  RunPreconditions(LongSupplier availableMemory) {
    this.availableMemory = availableMemory;
  }

  /** Reads {@code MemAvailable} from {@code /proc/meminfo}; unknown (no check) elsewhere. */
  static RunPreconditions ofThisMachine() {
    return new RunPreconditions(RunPreconditions::memAvailable);
  }

  /** The reason the run of {@code spec} cannot start here now, or null when it can. */
  String refusal(EvaluationSpec spec, Path workDir) throws IOException {
    long needDisk = spec.limits().outputBytes() + DISK_MARGIN_BYTES;
    long freeDisk = Files.getFileStore(workDir).getUsableSpace();
    if (freeDisk < needDisk) {
      return String.format(Locale.ROOT, "this site has %d MiB free on its work disk; the run may need %d MiB"
          + " (its output cap and a margin)", freeDisk >> 20, needDisk >> 20);
    }
    long freeMemory = availableMemory.getAsLong();
    if (freeMemory >= 0 && freeMemory < spec.limits().memoryBytes()) {
      return String.format(Locale.ROOT, "this site has %d MiB of memory available; the run asks %d MiB",
          freeMemory >> 20, spec.limits().memoryBytes() >> 20);
    }
    return null;
  }

  private static long memAvailable() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemAvailable:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or unreadable: the budget alone decides
    }
    return -1;
  }
}
