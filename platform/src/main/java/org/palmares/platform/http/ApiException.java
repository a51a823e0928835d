package org.palmares.platform.http;

/** A failure with the HTTP status and the message a client can act on; rendered as the one error shape. */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private Long retryAfterSeconds;
  private io.vertx.core.json.JsonObject details;
  private String messageKey;
  private Object[] messageArgs = {};

  public ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Tells the client when to try again ({@code Retry-After}). */
  public ApiException retryAfter(long seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** Fields added to the JSON error object (e.g. the list of a bundle's problems). */
  public ApiException details(io.vertx.core.json.JsonObject more) {
    this.details = more;
    return this;
  }

  /**
   * The same sentence as a message of the bundles ({@code i18n/messages*.properties}), so pages and
   * the API say it in the reader's language; the English message stays the fallback and the log's.
   */
  public ApiException localized(String key, Object... args) {
    this.messageKey = key;
    this.messageArgs = args.clone();
    return this;
  }

  /** The bundle key of the message, or null when it exists in English only. */
  public String messageKey() {
    return messageKey;
  }

  public Object[] messageArgs() {
    return messageArgs.clone();
  }

  public io.vertx.core.json.JsonObject details() {
    return details;
  }

  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }
}
