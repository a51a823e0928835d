package org.palmares.evaluator.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.SELContext;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The run's inputs, copied into a fresh engine volume that the sandbox mounts read-only at
 * {@code /input}. Nothing of the site's folders is bind-mounted, so the container's
 * {@code /proc/self/mountinfo} shows the engine's own volume path, never where the site keeps its
 * hidden data or its work folders. The copy goes through the engine's archive API into a helper
 * container that is created, never started, and removed at once; it costs one copy of the inputs
 * per run (disk space and time proportional to their size).
 */
final class InputVolume {
  /** How long a copy into the volume may take before another evaluator may reap the helper. */
  static final Duration COPY_ALLOWANCE = Duration.ofHours(1);

  private InputVolume() {}

  /**
   * Creates the volume (labelled ours) and fills it with the inputs and an empty folder for each
   * of {@code mountPoints} (where read-only mounts go inside {@code /input}); returns its name.
   */
  static String create(DockerClient docker, String imageId, List<SandboxRun.Mount> inputs,
      List<String> mountPoints, Map<String, String> labels, Instant now) {
    String name = "palmares-in-" + UUID.randomUUID();
    Map<String, String> volumeLabels = new HashMap<>(labels);
    volumeLabels.put(DockerSandbox.CREATED_LABEL, String.valueOf(now.getEpochSecond()));
    docker.createVolumeCmd().withName(name).withLabels(volumeLabels).exec();
    if (inputs.isEmpty() && mountPoints.isEmpty()) {
      return name;
    }
    Map<String, String> helperLabels = new HashMap<>(labels);
    helperLabels.put(DockerSandbox.ROLE_LABEL, DockerSandbox.ROLE_INPUT_COPY);
    helperLabels.put(DockerSandbox.DEADLINE_LABEL, String.valueOf(now.plus(COPY_ALLOWANCE).getEpochSecond()));
    String helper = docker.createContainerCmd(imageId)
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")
            // nocopy: whatever the image keeps at /input does not seed the volume
            .withBinds(new Bind(name, new Volume(DockerSandbox.INPUT_DIR), AccessMode.rw, SELContext.none, true)))
        .withNetworkDisabled(true)
        .withEntrypoint(Supervisor.BUSYBOX)
        .withCmd(List.of())
        .withLabels(helperLabels)
        .exec().getId();
    try {
      copy(docker, helper, inputs, mountPoints);
    } finally {
      docker.removeContainerCmd(helper).withForce(true).exec();
    }
    return name;
  }

  /** Streams a tar of the inputs to the engine: bounded memory whatever their size. */
  private static void copy(DockerClient docker, String container, List<SandboxRun.Mount> inputs,
      List<String> mountPoints) {
    Pipe pipe;
    try {
      pipe = Pipe.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (OutputStream out = Channels.newOutputStream(pipe.sink());
           TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (SandboxRun.Mount mount : inputs) {
          add(tar, mount.host(), mount.name());
        }
        for (String folder : mountPoints) {
          tar.putArchiveEntry(entry(folder + "/", 040755, 0));
          tar.closeArchiveEntry();
        }
        tar.finish();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, Thread::startVirtualThread);
    try (InputStream in = Channels.newInputStream(pipe.source())) {
      docker.copyArchiveToContainerCmd(container).withRemotePath(DockerSandbox.INPUT_DIR).withTarInputStream(in)
          .exec();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writer.join();
  }

  /** A file as 0644, a folder (recursively, regular files only, links not followed) as 0755, owned by root. */
  private static void add(TarArchiveOutputStream tar, Path host, String name) throws IOException {
    if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
      tar.putArchiveEntry(entry(name + "/", 040755, 0));
      tar.closeArchiveEntry();
      try (Stream<Path> children = Files.list(host)) {
        for (Path child : children.sorted().toList()) {
          add(tar, child, name + "/" + child.getFileName());
        }
      }
    } else if (Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)) {
      long size = Files.size(host);
      tar.putArchiveEntry(entry(name, 0100644, size));
      try (InputStream in = Files.newInputStream(host)) {
        long copied = in.transferTo(tar);
        if (copied != size) {
          throw new IOException("input " + name + " changed while it was copied");
        }
      }
      tar.closeArchiveEntry();
    }
  }

  private static TarArchiveEntry entry(String name, int mode, long size) {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setMode(mode);
    entry.setSize(size);
    entry.setIds(0, 0);
    entry.setModTime(0);
    return entry;
  }
}
