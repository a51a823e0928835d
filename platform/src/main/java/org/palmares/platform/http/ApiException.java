package org.palmares.platform.http;

/** A failure with the HTTP status and the message a client can act on; rendered as the one error shape. */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private Long retryAfterSeconds;
  private io.vertx.core.json.JsonObject details;

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
