package org.palmares.platform.http;

import static org.apache.commons.text.StringEscapeUtils.escapeHtml4;
import static org.palmares.platform.http.Edge.blocking;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.palmares.platform.account.AccessTokens;
import org.palmares.platform.account.Account;
import org.palmares.platform.account.AccountException;
import org.palmares.platform.account.Sessions;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.team.Team;
import org.palmares.platform.team.TeamException;

/**
 * The pages of people with an account: register, log in and out, the account page (password,
 * personal access tokens), and the "take part" forms of a challenge page (rules, team). Pages know
 * people by their session cookie only; every form that changes something carries the CSRF token.
 * A refused form comes back as a message on the page it was sent from, never as an error page.
 */
final class AccountPages {
  private final Vertx vertx;
  private final Services s;
  private final Callers callers;
  private final AccountApi accountApi;

  AccountPages(Vertx vertx, Services services, Callers callers, AccountApi accountApi) {
    this.vertx = vertx;
    this.s = services;
    this.callers = callers;
    this.accountApi = accountApi;
  }

  // ---- before login --------------------------------------------------------------------------

  void loginForm(RoutingContext ctx) {
    html(ctx, 200, loginPage(ctx, null));
  }

  void logIn(RoutingContext ctx) {
    String email = form(ctx, "email");
    String password = form(ctx, "password");
    String address = Edge.clientAddress(ctx);
    blocking(vertx, () -> {
      Callers.checkPreSessionCsrf(ctx);
      if (email == null || email.isBlank() || password == null || password.isEmpty()) {
        throw new ApiException(400, "invalid_request", "give your e-mail address and your password");
      }
      return s.sessions().open(accountApi.logIn(email, password, address), s.clock().instant());
    }).onSuccess(opened -> startSession(ctx, opened))
        .onFailure(e -> refused(ctx, e, () -> loginPage(ctx, e.getMessage())));
  }

  void registerForm(RoutingContext ctx) {
    html(ctx, 200, registerPage(ctx, null));
  }

  /**
   * Registers and sends to the login form with the same sentence whether or not the address had an
   * account (no session is opened here: one opened only for new addresses would tell them apart).
   */
  void register(RoutingContext ctx) {
    String email = form(ctx, "email");
    String name = form(ctx, "name");
    String password = form(ctx, "password");
    blocking(vertx, () -> {
      Callers.checkPreSessionCsrf(ctx);
      return accountApi.register(email, name, password);
    }).onSuccess(address -> redirect(ctx, "/login?registered=1"))
        .onFailure(e -> refused(ctx, e, () -> registerPage(ctx, e.getMessage())));
  }

  private void startSession(RoutingContext ctx, Sessions.Opened opened) {
    ctx.response().addCookie(callers.sessionCookie(ctx, opened.cookieSecret()));
    redirect(ctx, localPath(form(ctx, "next")).orElse("/account"));
  }

  /**
   * {@code next} when it is a path of this site, parsed rather than pattern-matched: no scheme, no
   * authority, an absolute path not starting with {@code //}, and no control character, space or
   * backslash anywhere (browsers drop tabs and line breaks from URLs, so {@code /<TAB>/evil.example}
   * would become {@code //evil.example}; a line break would also split the {@code Location} header).
   */
  static java.util.Optional<String> localPath(String next) {
    if (next == null || next.isEmpty() || next.length() > 2048
        || next.chars().anyMatch(ch -> ch <= 0x20 || ch == 0x7f || ch == '\\' || Character.isISOControl(ch))) {
      return java.util.Optional.empty();
    }
    try {
      java.net.URI uri = new java.net.URI(next);
      String path = uri.getRawPath();
      if (uri.getScheme() != null || uri.getRawAuthority() != null || path == null || !path.startsWith("/")
          || path.startsWith("//")) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(uri.toASCIIString());
    } catch (java.net.URISyntaxException e) {
      return java.util.Optional.empty();
    }
  }

  // ---- logged in -----------------------------------------------------------------------------

  void logOut(RoutingContext ctx) {
    blocking(vertx, () -> {
      Sessions.Session session = callers.sessionOfForm(ctx);
      s.sessions().close(session.key());
      return null;
    }).onSuccess(v -> {
      ctx.response().addCookie(callers.expiredSessionCookie(ctx));
      redirect(ctx, "/");
    }).onFailure(e -> refused(ctx, e, null));
  }

  void account(RoutingContext ctx) {
    String lang = Readers.language(ctx).tag();
    blocking(vertx, () -> callers.session(ctx).map(session -> accountPage(session, null, lang)).orElse(null))
        .onSuccess(page -> {
          if (page == null) {
            redirect(ctx, "/login?next=/account");
          } else {
            html(ctx, 200, page);
          }
        }).onFailure(ctx::fail);
  }

  void changePassword(RoutingContext ctx) {
    String current = form(ctx, "currentPassword");
    String replacement = form(ctx, "newPassword");
    boolean revokeTokens = form(ctx, "revokeTokens") != null;
    String address = Edge.clientAddress(ctx);
    onForm(ctx, "/account", session -> {
      if (current == null || current.isEmpty() || replacement == null || replacement.isEmpty()) {
        throw new ApiException(400, "invalid_request", "give the current and the new password");
      }
      long revoked = accountApi.changePassword(session.account(), current, replacement, address, session.key(),
          revokeTokens);
      String lang = Readers.language(ctx).tag();
      return revokeTokens ? PageText.of("tokens-revoked", lang).formatted(revoked) : PageText.of("password-changed", lang);
    });
  }

  /** Shows the new token on the page itself (not through a stored message): it exists in clear only in this response. */
  void createToken(RoutingContext ctx) {
    String name = form(ctx, "name");
    String days = form(ctx, "days");
    String lang = Readers.language(ctx).tag();
    blocking(vertx, () -> {
      Sessions.Session session = callers.sessionOfForm(ctx);
      try {
        int lifetime = days == null || days.isBlank() ? AccessTokens.DEFAULT_DAYS : Integer.parseInt(days.trim());
        AccessTokens.Issued issued = s.tokens().issue(session.account().id(), name, lifetime, s.clock().instant());
        return accountPage(session, "<div class=\"flash\"><p>" + PageText.of("token-once", lang) + "</p><pre>"
            + escapeHtml4(issued.secret()) + "</pre></div>", lang);
      } catch (NumberFormatException | AccountException e) {
        String why = e instanceof AccountException ? e.getMessage() : "give the lifetime in days";
        return accountPage(session, flash(why), lang);
      }
    }).onSuccess(page -> html(ctx, 200, page)).onFailure(e -> refused(ctx, e, null));
  }

  void revokeToken(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    onForm(ctx, "/account", session -> {
      s.tokens().revoke(session.account().id(), id, s.clock().instant());
      return PageText.of("token-revoked", Readers.language(ctx).tag());
    });
  }

  void acceptRules(RoutingContext ctx) {
    String version = form(ctx, "version");
    onChallengeForm(ctx, (who, c) -> {
      int v;
      try {
        v = Integer.parseInt(version == null ? "" : version.trim());
      } catch (NumberFormatException e) {
        throw new ApiException(400, "invalid_request", "which version of the rules do you accept?");
      }
      s.teamService().acceptRules(who, c, v);
      return messages(ctx).t("take-part.rules-accepted");
    });
  }

  void createTeam(RoutingContext ctx) {
    String name = form(ctx, "name");
    onChallengeForm(ctx, (who, c) -> messages(ctx).t("take-part.team-created", s.teamService().create(who, c, name).name()));
  }

  void joinTeam(RoutingContext ctx) {
    String code = form(ctx, "code");
    onChallengeForm(ctx, (who, c) -> messages(ctx).t("take-part.team-joined", s.teamService().join(who, c, code).name()));
  }

  void leaveTeam(RoutingContext ctx) {
    onChallengeForm(ctx, (who, c) -> {
      s.teamService().leave(who, c);
      return messages(ctx).t("take-part.team-left");
    });
  }

  /** The code is passed on as a one-time message of the session, shown on the next page and then forgotten. */
  void invite(RoutingContext ctx) {
    onChallengeForm(ctx, (who, c) -> messages(ctx).t("take-part.invitation", s.teamService().invite(who, c)));
  }

  /** The navigation links for whoever is looking: log in and register, or their account and log out. */
  static String nav(Sessions.Session session, String lang) {
    if (session == null) {
      return "<a href=\"/login\">" + PageText.of("log-in", lang) + "</a> · <a href=\"/register\">"
          + PageText.of("register", lang) + "</a>";
    }
    return "<a href=\"/account\">" + escapeHtml4(session.account().name()) + "</a> " + formTag("/logout")
        + hidden(Callers.CSRF_FIELD, session.csrf()) + "<button class=\"link\">" + PageText.of("log-out", lang)
        + "</button></form>";
  }

  // ---- the pages -----------------------------------------------------------------------------

  private String loginPage(RoutingContext ctx, String problem) {
    String lang = Readers.language(ctx).tag();
    String next = ctx.request().getParam("next");
    boolean registered = problem == null && ctx.request().getParam("registered") != null;
    return Pages.page(PageText.of("log-in", lang), "<h1>" + PageText.of("log-in", lang) + "</h1>"
        + (problem == null ? "" : flash(problem)) + (registered ? flash(PageText.of("registered", lang)) : "")
        + formTag("/login")
        + hidden(Callers.CSRF_FIELD, callers.preSessionCsrf(ctx)) + (next == null ? "" : hidden("next", next))
        + "<label>" + PageText.of("email", lang) + " <input type=\"email\" name=\"email\" required autocomplete=\"username\"></label>"
        + "<label>" + PageText.of("password", lang) + " <input type=\"password\" name=\"password\" required "
        + "autocomplete=\"current-password\"></label><button>" + PageText.of("log-in", lang) + "</button></form>"
        + "<p><a href=\"/register\">" + PageText.of("register", lang) + "</a></p>", false, lang, "");
  }

  private String registerPage(RoutingContext ctx, String problem) {
    String lang = Readers.language(ctx).tag();
    return Pages.page(PageText.of("register", lang), "<h1>" + PageText.of("register", lang) + "</h1>"
        + (problem == null ? "" : flash(problem)) + formTag("/register")
        + hidden(Callers.CSRF_FIELD, callers.preSessionCsrf(ctx))
        + "<label>" + PageText.of("email", lang) + " <input type=\"email\" name=\"email\" required autocomplete=\"username\"></label>"
        + "<label>" + PageText.of("name", lang) + " <input name=\"name\" required maxlength=\"80\"></label>"
        + "<label>" + PageText.of("password", lang) + " <input type=\"password\" name=\"password\" required minlength=\"10\" "
        + "autocomplete=\"new-password\"></label><p class=\"note\">" + PageText.of("password-rule", lang) + "</p>"
        + "<button>" + PageText.of("register", lang) + "</button></form>", false, lang, "");
  }

  /** Blocking. */
  private String accountPage(Sessions.Session session, String extra, String lang) {
    Account who = session.account();
    Instant now = s.clock().instant();
    String csrf = hidden(Callers.CSRF_FIELD, session.csrf());
    StringBuilder teams = new StringBuilder();
    StringBuilder roles = new StringBuilder(who.admin() ? PageText.of("admin", lang) + ". " : "");
    for (Challenge c : s.challenges().all()) {
      s.teamService().teamOf(who, c).ifPresent(t -> teams.append("<li><a href=\"/challenges/")
          .append(escapeHtml4(c.slug())).append("#take-part\">").append(escapeHtml4(c.title().in(lang)))
          .append("</a>: ").append(escapeHtml4(t.name())).append("</li>"));
    }
    if (!who.organizes().isEmpty()) {
      roles.append(PageText.of("organizer-of", lang)).append(" ").append(escapeHtml4(String.join(", ", who.organizes())));
    }
    StringBuilder tokens = new StringBuilder();
    for (AccessTokens.AccessToken t : s.tokens().of(who.id())) {
      tokens.append("<tr><td>").append(escapeHtml4(t.name())).append("</td><td><time>").append(t.createdAt())
          .append("</time></td><td><time>").append(t.expiresAt()).append("</time></td><td>")
          .append(t.lastUsedAt() == null ? "–" : "<time>" + t.lastUsedAt() + "</time>").append("</td><td>")
          .append(t.usableAt(now) ? formTag("/account/tokens/" + escapeHtml4(t.id()) + "/revoke") + csrf
              + "<button>" + PageText.of("revoke", lang) + "</button></form>"
              : PageText.of(t.revokedAt() != null ? "revoked" : "expired", lang))
          .append("</td></tr>");
    }
    String body = "<h1>" + escapeHtml4(who.name()) + "</h1>"
        + (session.flash() == null ? "" : flash(session.flash())) + (extra == null ? "" : extra)
        + "<p>" + escapeHtml4(who.email()) + ". " + roles + "</p>"
        + "<h2>" + PageText.of("teams", lang) + "</h2>"
        + (teams.isEmpty() ? "<p>" + PageText.of("no-team", lang) + "</p>" : "<ul>" + teams + "</ul>")
        + "<h2>" + PageText.of("tokens", lang) + "</h2><p class=\"note\">" + PageText.of("tokens-note", lang) + "</p>"
        + (tokens.isEmpty() ? "" : "<table><thead><tr><th>" + PageText.of("name", lang) + "</th><th>"
            + PageText.of("created", lang) + "</th><th>" + PageText.of("expires", lang) + "</th><th>"
            + PageText.of("last-used", lang) + "</th><th></th></tr></thead><tbody>" + tokens + "</tbody></table>")
        + formTag("/account/tokens") + csrf + "<label>" + PageText.of("name", lang)
        + " <input name=\"name\" required maxlength=\"60\"></label> <label>" + PageText.of("days", lang)
        + " <input name=\"days\" type=\"number\" min=\"1\" max=\"" + AccessTokens.MAX_DAYS + "\" value=\""
        + AccessTokens.DEFAULT_DAYS + "\"></label> <button>" + PageText.of("new-token", lang) + "</button></form>"
        + "<h2>" + PageText.of("password", lang) + "</h2>" + formTag("/account/password") + csrf
        + "<label>" + PageText.of("current-password", lang) + " <input type=\"password\" name=\"currentPassword\" required "
        + "autocomplete=\"current-password\"></label><label>" + PageText.of("new-password", lang)
        + " <input type=\"password\" name=\"newPassword\" required minlength=\"10\" autocomplete=\"new-password\"></label>"
        // checked by default: a person changing a password on the page often fears it leaked
        + "<label><input type=\"checkbox\" name=\"revokeTokens\" value=\"on\" checked> " + PageText.of("revoke-tokens", lang)
        + "</label><button>" + PageText.of("change-password", lang) + "</button></form>";
    return Pages.page(who.name(), body, false, lang, nav(session, lang));
  }

  // ---- plumbing ------------------------------------------------------------------------------

  /** A form of a logged-in person: CSRF checked, then the action; its sentence (or refusal) shown on {@code back}. */
  private void onForm(RoutingContext ctx, String back, java.util.function.Function<Sessions.Session, String> action) {
    blocking(vertx, () -> {
      Sessions.Session session = callers.sessionOfForm(ctx);
      String said;
      try {
        said = action.apply(session);
      } catch (AccountException | TeamException | ApiException e) {
        if (e instanceof ApiException api && api.status() >= 500) {
          throw e;
        }
        said = "⚠ " + e.getMessage();
      }
      s.sessions().flash(session.key(), said);
      return back;
    }).onSuccess(to -> redirect(ctx, to)).onFailure(e -> refused(ctx, e, null));
  }

  private void onChallengeForm(RoutingContext ctx, BiFunction<Account, Challenge, String> action) {
    Challenge c = s.challenges().find(ctx.pathParam("slug")).orElse(null);
    if (c == null) {
      ctx.fail(ApiException.notFound("there is no challenge " + ctx.pathParam("slug"))
          .localized("error.no-challenge", ctx.pathParam("slug")));
      return;
    }
    onForm(ctx, "/challenges/" + c.slug() + "#take-part", session -> action.apply(session.account(), c));
  }

  /**
   * A refused form: shown again with the reason ({@code again}, for the forms before login), or a
   * short page saying why (a stale form, a session that ended), with the right status.
   */
  private void refused(RoutingContext ctx, Throwable e, Callable<String> again) {
    ApiException api = Failures.refusal(e);
    if (api == null || api.status() >= 500) {
      ctx.fail(e);
      return;
    }
    if (api.retryAfterSeconds() != null) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(api.retryAfterSeconds()));
    }
    try {
      String lang = Readers.language(ctx).tag();
      boolean csrfOrSession = "csrf".equals(api.code()) || api.status() == 401 && "not_logged_in".equals(api.code());
      html(ctx, api.status(), again != null && !csrfOrSession ? again.call()
          : Pages.page(PageText.of("refused", lang), "<h1>" + PageText.of("refused", lang) + "</h1>" + flash(e.getMessage())
              + "<p><a href=\"/login\">" + PageText.of("log-in", lang) + "</a> · <a href=\"/\">"
              + PageText.of("all-challenges", lang) + "</a></p>", false, lang, ""));
    } catch (Exception failure) {
      ctx.fail(failure);
    }
  }

  private static org.palmares.platform.web.Messages messages(RoutingContext ctx) {
    return org.palmares.platform.web.Messages.of(Readers.language(ctx));
  }

  private static String flash(String message) {
    return "<div class=\"flash\"><p>" + escapeHtml4(message) + "</p></div>";
  }

  private static String formTag(String action) {
    return "<form method=\"post\" action=\"" + action + "\">";
  }

  static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + escapeHtml4(name) + "\" value=\"" + escapeHtml4(value) + "\">";
  }

  private static String form(RoutingContext ctx, String field) {
    return ctx.request().getFormAttribute(field);
  }

  private static void redirect(RoutingContext ctx, String to) {
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, to).end();
  }

  private static void html(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(Buffer.buffer(body));
  }
}
