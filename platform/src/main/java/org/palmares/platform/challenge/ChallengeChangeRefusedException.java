package org.palmares.platform.challenge;

/** A challenge change that is not allowed (exists already, unknown, or would change how scored submissions were scored). */
public final class ChallengeChangeRefusedException extends Exception {
  /** Why. */
  public enum Reason {
    EXISTS, UNKNOWN, SCORED_PHASE_CHANGED, NOT_ALLOWED,
    /** Another upload installed a version of the challenge while this one was being checked. */
    CHANGED_MEANWHILE
  }

  private final Reason reason;

  public ChallengeChangeRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
