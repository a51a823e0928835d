package org.palmares.platform.http;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.palmares.platform.account.AccessTokens;
import org.palmares.platform.account.Account;
import org.palmares.platform.account.Sessions;

/**
 * Who is calling. The API knows people only by personal access token ({@code Authorization:
 * Bearer}); the pages only by session cookie, with a CSRF token on every form. Keeping the two
 * apart means no cookie ever authorizes an API call, so no other web site can make a browser act
 * through the API.
 */
final class Callers {
  static final String SESSION_COOKIE = "palmares_session";
  static final String CSRF_FIELD = "csrf";
  /** Before login there is no session: the login and registration forms use a double-submit cookie instead. */
  static final String PRE_SESSION_CSRF_COOKIE = "palmares_csrf";

  private final AccessTokens tokens;
  private final Sessions sessions;
  private final Clock clock;
  private final boolean secureCookies;

  Callers(AccessTokens tokens, Sessions sessions, Clock clock, boolean secureCookies) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.clock = clock;
    this.secureCookies = secureCookies;
  }

  /** The bearer token of the request; 401 when there is none. */
  static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
      throw ApiException.unauthorized("send your token as 'Authorization: Bearer <token>': a personal access token "
          + "(from your account page, or POST /api/tokens), or an evaluator's site token");
    }
    return header.substring(7).trim();
  }

  /** Blocking: the account whose live personal access token this is; 401 for unknown, revoked and expired tokens. */
  Account account(String token) {
    return tokens.authenticate(token, clock.instant()).orElseThrow(() -> ApiException.unauthorized(
        "unknown, revoked or expired token; create a new one on your account page"));
  }

  /** Blocking: the live session of the request's cookie, if any. */
  Optional<Sessions.Session> session(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
    return cookie == null || cookie.getValue().isBlank() ? Optional.empty()
        : sessions.find(cookie.getValue(), clock.instant());
  }

  /**
   * Blocking: the session of a form post, whose CSRF field must match the session's token; 403
   * otherwise (a form posted from another site, or an expired page), and nothing is done.
   */
  Sessions.Session sessionOfForm(RoutingContext ctx) {
    return sessionRepeating(ctx, ctx.request().getFormAttribute(CSRF_FIELD));
  }

  /**
   * Blocking: the session of a script's request from one of our pages (the browser upload), whose
   * {@value #CSRF_HEADER} header must match the session's token; 401 or 403 otherwise.
   */
  Sessions.Session sessionOfScript(RoutingContext ctx) {
    return sessionRepeating(ctx, ctx.request().getHeader(CSRF_HEADER));
  }

  /** Blocking: the request's live session (else 401), when {@code sent} is its CSRF token (else 403). */
  private Sessions.Session sessionRepeating(RoutingContext ctx, String sent) {
    Sessions.Session session = session(ctx).orElseThrow(Callers::notLoggedIn);
    if (!matches(sent, session.csrf())) {
      throw staleForm();
    }
    return session;
  }

  /** 401: no live session (never logged in, or the session ended). */
  static ApiException notLoggedIn() {
    return new ApiException(401, "not_logged_in", "you are not logged in (or your session ended); log in and try again")
        .localized("error.not_logged_in");
  }

  /** 403: a form or script request without this session's CSRF token (another site's, or an old page's). */
  static ApiException staleForm() {
    return new ApiException(403, "csrf", "this form is out of date or was not sent from this site; reload the page "
        + "and try again").localized("error.csrf");
  }

  /** Constant-time equality of a token sent and the one expected; false when none was sent. */
  private static boolean matches(String sent, String expected) {
    return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }

  /** The header a page's script repeats the session's CSRF token in (another site cannot read it to set it). */
  static final String CSRF_HEADER = "X-CSRF-Token";

  /**
   * The CSRF token for a form shown to someone not logged in (login, registration): the value of a
   * cookie set here (SameSite=Strict, HttpOnly), which the form repeats. Another site can make a
   * browser post the form but cannot read or set the cookie, so it cannot log a victim in to the
   * attacker's account.
   */
  String preSessionCsrf(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(PRE_SESSION_CSRF_COOKIE);
    if (cookie != null && cookie.getValue().length() >= 20) {
      return cookie.getValue();
    }
    String value = org.palmares.platform.auth.BearerToken.generate();
    ctx.response().addCookie(Cookie.cookie(PRE_SESSION_CSRF_COOKIE, value).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(secureCookies || ctx.request().isSSL()));
    return value;
  }

  /** 403 unless a pre-session form carries the value of its cookie. */
  static void checkPreSessionCsrf(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(PRE_SESSION_CSRF_COOKIE);
    if (cookie == null || !matches(ctx.request().getFormAttribute(CSRF_FIELD), cookie.getValue())) {
      throw staleForm();
    }
  }


  /**
   * The session cookie: HttpOnly (no script reads it), SameSite=Lax (not sent with cross-site
   * posts), Secure when the platform is served over TLS, for the session's lifetime.
   */
  Cookie sessionCookie(RoutingContext ctx, String secret) {
    return Cookie.cookie(SESSION_COOKIE, secret).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX)
        .setSecure(secureCookies || ctx.request().isSSL()).setMaxAge(Sessions.LIFETIME.toSeconds());
  }

  Cookie expiredSessionCookie(RoutingContext ctx) {
    return sessionCookie(ctx, "").setMaxAge(0);
  }
}
