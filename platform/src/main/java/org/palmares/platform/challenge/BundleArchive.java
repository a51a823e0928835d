package org.palmares.platform.challenge;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a challenge bundle uploaded by an organizer (a tar, optionally gzipped) without
 * trusting it: only plain files and folders, no absolute paths or {@code ..}, no links, and caps
 * on the number of files and the unpacked size.
 */
public final class BundleArchive {
  private static final int MAX_FILES = 10_000;

  private BundleArchive() {}

  /** The archive is not a usable bundle; the message says why. */
  public static final class InvalidBundleArchiveException extends Exception {
    public InvalidBundleArchiveException(String message) {
      super(message);
    }
  }

  /**
   * Unpacks {@code archive} into the empty folder {@code target} and returns the bundle folder:
   * {@code target} itself when challenge.yaml is at the top, or the single folder holding it.
   */
  public static Path unpack(Path archive, Path target, long maxBytes) throws IOException, InvalidBundleArchiveException {
    long total = 0;
    int files = 0;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
         TarArchiveInputStream tar = new TarArchiveInputStream(gunzipped(raw))) {
      TarArchiveEntry entry;
      while ((entry = next(tar)) != null) {
        String name = entry.getName();
        if (name.startsWith("/") || List.of(name.split("/")).contains("..")) {
          throw new InvalidBundleArchiveException("the archive holds a path outside the bundle: " + name);
        }
        Path path = target.resolve(name).normalize();
        if (!path.startsWith(target)) {
          throw new InvalidBundleArchiveException("the archive holds a path outside the bundle: " + name);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          continue;
        }
        if (!entry.isFile()) {
          throw new InvalidBundleArchiveException("the archive holds a link or special file: " + name
              + "; bundles hold plain files only");
        }
        if (++files > MAX_FILES) {
          throw new InvalidBundleArchiveException("the archive holds more than " + MAX_FILES + " files");
        }
        Files.createDirectories(path.getParent());
        try (OutputStream out = Files.newOutputStream(path)) {
          byte[] buffer = new byte[64 * 1024];
          int n;
          while ((n = tar.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
              throw new InvalidBundleArchiveException("the bundle unpacks to more than " + (maxBytes >> 20) + " MiB");
            }
            out.write(buffer, 0, n);
          }
        }
      }
    }
    if (files == 0) {
      throw new InvalidBundleArchiveException("the upload is not a tar archive of a bundle folder (tar czf bundle.tgz -C challenges my-challenge)");
    }
    if (Files.isRegularFile(target.resolve("challenge.yaml"))) {
      return target;
    }
    try (Stream<Path> top = Files.list(target)) {
      List<Path> dirs = top.toList();
      if (dirs.size() == 1 && Files.isRegularFile(dirs.get(0).resolve("challenge.yaml"))) {
        return dirs.get(0);
      }
    }
    throw new InvalidBundleArchiveException("the archive has no challenge.yaml at its top or in its single folder");
  }

  private static InputStream gunzipped(InputStream in) throws IOException {
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b ? new GzipCompressorInputStream(in, true) : in;
  }

  private static TarArchiveEntry next(TarArchiveInputStream tar) throws InvalidBundleArchiveException {
    try {
      return tar.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidBundleArchiveException("the upload is not a readable tar archive (" + e.getMessage() + ")");
    }
  }
}
