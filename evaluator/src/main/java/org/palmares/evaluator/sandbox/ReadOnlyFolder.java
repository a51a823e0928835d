package org.palmares.evaluator.sandbox;

import com.github.dockerjava.api.DockerClient;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A site folder (an image challenge's hidden images) exposed to a run without copying it: an
 * engine volume of the {@code local} driver that binds the folder ({@code type=none, o=bind}),
 * mounted read-only and with {@code nocopy} into the container. Copying is what
 * {@link InputVolume} does for small inputs; for whole-slide images (hundreds of GB) it is not
 * an option. What the container can learn of the site's path: under runc, the bind's source
 * shows in {@code /proc/self/mountinfo} as the path within its filesystem (a site that keeps
 * hidden data on a filesystem of its own shows only the path below that filesystem's root); under
 * gVisor the sandbox kernel shows its own mount table, without host paths
 * ({@code DockerSandboxImageIT} checks both). The volume is labelled ours and removed after the
 * run; removing a bind volume unmounts it and leaves the folder as it was.
 */
final class ReadOnlyFolder {
  private ReadOnlyFolder() {}

  /** Creates the bind volume of {@code folder}; returns its name. */
  static String create(DockerClient docker, Path folder, Map<String, String> labels, Instant now) {
    Path real;
    try {
      real = folder.toRealPath();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("not a folder: " + folder);
    }
    String name = "palmares-ro-" + UUID.randomUUID();
    Map<String, String> volumeLabels = new HashMap<>(labels);
    volumeLabels.put(DockerSandbox.CREATED_LABEL, String.valueOf(now.getEpochSecond()));
    docker.createVolumeCmd().withName(name).withDriver("local").withLabels(volumeLabels)
        .withDriverOpts(Map.of("type", "none", "o", "bind,ro", "device", real.toString())).exec();
    return name;
  }
}
