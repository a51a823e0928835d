package org.palmares.platform.team;

/** A team operation the rules do not allow, with a sentence the person can act on. */
public final class TeamException extends RuntimeException {
  /** Why. */
  public enum Reason { INVALID_NAME, NAME_TAKEN, ALREADY_IN_TEAM, NOT_IN_TEAM, TEAM_FULL, UNKNOWN_CODE,
    RULES_NOT_ACCEPTED, WRONG_RULES_VERSION, ORGANIZER, TEAM_HAS_SUBMITTED }

  private final Reason reason;
  private final String key;
  private final Object[] args;

  /**
   * @param message the English sentence (the API's fallback and the log's)
   * @param args    the values the sentence names, in the order of the message
   *                {@code refusal.team.<reason>} of the i18n bundles, which says it in the reader's language
   */
  public TeamException(Reason reason, String message, Object... args) {
    this(reason, "refusal.team." + reason.name().toLowerCase(java.util.Locale.ROOT), message, args);
  }

  private TeamException(Reason reason, String key, String message, Object[] args) {
    super(message, null, false, false);
    this.reason = reason;
    this.key = key;
    this.args = args.clone();
  }

  /** A refusal whose sentence is a variant of its reason's: {@code refusal.team.<reason>.<variant>}. */
  public static TeamException variant(Reason reason, String variant, String message, Object... args) {
    return new TeamException(reason, "refusal.team." + reason.name().toLowerCase(java.util.Locale.ROOT) + "." + variant,
        message, args);
  }

  /** The i18n bundle key of this refusal's sentence. */
  public String messageKey() {
    return key;
  }

  public Object[] messageArgs() {
    return args.clone();
  }

  public Reason reason() {
    return reason;
  }
}
