package org.palmares.evaluator.site;

/** Whether a scored result leaves the site as soon as it is scored, or after its operator approves it. */
public enum Release {
  /** Results are sent as soon as they are scored (after disclosure control). */
  AUTOMATIC,
  /** Scored results wait in the site's outbox until the operator approves or rejects each one. */
  MANUAL;

  /** The policy file's spelling: {@code automatic} or {@code manual}. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
