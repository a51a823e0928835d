package org.palmares.platform.account;

/** Something a person asked of their account that cannot be done, with a sentence saying why. */
public final class AccountException extends RuntimeException {
  /** Why. */
  public enum Reason { INVALID_EMAIL, INVALID_NAME, WEAK_PASSWORD, EMAIL_TAKEN, WRONG_PASSWORD, UNKNOWN_ACCOUNT,
    INVALID_TOKEN_REQUEST, UNKNOWN_TOKEN,
    /** A password-reset link that was used, expired, replaced by a newer one, or never existed. */
    INVALID_RESET }

  private final Reason reason;

  public AccountException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
