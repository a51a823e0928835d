package org.palmares.platform.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files and folders only their owner (the platform's user) can use: folders {@code rwx------},
 * files {@code rw-------}. They are created with those modes and then set to them explicitly,
 * because a mode given at creation is narrowed by the process's umask (and a umask of 0 would
 * make a library's defaults world-readable): what the platform writes does not depend on it.
 */
public final class OwnerOnly {
  public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  /** What other local users (group and others) may do. */
  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private OwnerOnly() {}

  /** Creates {@code dir} and its missing parents, each created one owner-only; returns {@code dir}. */
  public static Path createDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      return dir;
    }
    Path parent = absolute.getParent();
    if (parent != null && !Files.exists(parent)) {
      createDirectories(parent);
    }
    try {
      createDirectory(absolute);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(absolute)) {
        throw e;
      }
    }
    return dir;
  }

  /** Creates the folder {@code dir} owner-only (it must not exist); returns it. */
  public static Path createDirectory(Path dir) throws IOException {
    Files.createDirectory(dir, attribute(FOLDER));
    Files.setPosixFilePermissions(dir, FOLDER);
    return dir;
  }

  /** Creates the empty file {@code file} owner-only (it must not exist); returns it. */
  public static Path createFile(Path file) throws IOException {
    Files.createFile(file, attribute(FILE));
    Files.setPosixFilePermissions(file, FILE);
    return file;
  }

  /** A new empty owner-only file in {@code dir}, named {@code prefix<random>suffix}. */
  public static Path createTempFile(Path dir, String prefix, String suffix) throws IOException {
    Path file = Files.createTempFile(dir, prefix, suffix, attribute(FILE));
    Files.setPosixFilePermissions(file, FILE);
    return file;
  }

  /** Makes an existing file or folder owner-only (a link is left alone: its mode means nothing). */
  public static void restrict(Path path) throws IOException {
    if (Files.isSymbolicLink(path)) {
      return;
    }
    Files.setPosixFilePermissions(path, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? FOLDER : FILE);
  }

  /** Whether group or other users have any permission on {@code path} (its own mode, not a link's target). */
  public static boolean openToOthers(Path path) throws IOException {
    if (Files.isSymbolicLink(path)) {
      return false;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    return mode.stream().anyMatch(OTHERS::contains);
  }

  /** The mode of {@code path} as {@code ls} shows it ({@code rwxr-xr-x}). */
  public static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> mode) {
    return PosixFilePermissions.asFileAttribute(mode);
  }
}
