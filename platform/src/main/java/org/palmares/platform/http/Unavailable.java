package org.palmares.platform.http;

import org.palmares.platform.storage.DatabaseOutage;
import org.palmares.platform.storage.DiskFull;

/**
 * The HTTP form of the platform's own means failing (the database away, the disk full), as
 * opposed to a bug: 503 with {@code Retry-After} while the database is away, 507 when an upload
 * does not fit on disk. One mapping, used by the API's failure handler and by the pages, so a
 * client is told to come back instead of being shown an internal error.
 */
final class Unavailable {
  /** How long to wait before sending an upload again once the disk was full: the operators must act. */
  static final long DISK_FULL_RETRY_AFTER_SECONDS = 600;

  private Unavailable() {}

  /** The answer for {@code failure} when it is an outage of the database or the disk; null otherwise. */
  static ApiException of(Throwable failure) {
    if (DatabaseOutage.isOutage(failure)) {
      return new ApiException(503, "database_unavailable", "the platform's database is not answering for the moment,"
          + " so this request could not be completed; nothing is lost: try again in a minute")
          .retryAfter(DatabaseOutage.RETRY_AFTER.toSeconds());
    }
    if (DiskFull.isDiskFull(failure)) {
      return new ApiException(507, "insufficient_storage", "the platform's disk is full, so the upload was not kept"
          + " (it does not count against your quota); try again later, and tell the platform's operators if it lasts")
          .retryAfter(DISK_FULL_RETRY_AFTER_SECONDS);
    }
    return null;
  }

  /** Whether {@code answer} is one of these (the pages then say so in the reader's language). */
  static boolean isUnavailable(ApiException answer) {
    return "database_unavailable".equals(answer.code()) || "insufficient_storage".equals(answer.code());
  }
}
