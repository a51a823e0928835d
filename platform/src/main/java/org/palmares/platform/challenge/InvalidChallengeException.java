package org.palmares.platform.challenge;

/** A bundle that cannot be loaded; the message names the file and what is wrong. */
public final class InvalidChallengeException extends Exception {
  public InvalidChallengeException(String message) {
    super(message);
  }

  public InvalidChallengeException(String message, Throwable cause) {
    super(message, cause);
  }
}
