package org.palmares.platform.submission;

import java.time.Instant;

/**
 * A submission the challenge's rules do not allow now: outside every phase window, or over the
 * team's quota. Says why, and when the next one is allowed (null when never), as an English
 * sentence (the API's fallback and the log's) and as a message of the i18n bundles with the values
 * it names, so that the team reads it in its language.
 */
public final class SubmissionRefusedException extends RuntimeException {
  /** Why: the phase windows, or the quota. */
  public enum Reason { NOT_OPEN, QUOTA, PHASE_NOT_GIVEN }

  private final Reason reason;
  private final Instant nextAllowedAt;
  private final String messageKey;
  private final Object[] messageArgs;

  /**
   * @param key  the sentence's key in the i18n bundles, under {@code refusal.submission.}
   * @param args the values it names, in the message's order (instants as ISO-8601 strings)
   */
  public SubmissionRefusedException(Reason reason, String message, Instant nextAllowedAt, String key,
      Object... args) {
    super(message, null, false, false);
    this.reason = reason;
    this.nextAllowedAt = nextAllowedAt;
    this.messageKey = "refusal.submission." + key;
    this.messageArgs = args.clone();
  }

  public Reason reason() {
    return reason;
  }

  public Instant nextAllowedAt() {
    return nextAllowedAt;
  }

  /** The i18n bundle key of the sentence. */
  public String messageKey() {
    return messageKey;
  }

  public Object[] messageArgs() {
    return messageArgs.clone();
  }
}
