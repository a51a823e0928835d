package org.palmares.platform.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds bundle archives the way an organizer would ({@code tar czf bundle.tgz -C challenges slug}). */
public final class Tarballs {
  private Tarballs() {}

  /** A gzipped tar of {@code dir}, its entries under {@code <dir name>/}. */
  public static Path of(Path dir, Path target) throws IOException {
    try (OutputStream file = Files.newOutputStream(target);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file));
         Stream<Path> paths = Files.walk(dir)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Path p : paths.sorted().toList()) {
        String name = dir.getFileName() + "/" + dir.relativize(p).toString().replace('\\', '/');
        if (Files.isSymbolicLink(p)) { // as tar stores it: a link entry, not the file it points to
          TarArchiveEntry link = new TarArchiveEntry(name, org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
          link.setLinkName(Files.readSymbolicLink(p).toString());
          tar.putArchiveEntry(link);
          tar.closeArchiveEntry();
        } else if (Files.isDirectory(p)) {
          tar.putArchiveEntry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/"));
          tar.closeArchiveEntry();
        } else {
          TarArchiveEntry entry = new TarArchiveEntry(p.toFile(), name);
          tar.putArchiveEntry(entry);
          Files.copy(p, tar);
          tar.closeArchiveEntry();
        }
      }
      tar.finish();
    }
    return target;
  }

  /** A gzipped tar with one entry of the given name and content (for hostile archives). */
  public static Path single(String name, String content, Path target) throws IOException {
    byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (OutputStream file = Files.newOutputStream(target);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(bytes.length);
      tar.putArchiveEntry(entry);
      tar.write(bytes);
      tar.closeArchiveEntry();
      tar.finish();
    }
    return target;
  }

  /** A docker-save-shaped archive with a config and no layers: accepted and queued (not runnable). */
  public static byte[] minimalImage(String tag) throws IOException {
    String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"true\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
    String configName = org.apache.commons.codec.digest.DigestUtils.sha256Hex(config) + ".json";
    String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":[]}]";
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (String[] e : new String[][] {{configName, config}, {"manifest.json", manifest}}) {
        byte[] content = e[1].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(e[0]);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
