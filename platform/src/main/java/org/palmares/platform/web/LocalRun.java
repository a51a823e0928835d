package org.palmares.platform.web;

import java.math.BigDecimal;
import org.palmares.platform.challenge.Challenge;

/**
 * The {@code docker run} command that runs an image on one's own machine under the restrictions
 * of the platform's sandbox ({@code DockerSandbox}): no network, read-only root, a small
 * {@code /tmp}, the unprivileged user, no capabilities, no new privileges, the phase's CPU, memory
 * (swap included) and process limits, inputs read-only. What passes here runs the same way there.
 */
public final class LocalRun {
  /** The user the sandbox runs every image as, whatever the image says. */
  static final String SANDBOX_USER = "65534:65534";

  private LocalRun() {}

  /** The command, split over lines for reading; {@code inputPath} is the file the container reads. */
  public static String command(Challenge.Limits limits, String inputPath) {
    String cpus = BigDecimal.valueOf(limits.cpus()).stripTrailingZeros().toPlainString();
    StringBuilder cmd = new StringBuilder("mkdir -p input output && chmod 777 output\n")
        .append("# put a few cases in input/").append(inputPath.substring("/input/".length()))
        .append(" (the same columns as the test inputs)\n")
        .append("docker run --rm --network none --read-only --user ").append(SANDBOX_USER)
        .append(" \\\n  --cap-drop ALL --security-opt no-new-privileges")
        .append(" \\\n  --tmpfs /tmp:size=").append(limits.tmpMiB()).append("m");
    if (limits.shmMiB() != null && limits.shmMiB() > 0) {
      cmd.append(" --shm-size ").append(limits.shmMiB()).append("m");
    }
    cmd.append(" \\\n  --cpus ").append(cpus).append(" --memory ").append(limits.memoryMiB()).append("m --memory-swap ")
        .append(limits.memoryMiB()).append("m --pids-limit ").append(limits.pids())
        .append(" \\\n  -v \"$PWD/input:/input:ro\" -v \"$PWD/output:/output\" my-model:latest");
    return cmd.toString();
  }
}
