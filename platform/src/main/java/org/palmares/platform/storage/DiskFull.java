package org.palmares.platform.storage;

import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * Whether a failure is the platform's disk being full. Java has no exception type for it: the
 * operating system's sentence for ENOSPC (or EDQUOT, a quota) is in the message, of the
 * {@code IOException} itself or of one Vert.x or NIO wrapped it in.
 */
public final class DiskFull {
  private DiskFull() {}

  /** Whether {@code failure} (or one of its causes) says there is no space left to write. */
  public static boolean isDiskFull(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String said = t instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : t.getMessage();
      if (said != null) {
        String lower = said.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
          return true;
        }
      }
    }
    return false;
  }
}
