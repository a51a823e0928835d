package org.palmares.platform.submission;

import java.time.Instant;

/**
 * A submission the challenge's rules do not allow now: outside every phase window, or over the
 * team's quota. Says why, and when the next one is allowed (null when never).
 */
public final class SubmissionRefusedException extends RuntimeException {
  /** Why: the phase windows, or the quota. */
  public enum Reason { NOT_OPEN, QUOTA, PHASE_NOT_GIVEN }

  private final Reason reason;
  private final Instant nextAllowedAt;
  private final String phases;

  public SubmissionRefusedException(Reason reason, String message, Instant nextAllowedAt) {
    this(reason, message, nextAllowedAt, null);
  }

  /** @param phases for {@link Reason#PHASE_NOT_GIVEN}: the phases one may name, comma-separated */
  public SubmissionRefusedException(Reason reason, String message, Instant nextAllowedAt, String phases) {
    super(message, null, false, false);
    this.reason = reason;
    this.nextAllowedAt = nextAllowedAt;
    this.phases = phases;
  }

  /** The phases one may name (for {@link Reason#PHASE_NOT_GIVEN}), comma-separated, or null. */
  public String phases() {
    return phases;
  }

  public Reason reason() {
    return reason;
  }

  public Instant nextAllowedAt() {
    return nextAllowedAt;
  }
}
