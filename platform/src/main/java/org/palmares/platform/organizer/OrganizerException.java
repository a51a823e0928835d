package org.palmares.platform.organizer;

/** An organizer's action refused by the rules, with a reason the HTTP edge maps to a status. */
public final class OrganizerException extends RuntimeException {
  /** Why the action was refused. */
  public enum Reason {
    /** The person does not organize this challenge (nor is an admin). */
    NOT_ORGANIZER,
    /** No such submission. */
    NO_SUBMISSION,
    /** A disqualification needs a reason of at most {@link OrganizerService#MAX_REASON} characters. */
    REASON_REQUIRED,
    /** The submission's phase is no longer in the challenge. */
    PHASE_GONE,
    /** Only a scored or failed submission can run again. */
    NOT_FINISHED
  }

  private final Reason reason;

  public OrganizerException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
