package org.palmares.platform.challenge;

import java.time.Duration;

/**
 * How much work one bundle may cause while it is unpacked and read: an organizer's upload is
 * outside input, and a small compressed archive can unpack to gigabytes or to a
 * {@code challenge.yaml} that takes minutes to parse. Every limit is checked while streaming,
 * so a refusal comes as soon as the limit is crossed, with a sentence naming it.
 *
 * @param maxTotalBytes   the whole bundle, unpacked (hidden data included)
 * @param maxYamlBytes    {@code challenge.yaml}, unpacked (texts and settings only: data lives in files)
 * @param maxEntries      entries of the archive, folders included
 * @param maxDepth        folders a path may nest
 * @param maxNameLength   characters of an entry's path
 * @param maxUnpackTime   time to unpack the whole archive (a slow trickle of work is refused too)
 */
public record BundleLimits(long maxTotalBytes, long maxYamlBytes, int maxEntries, int maxDepth, int maxNameLength,
    Duration maxUnpackTime) {

  /** The platform's limits; documented in docs/security.md. */
  public static final BundleLimits DEFAULTS = new BundleLimits(8L << 30, 1L << 20, 10_000, 16, 1024,
      Duration.ofMinutes(5));

  /** The same limits with another cap on the unpacked bundle. */
  public BundleLimits withMaxTotalBytes(long max) {
    return new BundleLimits(max, maxYamlBytes, maxEntries, maxDepth, maxNameLength, maxUnpackTime);
  }

  static String size(long bytes) {
    if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + " GiB";
    }
    if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " bytes";
  }
}
