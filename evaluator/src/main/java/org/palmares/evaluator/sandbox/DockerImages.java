package org.palmares.evaluator.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.palmares.evaluator.protocol.ImageLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a submitted image present in the engine, loading its archive at most once per image id
 * (concurrent runs of the same image wait for the one load), checked against the phase's
 * {@link ImageLimits} as it streams in: a remote site does not trust the platform's check.
 *
 * <p>The images it loaded are kept under a disk budget: after a load, the least recently used
 * ones that no run holds are removed until the total fits. It never removes an image it did not
 * load (base images, other people's); a job whose image was removed loads it again.
 */
public final class DockerImages {
  private static final Logger LOG = LoggerFactory.getLogger(DockerImages.class);
  /** The default disk budget for loaded images; {@code PALMARES_IMAGE_BUDGET_GIB} overrides it. */
  public static final long DEFAULT_BUDGET_BYTES = 20L << 30;

  /** Opens a submitted image archive (the platform's blob), for the one load that needs it. */
  @FunctionalInterface
  public interface ArchiveSource {
    InputStream open() throws IOException;
  }

  /** An image this object loaded: its size on the engine, when a run last used it, how many runs hold it. */
  private static final class Loaded {
    final long bytes;
    Instant lastUsed;
    int holds;

    Loaded(long bytes, Instant lastUsed) {
      this.bytes = bytes;
      this.lastUsed = lastUsed;
    }
  }

  private final DockerClient docker;
  private final long budgetBytes;
  private final Clock clock;
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, Loaded> loaded = new HashMap<>(); // guarded by itself
  private final ExecutorService copier = Executors.newVirtualThreadPerTaskExecutor();

  public DockerImages(DockerClient docker) {
    this(docker, defaultBudget(), Clock.systemUTC());
  }

  /**
   * @param budgetBytes how much engine disk the images this object loaded may take together
   */
  public DockerImages(DockerClient docker, long budgetBytes, Clock clock) {
    if (budgetBytes <= 0) {
      throw new IllegalArgumentException("the image disk budget must be positive");
    }
    this.docker = docker;
    this.budgetBytes = budgetBytes;
    this.clock = clock;
  }

  /** {@code PALMARES_IMAGE_BUDGET_GIB} when set (a positive number of GiB), else {@link #DEFAULT_BUDGET_BYTES}. */
  public static long defaultBudget() {
    return org.palmares.evaluator.GibSetting.bytes("PALMARES_IMAGE_BUDGET_GIB", DEFAULT_BUDGET_BYTES);
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
   * The digests of an image on {@code docker}'s engine (its id and its repository digests), empty
   * when the engine does not have it: what a site's policy accepts scoring images by.
   */
  public static org.palmares.evaluator.site.ImageDigests digestsOn(DockerClient docker) {
    return image -> {
      try {
        var inspected = docker.inspectImageCmd(image).exec();
        java.util.Set<String> digests = new java.util.HashSet<>();
        if (inspected.getId() != null) {
          digests.add(inspected.getId());
        }
        if (inspected.getRepoDigests() != null) {
          inspected.getRepoDigests().forEach(d -> digests.add(d.substring(d.lastIndexOf('@') + 1)));
        }
        return digests;
      } catch (NotFoundException e) {
        return java.util.Set.of();
      }
    };
  }

  /** Loads under the default limits (see {@link #ensureLoaded(String, ImageLimits, ArchiveSource)}). */
  public String ensureLoaded(String imageId, ArchiveSource archive) {
    return ensureLoaded(imageId, ImageLimits.DEFAULT, archive);
  }

  /**
   * Loads the archive unless the engine already has {@code imageId}; returns null when the image
   * is there afterwards (and then holds it for the caller's run until {@link #release}), else the
   * reason it is not, for the competitor.
   */
  public String ensureLoaded(String imageId, ImageLimits limits, ArchiveSource archive) {
    synchronized (locks.computeIfAbsent(imageId, id -> new Object())) {
      if (!isPresent(imageId)) {
        String refused = load(imageId, limits, archive);
        if (refused != null) {
          return refused;
        }
        track(imageId);
      }
      hold(imageId);
    }
    prune();
    return null;
  }

  /** The caller's run of {@code imageId} is over: the image may be pruned again. */
  public void release(String imageId) {
    synchronized (loaded) {
      Loaded l = loaded.get(imageId);
      if (l != null && l.holds > 0) {
        l.holds--;
        l.lastUsed = clock.instant();
      }
    }
  }

  /** Bytes the images this object loaded take on the engine, as far as it knows. */
  public long loadedBytes() {
    synchronized (loaded) {
      return loaded.values().stream().mapToLong(l -> l.bytes).sum();
    }
  }

  private String load(String imageId, ImageLimits limits, ArchiveSource archive) {
    LOG.info("Loading image {} into the engine", imageId);
    AtomicReference<Exception> refused = new AtomicReference<>();
    Future<?> copy = null;
    try (InputStream in = archive.open();
         PipedInputStream pipe = new PipedInputStream(1 << 20)) {
      PipedOutputStream sink = new PipedOutputStream(pipe);
      copy = copier.submit(() -> {
        try (sink) {
          ImageArchive.copyWithoutTags(in, sink, limits);
        } catch (Exception e) {
          refused.set(e); // before the pipe closes, so the engine's reader sees a failure, not an end
        }
        return null;
      });
      docker.loadImageCmd(new FailingWhenRefused(pipe, refused)).exec();
      pipe.close();
      copy.get();
    } catch (IOException | RuntimeException | ExecutionException e) {
      Exception cause = refused.get();
      if (cause instanceof ImageArchive.InvalidImageArchiveException) {
        return cause.getMessage();
      }
      // the engine's own complaint says more than the copy's broken pipe that followed it
      return "the engine could not load the image archive (" + rootMessage(e) + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "the evaluator stopped while loading the image";
    } finally {
      if (copy != null) {
        copy.cancel(true);
      }
    }
    Exception cause = refused.get();
    if (cause != null) {
      // the engine took a cut archive without complaint: whatever it kept is not to be run
      removeQuietly(imageId);
      return cause instanceof ImageArchive.InvalidImageArchiveException ? cause.getMessage()
          : "the image archive could not be read (" + rootMessage(cause) + ")";
    }
    return isPresent(imageId) ? null : "the archive loaded but did not contain image " + imageId;
  }

  private void track(String imageId) {
    long bytes;
    try {
      Long size = docker.inspectImageCmd(imageId).exec().getSize();
      bytes = size == null ? 0 : size;
    } catch (NotFoundException e) {
      return;
    }
    synchronized (loaded) {
      loaded.putIfAbsent(imageId, new Loaded(bytes, clock.instant()));
    }
  }

  private void hold(String imageId) {
    synchronized (loaded) {
      Loaded l = loaded.get(imageId);
      if (l != null) {
        l.holds++;
        l.lastUsed = clock.instant();
      }
    }
  }

  /** Removes least recently used images this object loaded, not held by a run, until the rest fits the budget. */
  private void prune() {
    List<String> victims = new ArrayList<>();
    synchronized (loaded) {
      long total = loaded.values().stream().mapToLong(l -> l.bytes).sum();
      List<Map.Entry<String, Loaded>> idle = loaded.entrySet().stream().filter(e -> e.getValue().holds == 0)
          .sorted(Comparator.comparing(e -> e.getValue().lastUsed)).toList();
      for (Map.Entry<String, Loaded> e : idle) {
        if (total <= budgetBytes) {
          break;
        }
        victims.add(e.getKey());
        total -= e.getValue().bytes;
      }
    }
    for (String imageId : victims) {
      synchronized (locks.computeIfAbsent(imageId, id -> new Object())) {
        synchronized (loaded) {
          Loaded l = loaded.get(imageId);
          if (l == null || l.holds > 0) {
            continue; // taken by a run meanwhile
          }
        }
        if (removeQuietly(imageId)) {
          synchronized (loaded) {
            loaded.remove(imageId);
          }
          LOG.info("Removed image {} from the engine (least recently used; image budget {} MiB)", imageId,
              budgetBytes >> 20);
        }
      }
    }
  }

  /** Removes an image by id, never forcing (an image a container still uses stays); true when it is gone. */
  private boolean removeQuietly(String imageId) {
    try {
      docker.removeImageCmd(imageId).withForce(false).withNoPrune(false).exec();
      return true;
    } catch (NotFoundException e) {
      return true;
    } catch (ConflictException e) {
      LOG.info("Image {} is still used by a container; kept for now", imageId);
      return false;
    } catch (DockerException e) {
      LOG.warn("Could not remove image {}: {}", imageId, e.getMessage());
      return false;
    }
  }

  /** The engine's side of the pipe: a refused archive reads as an error, never as a shorter archive. */
  private static final class FailingWhenRefused extends FilterInputStream {
    private final AtomicReference<Exception> refused;

    FailingWhenRefused(InputStream in, AtomicReference<Exception> refused) {
      super(in);
      this.refused = refused;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      check();
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      check();
      return n;
    }

    private void check() throws IOException {
      Exception e = refused.get();
      if (e != null) {
        throw new IOException("image archive refused: " + e.getMessage());
      }
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
