package org.palmares.platform.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The platform's data folder: the embedded database, the blob store, bundle staging and the
 * in-process evaluator's work folders. It holds what another local user must never see (private
 * scores, password hashes, tokens, uploaded images, hidden data being installed), so it is
 * created owner-only and the platform refuses to start on one that others can read or write:
 * {@link #open} is the one place that rule is checked.
 *
 * @param root the folder
 */
public record DataFolder(Path root) {
  private static final String DB = "db";
  private static final String BLOBS = "blobs";
  private static final String STAGING = "staging";
  private static final String EVALUATOR = "evaluator";
  /**
   * Folders whose content is not checked, only the folder itself: staging is emptied at start-up,
   * and the evaluator's run folders hand one subfolder to the sandbox user on purpose (it is not
   * us); the owner-only folder around them is what keeps other users out.
   */
  private static final Set<String> CONTENT_NOT_CHECKED = Set.of(STAGING, EVALUATOR);
  private static final int NAMED = 3;

  /** A data folder open to other local users; the message says which files and how to fix it. */
  public static final class UnsafeDataFolderException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    UnsafeDataFolderException(String message) {
      super(message);
    }
  }

  /**
   * Creates {@code root} owner-only when it does not exist (or is an empty folder of ours, as
   * {@code mkdir} or a container engine's bind mount leaves it: nothing in it has been exposed),
   * else checks that no one but its owner can use it or anything in it.
   *
   * @throws UnsafeDataFolderException when group or other users have any permission on it
   */
  public static DataFolder open(Path root) throws IOException {
    if (!Files.exists(root)) {
      OwnerOnly.createDirectories(root);
    } else if (isEmptyFolderOfOurs(root)) {
      OwnerOnly.restrict(root);
    }
    // checked even when just made: something may have been put in between; through a link, the
    // folder it leads to is what others could use
    List<String> open = openToOthers(root.toRealPath());
    if (!open.isEmpty()) {
      String shown = String.join(", ", open.subList(0, Math.min(NAMED, open.size())))
          + (open.size() > NAMED ? " and " + (open.size() - NAMED) + " more" : "");
      throw new UnsafeDataFolderException("The data folder " + root + " is open to other local users (" + shown
          + "): they could read private scores and uploads, or take over accounts through its database. Make it "
          + "owner-only and start again: chmod -R go-rwx " + quoted(root));
    }
    return new DataFolder(root);
  }

  private static boolean isEmptyFolderOfOurs(Path root) throws IOException {
    if (!Files.isDirectory(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Path self = Path.of("/proc/self"); // owned by this process's user
    if (!Files.exists(self) || !Files.getOwner(root).equals(Files.getOwner(self))) {
      return false;
    }
    try (var entries = Files.list(root)) {
      return entries.findAny().isEmpty();
    }
  }

  /** The embedded database's folder. */
  public Path db() {
    return root.resolve(DB);
  }

  /** The blob store's folder. */
  public Path blobs() {
    return root.resolve(BLOBS);
  }

  /** Where bundle installs unpack (emptied at start-up). */
  public Path staging() {
    return root.resolve(STAGING);
  }

  /** The in-process evaluator's work folder, created owner-only here (its run folders are its own). */
  public Path evaluatorWork() throws IOException {
    return OwnerOnly.createDirectories(root.resolve(EVALUATOR));
  }

  /** Each file or folder others may use, as {@code relative/path mode}. */
  private static List<String> openToOthers(Path root) throws IOException {
    List<String> open = new ArrayList<>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        note(dir);
        boolean skip = dir.getParent() != null && dir.getParent().equals(root)
            && CONTENT_NOT_CHECKED.contains(dir.getFileName().toString());
        return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        note(file);
        return FileVisitResult.CONTINUE;
      }

      private void note(Path p) throws IOException {
        if (OwnerOnly.openToOthers(p)) {
          String name = root.relativize(p).toString();
          open.add((name.isEmpty() ? "the folder itself" : name) + " is " + OwnerOnly.mode(p));
        }
      }
    });
    return open;
  }

  private static String quoted(Path p) {
    String s = p.toString();
    return s.matches("[A-Za-z0-9_./-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
