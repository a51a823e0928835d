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
 *
 * <p>A bind keeps the host's modes and owners, and the container runs as user 65534: the folder
 * and what it holds are made readable by others ({@code o+rX}) before the mount. Only that folder:
 * its parents keep their owner-only modes, so no other local user can reach it, while inside the
 * container only the mounted folder's own modes count.
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
    readableByTheSandboxUser(real);
    String name = "palmares-ro-" + UUID.randomUUID();
    Map<String, String> volumeLabels = new HashMap<>(labels);
    volumeLabels.put(DockerSandbox.CREATED_LABEL, String.valueOf(now.getEpochSecond()));
    docker.createVolumeCmd().withName(name).withDriver("local").withLabels(volumeLabels)
        .withDriverOpts(Map.of("type", "none", "o", "bind,ro", "device", real.toString())).exec();
    return name;
  }

  private static void readableByTheSandboxUser(Path folder) {
    try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.toList()) {
        if (Files.isSymbolicLink(p)) {
          continue; // never followed: a link in the folder does not widen what is readable
        }
        var modes = java.util.EnumSet.copyOf(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        boolean changed = modes.add(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          changed |= modes.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
        }
        if (changed) {
          Files.setPosixFilePermissions(p, modes);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot make " + folder + " readable by the sandbox user", e);
    }
  }
}
