package org.palmares.evaluator.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site's copies of submitted image archives, keyed by their sha256, in a folder only the site's
 * user can read. An archive is fetched from the platform once (a cut download resumes where it
 * stopped, with an HTTP Range request), and its digest is checked before every use: a copy that
 * does not match is discarded and fetched again once; an archive that still does not match the
 * digest the job names is never run (the attempt fails on the evaluator's side, not the team's).
 * Least recently used copies are removed beyond a disk budget.
 */
public final class ImageCache {
  private static final Logger LOG = LoggerFactory.getLogger(ImageCache.class);
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final String PARTIAL = ".partial";
  /** How many times a cut download is resumed within one fetch before the attempt gives up. */
  static final int RESUMES = 5;
  /** The default disk budget; {@code PALMARES_IMAGE_CACHE_GIB} overrides it. */
  public static final long DEFAULT_BUDGET_BYTES = 20L << 30;

  /** Bytes of an archive from an offset, as the platform sent them. */
  public record Ranged(InputStream body, long start, long total) {}

  /** Where archives come from: the platform's image endpoint, from a byte offset on. */
  @FunctionalInterface
  public interface Source {
    /**
     * Opens the archive from byte {@code from}; the answer may start earlier (a server that
     * ignores ranges starts at 0). {@code total} is -1 when not known.
     */
    Ranged open(long from) throws IOException;
  }

  /** The fetched archive does not match the digest its job names: it is not run. */
  public static final class DigestMismatchException extends IOException {
    public DigestMismatchException(String message) {
      super(message);
    }
  }

  private final Path folder;
  private final long budgetBytes;
  private final Duration pause;
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  /**
   * @param folder      the cache folder (made owner-only)
   * @param budgetBytes how much disk the copies may take together (the one in use is always kept)
   * @param pause       the first wait before resuming a cut download (doubled at each cut)
   */
  public ImageCache(Path folder, long budgetBytes, Duration pause) throws IOException {
    Files.createDirectories(folder);
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    this.folder = folder;
    this.budgetBytes = budgetBytes;
    this.pause = pause;
  }

  /** {@code PALMARES_IMAGE_CACHE_GIB} when set (a positive number of GiB), else {@link #DEFAULT_BUDGET_BYTES}. */
  public static long defaultBudget() {
    return org.palmares.evaluator.GibSetting.bytes("PALMARES_IMAGE_CACHE_GIB", DEFAULT_BUDGET_BYTES);
  }

  /**
   * The archive of digest {@code sha256} (bare hex), fetched from {@code source} unless a copy that
   * matches is here already.
   *
   * @throws DigestMismatchException when what the platform sends does not match the digest
   * @throws IOException             when it cannot be fetched (the platform away for all resumes)
   */
  public InputStream open(String sha256, Source source) throws IOException {
    String digest = sha256 != null && sha256.startsWith("sha256:") ? sha256.substring(7) : sha256;
    if (digest == null || !SHA256.matcher(digest).matches()) {
      throw new IOException("the job names no sha256 digest for its image: " + sha256);
    }
    Path copy = folder.resolve(digest);
    synchronized (locks.computeIfAbsent(digest, d -> new Object())) {
      if (Files.exists(copy, LinkOption.NOFOLLOW_LINKS)) {
        if (digest.equals(sha256Of(copy))) {
          Files.setLastModifiedTime(copy, FileTime.fromMillis(System.currentTimeMillis())); // recently used
          return Files.newInputStream(copy);
        }
        LOG.warn("The cached copy of image archive {} no longer matches its digest; fetching it again", digest);
        Files.delete(copy);
      }
      for (int fetches = 1; ; fetches++) {
        Path partial = fetch(digest, source);
        String got = sha256Of(partial);
        if (digest.equals(got)) {
          Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          break;
        }
        Files.delete(partial);
        if (fetches == 2) {
          throw new DigestMismatchException("the image archive the platform sent has digest " + got
              + ", not the job's " + digest + " (twice); it is not run");
        }
        LOG.warn("The image archive fetched for {} has digest {}; discarded, fetching it again", digest, got);
      }
    }
    prune(copy);
    return Files.newInputStream(copy);
  }

  /** Downloads into {@code <digest>.partial}, resuming after cuts; returns it complete (as far as the platform says). */
  private Path fetch(String digest, Source source) throws IOException {
    Path partial = folder.resolve(digest + PARTIAL);
    IOException last = null;
    Duration wait = pause;
    for (int tries = 0; tries <= RESUMES; tries++) {
      long have = Files.exists(partial) ? Files.size(partial) : 0;
      try {
        Ranged ranged = source.open(have);
        if (ranged.start() != have && ranged.start() != 0) {
          ranged.body().close();
          throw new IOException("the platform answered from byte " + ranged.start() + " when asked from " + have);
        }
        try (InputStream in = ranged.body();
             OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                 ranged.start() == have ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
          in.transferTo(out);
        }
        long size = Files.size(partial);
        if (ranged.total() < 0 || size == ranged.total()) {
          if (tries > 0) {
            LOG.info("Image archive {} fetched after {} resume(s)", digest, tries);
          }
          return partial;
        }
        last = new IOException("the download stopped at byte " + size + " of " + ranged.total());
      } catch (RangeNotSatisfiableException e) {
        Files.deleteIfExists(partial); // longer than the archive: start again
        last = e;
        continue;
      } catch (IOException e) {
        last = e;
      }
      LOG.warn("Fetching image archive {} was cut ({}); resuming in {} ms", digest, last.getMessage(), wait.toMillis());
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while fetching image archive " + digest, e);
      }
      wait = wait.multipliedBy(2);
    }
    throw new IOException("the image archive " + digest + " could not be fetched (" + RESUMES + " resumes): "
        + last.getMessage(), last);
  }

  /** The platform has fewer bytes than the partial copy holds (HTTP 416). */
  public static final class RangeNotSatisfiableException extends IOException {
    public RangeNotSatisfiableException(String message) {
      super(message);
    }
  }

  /** Removes the least recently used copies beyond the budget, never {@code keep} nor a download under way. */
  private void prune(Path keep) throws IOException {
    List<Path> copies;
    try (Stream<Path> files = Files.list(folder)) {
      copies = files.filter(p -> SHA256.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparing(ImageCache::lastUsed)).toList();
    }
    long total = 0;
    for (Path p : copies) {
      total += Files.size(p);
    }
    for (Path p : copies) {
      if (total <= budgetBytes) {
        return;
      }
      if (!p.equals(keep)) {
        long size = Files.size(p);
        synchronized (locks.computeIfAbsent(p.getFileName().toString(), d -> new Object())) {
          Files.deleteIfExists(p);
        }
        total -= size;
        LOG.info("Removed cached image archive {} (least recently used; cache budget {} MiB)", p.getFileName(),
            budgetBytes >> 20);
      }
    }
  }

  private static FileTime lastUsed(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  static String sha256Of(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
