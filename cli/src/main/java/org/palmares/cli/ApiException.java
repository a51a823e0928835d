package org.palmares.cli;

/**
 * A refusal by the platform, carrying the API's own code and sentence (which is what the
 * competitor is shown), or a platform that could not be reached.
 */
final class ApiException extends Exception {
  private final int status;
  private final String code;
  /** What the platform said to wait ({@code Retry-After}), in seconds, or -1. */
  long retryAfter = -1;

  ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
