package org.palmares.platform.http;

import io.vertx.core.Vertx;
import org.palmares.platform.organizer.OrganizerException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import org.palmares.evaluator.sandbox.ImageArchive;
import org.palmares.platform.account.AccountException;
import org.palmares.platform.challenge.BundleArchive;
import org.palmares.platform.challenge.ChallengeChangeRefusedException;
import org.palmares.platform.challenge.InvalidChallengeException;
import org.palmares.platform.submission.SubmissionRefusedException;
import org.palmares.platform.team.TeamException;
import org.palmares.platform.web.Messages;
import org.palmares.platform.web.Page;
import org.palmares.platform.web.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that maps failures to HTTP: domain refusals and outages become a status, a code
 * and a sentence in the reader's language, answered as the JSON error shape under {@code /api} and
 * as an HTML page everywhere else (the 404 page included).
 */
final class Failures {
  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
  private static final Duration LINGER = Duration.ofSeconds(5);
  private static final int SMALL_BODY_LIMIT = Edge.SMALL_BODY_LIMIT;

  private final Vertx vertx;
  private final Clock clock;

  Failures(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  /**
   * Every failure in the form a client can act on: the status, a code and a sentence. The one place
   * that maps failures to HTTP, for the API's JSON errors and the pages alike; anything unexpected
   * is logged and becomes a 500 that tells nothing of the internals.
   */
  ApiException describe(RoutingContext ctx) {
    Throwable e = ctx.failure();
    ApiException api = refusal(e);
    if (api == null) {
      api = Unavailable.of(e); // the database away or the disk full: 503/507 with Retry-After
    }
    if (api != null) {
      return api;
    }
    if (e instanceof SubmissionRefusedException refused) {
      ApiException out = new ApiException(switch (refused.reason()) {
        case QUOTA -> 429;
        case NOT_OPEN -> 403;
        case PHASE_NOT_GIVEN -> 400;
      }, switch (refused.reason()) {
        case QUOTA -> "quota_exceeded";
        case NOT_OPEN -> "phase_closed";
        case PHASE_NOT_GIVEN -> "phase_required";
      }, refused.getMessage()).localized(refused.messageKey(), refused.messageArgs());
      if (refused.nextAllowedAt() != null) {
        out.retryAfter(Math.max(1, Duration.between(clock.instant(), refused.nextAllowedAt()).toSeconds()));
      }
      return out;
    }
    if (e instanceof InvalidChallengeException invalid) {
      JsonArray problems = new JsonArray();
      invalid.problems().forEach(p -> problems.add(p.toString()));
      return new ApiException(422, "invalid_bundle", "the bundle is not valid: " + invalid.problems().size()
          + " problem(s)").details(new JsonObject().put("problems", problems));
    }
    if (e instanceof BundleArchive.InvalidBundleArchiveException bad) {
      return new ApiException(400, "not_a_bundle", bad.getMessage());
    }
    if (e instanceof ChallengeChangeRefusedException refused) {
      return new ApiException(switch (refused.reason()) {
        case UNKNOWN -> 404;
        case NOT_ALLOWED -> 403;
        case EXISTS, SCORED_PHASE_CHANGED, CHANGED_MEANWHILE -> 409;
      }, refused.reason().name().toLowerCase(java.util.Locale.ROOT), refused.getMessage());
    }
    if (e instanceof ImageArchive.ImageLimitExceededException over) {
      return new ApiException(413, "image_too_large", over.getMessage())
          .localized("refusal.image." + over.limit(), over.allowed());
    }
    if (e instanceof ImageArchive.InvalidImageArchiveException bad) {
      return new ApiException(400, "not_an_image", bad.getMessage()).localized("error.not_an_image", bad.getMessage());
    }
    if (causedBy(e, io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.TooLongFormFieldException.class)) {
      return new ApiException(413, "form_field_too_large", "a field of the form is larger than the "
          + SMALL_BODY_LIMIT / 1024 + " KiB this route accepts");
    }
    if (fromFormDecoder(e)) {
      return new ApiException(400, "bad_form", "the form could not be read (a malformed %-escape, or a field "
          + "without a name?); send it again from the page, or encode its fields as UTF-8 with %XX escapes"
          + (ctx.request().path().startsWith("/api/") ? " (the API takes JSON: Content-Type: application/json)" : ""));
    }
    if (e == null) {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      return switch (status) {
        case 404 -> ApiException.notFound("not found: " + ctx.request().path());
        case 413 -> new ApiException(413, "body_too_large", "the request body is larger than this route accepts ("
            + SMALL_BODY_LIMIT / 1024 + " KiB for forms and account or team requests)");
        default -> new ApiException(status, status < 500 ? "bad_request" : "internal_error",
            status < 500 ? "the request was refused (HTTP " + status + ")" : "request failed");
      };
    }
    // Never send internals (stack traces, paths) to a client; the log has them.
    LOG.error("Unexpected failure on {} {}", ctx.request().method(), ctx.request().path(), e);
    return new ApiException(500, "internal_error", "something went wrong on our side; the request was not applied");
  }

  /**
   * Whether {@code e} was thrown by Netty's decoding of a form body (which the body handler runs for
   * any request sent as a form, the API's included): a bad %-escape or a field without a name come
   * out of it as plain {@code IllegalArgumentException}s, so where they were thrown is what tells
   * them from a bug of ours.
   */
  static boolean fromFormDecoder(Throwable e) {
    if (causedBy(e, io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.ErrorDataDecoderException.class)) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IllegalArgumentException) {
        for (StackTraceElement frame : t.getStackTrace()) {
          String at = frame.getClassName();
          if (at.startsWith("io.netty.handler.codec.http.multipart.")
              || at.equals("io.netty.handler.codec.http.QueryStringDecoder")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Failures of {@code /api} requests: the JSON error shape, its message in the reader's language. */
  void apiFailure(RoutingContext ctx) {
    ApiException api = describe(ctx);
    if (prepareFailureResponse(ctx, api)) {
      JsonObject body = JsonViews.error(api.code(), message(api, Messages.of(Readers.language(ctx))));
      if (api.details() != null) {
        body.mergeIn(api.details());
      }
      Edge.json(ctx, api.status(), body);
    }
  }

  /** Failures of pages and forms: an HTML page in the reader's language saying what happened and what to do. */
  void pageFailure(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (accept != null && accept.contains("application/json") && !accept.contains("text/html")) {
      apiFailure(ctx); // a page's script (the browser upload, the live list) reads the JSON error shape
      return;
    }
    ApiException api = describe(ctx);
    if (prepareFailureResponse(ctx, api)) {
      Page page = Readers.anonymousPage(ctx);
      Edge.html(ctx, api.status(), refusalPage(page, api));
    }
  }

  /** The page of a refusal or an outage, for {@code page}'s reader. */
  static io.vertx.core.buffer.Buffer refusalPage(Page page, ApiException api) {
    Messages m = page.m();
    boolean unavailable = Unavailable.isUnavailable(api);
    String title = unavailable ? m.t("unavailable.title") : api.status() == 404 ? m.t("refusal.not-found")
        : api.status() == 503 ? m.t("refusal.busy") : m.t("refusal.title");
    String message = unavailable ? m.t(api.status() == 507 ? "unavailable.disk-full" : "unavailable.database")
        : message(api, m);
    return Templates.render("refusal.jte", page, "title", title, "message", message,
        "retryAfterSeconds", api.retryAfterSeconds());
  }

  /** The refusal's sentence in {@code m}'s language when the bundles have it, else its English message. */
  static String message(ApiException api, Messages m) {
    return api.messageKey() != null && m.has(api.messageKey()) ? m.t(api.messageKey(), api.messageArgs())
        : api.getMessage();
  }

  /**
   * What both failure handlers do before writing: {@code Retry-After}, and the fate of the
   * connection (closed when the answer cannot be written or the body came too slowly; lingering
   * when a body is still coming). False when nothing more can be written.
   */
  private boolean prepareFailureResponse(RoutingContext ctx, ApiException api) {
    if (ctx.response().headWritten() || ctx.response().closed()) {
      if (!ctx.response().closed()) {
        ctx.request().connection().close();
      }
      return false;
    }
    if (api.retryAfterSeconds() != null) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(api.retryAfterSeconds()));
    }
    if (Boolean.TRUE.equals(ctx.get(ConnectionGuard.BODY_TIMED_OUT))) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      ctx.addEndHandler(done -> ctx.request().connection().close());
      return true;
    }
    boolean unreadBody = ctx.request().method() != HttpMethod.GET && !ctx.request().isEnded()
        && ctx.request().version() != HttpVersion.HTTP_2;
    if (unreadBody) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      lingerThenClose(ctx.request());
    }
    return true;
  }

  /**
   * The HTTP form of a refusal by the rules of accounts and teams (or an {@link ApiException}
   * itself), for the API's JSON errors and the pages alike; null for any other failure.
   */
  static ApiException refusal(Throwable e) {
    if (e instanceof ApiException api) {
      return api;
    }
    if (e instanceof AccountException refused) {
      int status = switch (refused.reason()) {
        case INVALID_EMAIL, INVALID_NAME, WEAK_PASSWORD, INVALID_TOKEN_REQUEST, INVALID_RESET -> 400;
        case EMAIL_TAKEN -> 409;
        case WRONG_PASSWORD -> 403;
        case UNKNOWN_ACCOUNT, UNKNOWN_TOKEN -> 404;
      };
      String code = refused.reason().name().toLowerCase(java.util.Locale.ROOT);
      return new ApiException(status, code, refused.getMessage()).localized("refusal.account." + code);
    }
    if (e instanceof OrganizerException refused) {
      int status = switch (refused.reason()) {
        case REASON_REQUIRED -> 400;
        case NOT_ORGANIZER -> 403;
        case NO_SUBMISSION -> 404;
        case PHASE_GONE, NOT_FINISHED -> 409;
      };
      String key = refused.reason().name().toLowerCase(java.util.Locale.ROOT);
      String code = switch (refused.reason()) { // the API's codes from before the service
        case NOT_ORGANIZER -> "forbidden";
        case NO_SUBMISSION -> "not_found";
        default -> key;
      };
      return new ApiException(status, code, refused.getMessage()).localized("refusal.organizer." + key);
    }
    if (e instanceof TeamException refused) {
      int status = switch (refused.reason()) {
        case INVALID_NAME -> 400;
        case NOT_IN_TEAM, RULES_NOT_ACCEPTED, ORGANIZER -> 403;
        case UNKNOWN_CODE -> 404;
        case NAME_TAKEN, ALREADY_IN_TEAM, TEAM_FULL, WRONG_RULES_VERSION, TEAM_HAS_SUBMITTED -> 409;
      };
      return new ApiException(status, refused.reason().name().toLowerCase(java.util.Locale.ROOT), refused.getMessage())
          .localized(refused.messageKey(), refused.messageArgs());
    }
    return null;
  }

  /**
   * An HTTP/1 client may still be sending a body we will not use (too large, bad token). Closing
   * at once would make TCP reset the connection and lose our answer, so keep reading and
   * discarding for a few seconds, then close. (HTTP/2 resets just the stream.)
   */
  private void lingerThenClose(HttpServerRequest req) {
    long timer = vertx.setTimer(LINGER.toMillis(), id -> req.connection().close());
    req.exceptionHandler(e -> vertx.cancelTimer(timer));
    req.endHandler(v -> {
      vertx.cancelTimer(timer);
      req.connection().close();
    });
    req.handler(discarded -> { });
    req.resume();
  }

}
