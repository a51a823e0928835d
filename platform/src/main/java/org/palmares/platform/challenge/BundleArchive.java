package org.palmares.platform.challenge;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a challenge bundle uploaded by an organizer (a tar, optionally gzipped) without
 * trusting it: only plain files and folders (no symbolic or hard links, devices or pipes), no
 * absolute paths or {@code ..}, and the {@link BundleLimits} on entries, nesting, sizes and time,
 * checked while streaming.
 */
public final class BundleArchive {
  private static final String YAML = "challenge.yaml";

  private BundleArchive() {}

  /** The archive is not a usable bundle; the message says why. */
  public static final class InvalidBundleArchiveException extends Exception {
    public InvalidBundleArchiveException(String message) {
      super(message);
    }
  }

  /** As {@link #unpack(Path, Path, BundleLimits)} with the default limits and another total cap. */
  public static Path unpack(Path archive, Path target, long maxBytes) throws IOException, InvalidBundleArchiveException {
    return unpack(archive, target, BundleLimits.DEFAULTS.withMaxTotalBytes(maxBytes));
  }

  /**
   * Unpacks {@code archive} into the empty folder {@code target} and returns the bundle folder:
   * {@code target} itself when challenge.yaml is at the top, or the single folder holding it.
   *
   * @throws InvalidBundleArchiveException the archive is not a bundle or crosses a limit
   * @throws IOException                   our own disk failed (never the archive's fault)
   */
  public static Path unpack(Path archive, Path target, BundleLimits limits)
      throws IOException, InvalidBundleArchiveException {
    long deadline = System.nanoTime() + limits.maxUnpackTime().toNanos();
    long total = 0;
    int files = 0;
    int entries = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
         TarArchiveInputStream tar = new TarArchiveInputStream(gunzipped(raw))) {
      TarArchiveEntry entry;
      while ((entry = next(tar)) != null) {
        if (++entries > limits.maxEntries()) {
          throw new InvalidBundleArchiveException("the archive holds more than " + limits.maxEntries()
              + " entries (files and folders)");
        }
        String name = entry.getName();
        Path path = inside(target, name, limits);
        if (entry.isDirectory()) {
          createFolders(path, name);
          continue;
        }
        refuseSpecial(entry, name);
        files++;
        createFolders(path.getParent(), name);
        long cap = isYaml(target, path) ? limits.maxYamlBytes() : Long.MAX_VALUE;
        long written = 0;
        try (OutputStream out = Files.newOutputStream(path, java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
          int n;
          while ((n = read(tar, buffer)) > 0) {
            written += n;
            total += n;
            if (written > cap) {
              throw new InvalidBundleArchiveException(name + " unpacks to more than " + BundleLimits.size(cap)
                  + ", the limit for challenge.yaml (keep data in files of its own)");
            }
            if (total > limits.maxTotalBytes()) {
              throw new InvalidBundleArchiveException("the bundle unpacks to more than "
                  + BundleLimits.size(limits.maxTotalBytes()));
            }
            if (System.nanoTime() > deadline) {
              throw new InvalidBundleArchiveException("the bundle took longer than "
                  + limits.maxUnpackTime().toSeconds() + " s to unpack");
            }
            out.write(buffer, 0, n);
          }
        } catch (FileAlreadyExistsException e) {
          throw new InvalidBundleArchiveException("the archive holds " + name + " twice");
        }
      }
    }
    if (files == 0) {
      throw new InvalidBundleArchiveException("the upload is not a tar archive of a bundle folder (tar czf bundle.tgz -C challenges my-challenge)");
    }
    if (Files.isRegularFile(target.resolve(YAML))) {
      return target;
    }
    try (Stream<Path> top = Files.list(target)) {
      List<Path> dirs = top.toList();
      if (dirs.size() == 1 && Files.isRegularFile(dirs.get(0).resolve(YAML))) {
        return dirs.get(0);
      }
    }
    throw new InvalidBundleArchiveException("the archive has no challenge.yaml at its top or in its single folder");
  }

  /** Where the entry goes, refused when it would land outside {@code target} or break a limit on names. */
  private static Path inside(Path target, String name, BundleLimits limits) throws InvalidBundleArchiveException {
    String shown = shown(name);
    if (name.isEmpty() || name.length() > limits.maxNameLength()) {
      throw new InvalidBundleArchiveException("the archive holds an entry whose path is empty or longer than "
          + limits.maxNameLength() + " characters: " + shown);
    }
    List<String> parts = List.of(name.split("/"));
    if (name.startsWith("/") || parts.contains("..")) {
      throw new InvalidBundleArchiveException("the archive holds a path outside the bundle: " + shown
          + " (absolute paths and .. are refused)");
    }
    if (parts.size() > limits.maxDepth()) {
      throw new InvalidBundleArchiveException("the archive nests folders deeper than " + limits.maxDepth()
          + " levels: " + shown);
    }
    Path path;
    try {
      path = target.resolve(name).normalize();
    } catch (InvalidPathException e) {
      throw new InvalidBundleArchiveException("the archive holds a path that is not a file name: " + shown);
    }
    if (!path.startsWith(target)) {
      throw new InvalidBundleArchiveException("the archive holds a path outside the bundle: " + shown);
    }
    return path;
  }

  /**
   * Bundles hold plain files only. Commons Compress's {@code isFile()} is true of symbolic links
   * (any entry not flagged as a folder), so the type flag is checked itself.
   */
  private static void refuseSpecial(TarArchiveEntry entry, String name) throws InvalidBundleArchiveException {
    String kind;
    if (entry.isSymbolicLink()) {
      kind = "a symbolic link (to " + shown(entry.getLinkName()) + ")";
    } else if (entry.isLink()) {
      kind = "a hard link (to " + shown(entry.getLinkName()) + ")";
    } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      kind = "a device";
    } else if (entry.isFIFO()) {
      kind = "a named pipe";
    } else if (entry.isSparse()) {
      kind = "a sparse file";
    } else {
      byte flag = entry.getLinkFlag();
      if (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG) {
        return;
      }
      kind = "an entry of tar type '" + (char) flag + "'";
    }
    throw new InvalidBundleArchiveException("the archive holds " + kind + " at " + shown(name)
        + "; bundles hold plain files and folders only (copy the file itself into the bundle)");
  }

  private static boolean isYaml(Path target, Path path) {
    return path.getFileName().toString().equals(YAML)
        && (path.getParent().equals(target) || path.getParent().getParent().equals(target));
  }

  private static void createFolders(Path dir, String name) throws IOException, InvalidBundleArchiveException {
    try {
      Files.createDirectories(dir);
    } catch (java.nio.file.FileSystemException e) {
      for (Path p = dir; p != null; p = p.getParent()) {
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          throw new InvalidBundleArchiveException("the archive holds " + shown(name)
              + " inside a path that is also a file");
        }
      }
      throw e;
    }
  }

  /** The archive, gunzipped when it starts like gzip; a corrupt gzip header is the archive's fault. */
  private static InputStream gunzipped(InputStream in) throws IOException, InvalidBundleArchiveException {
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    if (b1 != 0x1f || b2 != 0x8b) {
      return in;
    }
    try {
      return new GzipCompressorInputStream(in, true);
    } catch (IOException | RuntimeException e) {
      throw unreadable(e);
    }
  }

  private static TarArchiveEntry next(TarArchiveInputStream tar) throws InvalidBundleArchiveException {
    try {
      return tar.getNextEntry();
    } catch (IOException | RuntimeException e) {
      throw unreadable(e);
    }
  }

  /** Reading the archive fails on a corrupt archive (gzip or tar): the upload's fault, not ours. */
  private static int read(TarArchiveInputStream tar, byte[] buffer) throws InvalidBundleArchiveException {
    try {
      return tar.read(buffer);
    } catch (IOException | RuntimeException e) {
      throw unreadable(e);
    }
  }

  private static InvalidBundleArchiveException unreadable(Exception e) {
    return new InvalidBundleArchiveException("the upload is not a readable tar archive ("
        + shown(String.valueOf(e.getMessage())) + ")");
  }

  /** A name from the archive, quoted back shortened and without control characters. */
  private static String shown(String name) {
    String clean = name == null ? "" : name.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 120 ? clean.substring(0, 120) + "…" : clean;
  }
}
