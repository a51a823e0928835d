package org.palmares.platform.team;

/** A team operation the rules do not allow, with a sentence the person can act on. */
public final class TeamException extends RuntimeException {
  /** Why. */
  public enum Reason { INVALID_NAME, NAME_TAKEN, ALREADY_IN_TEAM, NOT_IN_TEAM, TEAM_FULL, UNKNOWN_CODE,
    RULES_NOT_ACCEPTED, WRONG_RULES_VERSION, ORGANIZER, TEAM_HAS_SUBMITTED }

  private final Reason reason;

  public TeamException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
