package org.palmares.evaluator.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a submitted image present in the engine, loading its archive at most once per image id
 * (concurrent runs of the same image wait for the one load).
 */
public final class DockerImages {
  private static final Logger LOG = LoggerFactory.getLogger(DockerImages.class);

  /** Opens a submitted image archive (the platform's blob), for the one load that needs it. */
  @FunctionalInterface
  public interface ArchiveSource {
    InputStream open() throws IOException;
  }

  private final DockerClient docker;
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
  private final ExecutorService copier = Executors.newVirtualThreadPerTaskExecutor();

  public DockerImages(DockerClient docker) {
    this.docker = docker;
  }

  /** Whether the engine already has the image. */
  public boolean isPresent(String imageId) {
    try {
      docker.inspectImageCmd(imageId).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /**
   * Loads the archive unless the engine already has {@code imageId}; returns null when the image
   * is there afterwards, else the reason it is not.
   */
  public String ensureLoaded(String imageId, ArchiveSource archive) {
    synchronized (locks.computeIfAbsent(imageId, id -> new Object())) {
      if (isPresent(imageId)) {
        return null;
      }
      LOG.info("Loading image {} into the engine", imageId);
      try (InputStream in = archive.open();
           PipedInputStream untagged = new PipedInputStream(1 << 20)) {
        PipedOutputStream sink = new PipedOutputStream(untagged);
        Future<?> copy = copier.submit(() -> {
          try (sink) {
            ImageArchive.copyWithoutTags(in, sink);
          }
          return null;
        });
        docker.loadImageCmd(untagged).exec();
        copy.get();
      } catch (IOException | RuntimeException | ExecutionException e) {
        return "the engine could not load the image archive (" + rootMessage(e) + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "the evaluator stopped while loading the image";
      }
      return isPresent(imageId) ? null
          : "the archive loaded but did not contain image " + imageId;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
