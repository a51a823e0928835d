package org.palmares.platform.submission;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * New submission ids, {@code sub_} then 32 hex digits: the acceptance time in milliseconds (12
 * digits) then 80 random bits. Ids sort in the order submissions were accepted, which is the
 * queue's order: the embedded database keeps a collection's documents in the order of their ids
 * and answers a query without a sort in that order, stopping at the first match, so the live job
 * that a lease takes is found by reading the jobs before it only (see
 * {@link SubmissionRepository#lease}). The random part keeps ids unguessable and unique.
 */
final class SubmissionId {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SubmissionId() {}

  static String next(Instant acceptedAt) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    return "sub_" + String.format(Locale.ROOT, "%012x", acceptedAt.toEpochMilli()) + HexFormat.of().formatHex(random);
  }
}
