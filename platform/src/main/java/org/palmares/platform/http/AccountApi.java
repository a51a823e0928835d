package org.palmares.platform.http;

import static org.palmares.platform.http.Edge.blocking;
import static org.palmares.platform.http.Edge.json;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.palmares.platform.account.AccessTokens;
import org.palmares.platform.account.Account;
import org.palmares.platform.account.AccountException;
import org.palmares.platform.challenge.Challenge;

/**
 * Accounts over the API: register, log in for a personal access token (slowed down after failed
 * attempts), list and revoke tokens, change the password, and the admin's appointment of
 * organizers (audited).
 */
final class AccountApi {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AccountApi.class);
  private final Vertx vertx;
  private final Services s;
  private final Callers callers;

  AccountApi(Vertx vertx, Services services, Callers callers) {
    this.vertx = vertx;
    this.s = services;
    this.callers = callers;
  }

  /**
   * Body {@code {"email", "name", "password"}}: 202 with the same answer whether or not the address
   * already had an account (registration is not an oracle of who has one), then log in for a token.
   */
  void register(RoutingContext ctx) {
    JsonObject body = RequestBody.REGISTER.read(ctx);
    blocking(vertx, () -> register(body.getString("email"), body.getString("name"), body.getString("password")))
        .onSuccess(address -> json(ctx, 202, new JsonObject().put("email", address).put("note", REGISTERED)))
        .onFailure(ctx::fail);
  }

  /** What registration answers, for a new address and for one that has an account alike. */
  static final String REGISTERED = "if this address had no account, it has one now: log in with it and this password "
      + "(POST /api/tokens). If it already had one, nothing changed: log in with that account's password; an operator "
      + "can give it a new one (palmares reset-password).";

  /**
   * Blocking: registers, keeping quiet about an address that is taken (the same work is done, the
   * same answer given; the log says it). Returns the normalized address. Invalid input is still
   * refused: that says nothing about other people's accounts.
   */
  String register(String email, String name, String password) {
    try {
      s.accounts().register(email, name, password, s.clock().instant());
    } catch (AccountException e) {
      if (e.reason() != AccountException.Reason.EMAIL_TAKEN) {
        throw e;
      }
      LOG.info("Registration for an address that already has an account; answered as any registration");
    }
    return org.palmares.platform.account.AccountRepository.normalizeEmail(email);
  }

  /**
   * Logs in: body {@code {"email", "password", "name", "expiresInDays"}}; 201 with a new personal
   * access token, shown this once. Failed attempts are counted per account and per address.
   */
  void createToken(RoutingContext ctx) {
    JsonObject body = RequestBody.TOKEN.read(ctx);
    String address = Edge.clientAddress(ctx);
    int days = intField(body, "expiresInDays", AccessTokens.DEFAULT_DAYS);
    requireFields(body, "email", "password");
    blocking(vertx, () -> {
      Account who = logIn(body.getString("email"), body.getString("password"), address);
      return s.tokens().issue(who.id(), body.getString("name", "api"), days, s.clock().instant());
    }).onSuccess(issued -> json(ctx, 201, JsonViews.accessToken(issued.token(), s.clock().instant())
        .put("token", issued.secret())
        .put("note", "this token is shown once; keep it secret, use it as 'Authorization: Bearer <token>'")))
        .onFailure(ctx::fail);
  }

  /**
   * Blocking: the account whose e-mail and password these are. 429 while the account or the
   * address is being slowed down (the password is then not even checked), 401 when wrong.
   */
  Account logIn(String email, String password, String address) {
    refuseWhileSlowedDown(email, address, "too many failed logins for this account or from your address");
    Account who = s.accounts().authenticate(email, password).orElse(null);
    if (who == null) {
      s.loginThrottle().failed(email, address);
      throw new ApiException(401, "wrong_credentials", "wrong e-mail or password")
          .localized("refusal.account.wrong_credentials");
    }
    s.loginThrottle().succeeded(email);
    return who;
  }

  /** 429 with {@code Retry-After} while the account or the address is slowed down after failed passwords. */
  private void refuseWhileSlowedDown(String email, String address, String why) {
    var wait = s.loginThrottle().waitBefore(email, address);
    if (wait.isPresent()) {
      long seconds = Math.max(1, wait.get().toSeconds() + 1);
      throw new ApiException(429, "login_throttled", why + "; try again in " + seconds + " s").retryAfter(seconds)
          .localized("refusal.account.login_throttled", seconds);
    }
  }

  void listTokens(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      Account who = callers.account(token);
      JsonArray list = new JsonArray();
      s.tokens().of(who.id()).forEach(t -> list.add(JsonViews.accessToken(t, s.clock().instant())));
      return new JsonObject().put("tokens", list);
    }).onSuccess(b -> json(ctx, 200, b)).onFailure(ctx::fail);
  }

  void revokeToken(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    String id = ctx.pathParam("id");
    blocking(vertx, () -> {
      Account who = callers.account(token);
      s.tokens().revoke(who.id(), id, s.clock().instant());
      return null;
    }).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  /** Who am I: the account, its roles and its teams. */
  void me(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      Account who = callers.account(token);
      JsonArray teams = new JsonArray();
      for (Challenge c : s.challenges().all()) {
        s.teamService().teamOf(who, c).ifPresent(t -> teams.add(new JsonObject().put("challenge", c.slug())
            .put("team", t.name())));
      }
      return JsonViews.account(who).put("teams", teams);
    }).onSuccess(b -> json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /**
   * Body {@code {"currentPassword", "newPassword", "revokeTokens": false}}; ends every web session of
   * the account, and with {@code revokeTokens} every personal access token too (this call's
   * included: log in again for a new one). Tokens are kept by default, so scripts keep working
   * after a routine change; a person who fears a leak revokes them.
   */
  void changePassword(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    String address = Edge.clientAddress(ctx);
    blocking(vertx, () -> {
      Account who = callers.account(token);
      JsonObject body = RequestBody.PASSWORD.read(ctx);
      requireFields(body, "currentPassword", "newPassword");
      long revoked = changePassword(who, body.getString("currentPassword"), body.getString("newPassword"), address,
          null, body.getBoolean("revokeTokens", false));
      return new JsonObject().put("sessionsEnded", true).put("tokensRevoked", revoked);
    }).onSuccess(b -> json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /**
   * Blocking: changes the password, counting a wrong current one as a failed login (a stolen token
   * must not become a password oracle), then ends the account's other web sessions.
   */
  long changePassword(Account who, String current, String replacement, String address, String keepSession,
      boolean revokeTokens) {
    refuseWhileSlowedDown(who.email(), address, "too many failed attempts");
    try {
      s.accounts().changePassword(who.id(), current, replacement, s.clock().instant());
    } catch (AccountException e) {
      if (e.reason() == AccountException.Reason.WRONG_PASSWORD) {
        s.loginThrottle().failed(who.email(), address);
      }
      throw e;
    }
    s.sessions().closeOthers(who.id(), keepSession);
    return revokeTokens ? s.tokens().revokeAll(who.id(), s.clock().instant()) : 0;
  }

  /** Admin: makes the account with that e-mail an organizer of the challenge ({@code PUT}), or not ({@code DELETE}). */
  void setOrganizer(RoutingContext ctx, boolean grant) {
    String token = Callers.bearer(ctx);
    String slug = ctx.pathParam("slug");
    String email = ctx.pathParam("email");
    blocking(vertx, () -> {
      Account admin = callers.account(token);
      if (!admin.admin()) {
        throw new ApiException(403, "forbidden", "only platform admins appoint organizers");
      }
      if (s.challenges().find(slug).isEmpty()) {
        throw ApiException.notFound("there is no challenge " + slug);
      }
      Account target = s.accounts().findByEmail(email)
          .orElseThrow(() -> ApiException.notFound("no account has the e-mail address " + email));
      boolean changed = grant ? s.accounts().grantOrganizer(target.id(), slug)
          : s.accounts().revokeOrganizer(target.id(), slug);
      if (changed) {
        s.audit().record(slug, admin.label(), grant ? "grant organizer" : "revoke organizer", target.label(),
            grant ? "may now manage challenge " + slug : "no longer manages challenge " + slug);
      }
      JsonArray organizers = new JsonArray();
      s.accounts().organizersOf(slug).forEach(a -> organizers.add(JsonViews.account(a)));
      return new JsonObject().put("challenge", slug).put("organizers", organizers);
    }).onSuccess(b -> json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /** Admin: the platform-wide audit log (admin role changes made from the command line). */
  void platformAudit(RoutingContext ctx) {
    String token = Callers.bearer(ctx);
    blocking(vertx, () -> {
      Account admin = callers.account(token);
      if (!admin.admin()) {
        throw new ApiException(403, "forbidden", "only platform admins read the platform's audit log");
      }
      return new JsonObject().put("entries", JsonViews.audit(s.audit().ofPlatform()));
    }).onSuccess(b -> json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /** 400 unless every field is a non-empty string: a missing field is a mistake, not a failed login. */
  static void requireFields(JsonObject body, String... fields) {
    for (String field : fields) {
      if (!(body.getValue(field) instanceof String v) || v.isEmpty()) {
        throw new ApiException(400, "invalid_request", "give \"" + field + "\"");
      }
    }
  }

  private static int intField(JsonObject body, String field, int otherwise) {
    Object v = body.getValue(field);
    if (v == null) {
      return otherwise;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e6) {
      return n.intValue();
    }
    throw new ApiException(400, "invalid_request", "\"" + field + "\" must be a whole number");
  }

}
