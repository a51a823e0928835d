package org.palmares.platform.http;

import static org.palmares.platform.http.Edge.blocking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.palmares.platform.account.AccessTokens;
import org.palmares.platform.account.Account;
import org.palmares.platform.account.AccountException;
import org.palmares.platform.account.PasswordResets;
import org.palmares.platform.account.Sessions;
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.team.NextStep;
import org.palmares.platform.team.TeamException;
import org.palmares.platform.web.AccountView;
import org.palmares.platform.web.Messages;
import org.palmares.platform.web.Page;
import org.palmares.platform.web.Templates;

/**
 * The pages of people with an account: register, log in and out, the account page (next steps,
 * teams, personal access tokens, password), the forgotten-password pages, and the "take part"
 * forms of a challenge page (rules, team). Pages know people by their session cookie only; every
 * form carries a CSRF token. Every form that changes something answers with a redirect
 * (POST-redirect-GET: a reload never sends it again); a refused form before login comes back
 * with the reason and what was typed (never a password), a refused form after login as a
 * one-time message on the page it came from.
 */
final class AccountPages {
  /**
   * How long a new token waits for the page that shows it: the redirect after its form is followed
   * at once. Kept in this process's memory only, never in the database, where nothing but hashes
   * of tokens may be.
   */
  private static final Duration HAND_OVER = Duration.ofMinutes(2);

  private final Vertx vertx;
  private final Services s;
  private final Callers callers;
  private final AccountApi accountApi;
  /** Session key -> a token just created, taken by the next account page of that session. */
  private final Cache<String, String> newTokens = Caffeine.newBuilder().expireAfterWrite(HAND_OVER)
      .maximumSize(10_000).build();

  AccountPages(Vertx vertx, Services services, Callers callers, AccountApi accountApi) {
    this.vertx = vertx;
    this.s = services;
    this.callers = callers;
    this.accountApi = accountApi;
  }

  // ---- before login --------------------------------------------------------------------------

  void loginForm(RoutingContext ctx) {
    String notice = ctx.request().getParam("registered") != null ? messages(ctx).t("account.registered") + " "
        + messages(ctx).t("account.registered-next")
        : ctx.request().getParam("reset") != null ? messages(ctx).t("reset.done") : null;
    html(ctx, 200, loginPage(ctx, null, null, notice));
  }

  void logIn(RoutingContext ctx) {
    String email = form(ctx, "email");
    String password = form(ctx, "password");
    String address = Edge.clientAddress(ctx);
    blocking(vertx, () -> {
      Callers.checkPreSessionCsrf(ctx);
      if (email == null || email.isBlank() || password == null || password.isEmpty()) {
        throw missingFields("give your e-mail address and your password");
      }
      return s.sessions().open(accountApi.logIn(email, password, address), s.clock().instant());
    }).onSuccess(opened -> startSession(ctx, opened))
        .onFailure(e -> refused(ctx, e, why -> loginPage(ctx, email, why, null)));
  }

  void registerForm(RoutingContext ctx) {
    html(ctx, 200, registerPage(ctx, null, null, null));
  }

  /**
   * Registers and sends to the login form with the same sentence whether or not the address had an
   * account (no session is opened here: one opened only for new addresses would tell them apart);
   * the login leads to the account page and its next steps, or back where the person came from.
   */
  void register(RoutingContext ctx) {
    String email = form(ctx, "email");
    String name = form(ctx, "name");
    String password = form(ctx, "password");
    blocking(vertx, () -> {
      Callers.checkPreSessionCsrf(ctx);
      return accountApi.register(email, name, password);
    }).onSuccess(address -> redirect(ctx, "/login?registered=1"
            + localPath(form(ctx, "next")).map(n -> "&next=" + URLEncoder.encode(n, StandardCharsets.UTF_8)).orElse("")))
        .onFailure(e -> refused(ctx, e, why -> registerPage(ctx, email, name, why)));
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

  // ---- forgotten password ----------------------------------------------------------------------

  void forgotForm(RoutingContext ctx) {
    html(ctx, 200, forgotPage(ctx, ctx.request().getParam("sent") != null, null, null));
  }

  /** Answers the same whether or not the address has an account: a redirect to "a link is on its way". */
  void forgot(RoutingContext ctx) {
    String email = form(ctx, "email");
    java.util.Locale language = Readers.language(ctx).locale();
    blocking(vertx, () -> {
      Callers.checkPreSessionCsrf(ctx);
      if (email == null || email.isBlank()) {
        throw missingFields("give your e-mail address");
      }
      s.passwordResets().request(email, language, s.clock().instant());
      return null;
    }).onSuccess(v -> redirect(ctx, "/password/forgot?sent=1"))
        .onFailure(e -> refused(ctx, e, why -> forgotPage(ctx, false, email, why)));
  }

  void resetForm(RoutingContext ctx) {
    String secret = ctx.pathParam("secret");
    blocking(vertx, () -> s.passwordResets().isLive(secret, s.clock().instant()))
        .onSuccess(live -> html(ctx, live ? 200 : 410, resetPage(ctx, secret, live, null)))
        .onFailure(ctx::fail);
  }

  void reset(RoutingContext ctx) {
    String secret = ctx.pathParam("secret");
    String replacement = form(ctx, "newPassword");
    blocking(vertx, () -> {
      Callers.checkPreSessionCsrf(ctx);
      return s.passwordResets().reset(secret, replacement, s.clock().instant());
    }).onSuccess(account -> redirect(ctx, "/login?reset=1"))
        .onFailure(e -> refused(ctx, e, why -> e instanceof AccountException dead
            && dead.reason() == AccountException.Reason.INVALID_RESET
            ? resetPage(ctx, secret, false, null) : resetPage(ctx, secret, true, why)));
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
    blocking(vertx, () -> callers.session(ctx).map(session -> accountPage(ctx, session)).orElse(null))
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
        throw missingFields("give the current and the new password");
      }
      long revoked = accountApi.changePassword(session.account(), current, replacement, address, session.key(),
          revokeTokens);
      return revokeTokens ? messages(ctx).t("account.tokens-revoked", revoked) : messages(ctx).t("account.password-changed");
    });
  }

  /**
   * Creates a token and redirects to the account page, which shows it once: a reload of that page
   * shows it no more and creates nothing.
   */
  void createToken(RoutingContext ctx) {
    String name = form(ctx, "name");
    String days = form(ctx, "days");
    onForm(ctx, "/account", session -> {
      int lifetime;
      try {
        lifetime = days == null || days.isBlank() ? AccessTokens.DEFAULT_DAYS : Integer.parseInt(days.trim());
      } catch (NumberFormatException e) {
        throw new ApiException(400, "invalid_request", "give the lifetime in days").localized("refusal.account.days");
      }
      AccessTokens.Issued issued = s.tokens().issue(session.account().id(), name, lifetime, s.clock().instant());
      newTokens.put(session.key(), issued.secret());
      return null;
    });
  }

  void revokeToken(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    onForm(ctx, "/account#tokens", session -> {
      s.tokens().revoke(session.account().id(), id, s.clock().instant());
      return messages(ctx).t("account.token-revoked");
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

  // ---- the pages -----------------------------------------------------------------------------

  private Buffer loginPage(RoutingContext ctx, String email, String problem, String notice) {
    return Templates.render("account/login.jte", Readers.anonymousPage(ctx), "csrf", callers.preSessionCsrf(ctx),
        "next", localPath(param(ctx, "next")).orElse(null), "email", email, "problem", problem, "notice", notice);
  }

  private Buffer registerPage(RoutingContext ctx, String email, String name, String problem) {
    return Templates.render("account/register.jte", Readers.anonymousPage(ctx), "csrf", callers.preSessionCsrf(ctx),
        "next", localPath(param(ctx, "next")).orElse(null), "email", email, "name", name, "problem", problem);
  }

  private Buffer forgotPage(RoutingContext ctx, boolean sent, String email, String problem) {
    return Templates.render("account/forgot.jte", Readers.anonymousPage(ctx), "csrf", callers.preSessionCsrf(ctx),
        "byEmail", s.passwordResets().byEmail(), "sent", sent, "minutes", PasswordResets.LIFETIME.toMinutes(),
        "email", email, "problem", problem);
  }

  private Buffer resetPage(RoutingContext ctx, String secret, boolean live, String problem) {
    return Templates.render("account/reset.jte", Readers.anonymousPage(ctx), "csrf", callers.preSessionCsrf(ctx),
        "secret", secret, "live", live, "problem", problem);
  }

  /** Blocking. */
  private Buffer accountPage(RoutingContext ctx, Sessions.Session session) {
    Account who = session.account();
    Instant now = s.clock().instant();
    Page page = Readers.page(ctx, session);
    Messages m = page.m();
    String lang = page.lang();
    List<AccountView.Next> next = new ArrayList<>();
    for (NextStep.Progress p : s.nextStep().of(who)) {
      String title = p.challenge().title().in(lang);
      next.add(new AccountView.Next(p.challenge().slug(), title, m.t("account.next." + p.step().name(), title, p.team()),
          p.step() == NextStep.Step.ACCEPT_RULES ? "rules" : "take-part"));
    }
    List<AccountView.TeamLine> teams = new ArrayList<>();
    for (Challenge c : s.challenges().all()) {
      s.teamService().teamOf(who, c).ifPresent(t -> teams.add(new AccountView.TeamLine(c.slug(), c.title().in(lang),
          t.name())));
    }
    List<AccountView.TokenLine> tokens = s.tokens().of(who.id()).stream().map(t -> new AccountView.TokenLine(t.id(),
        t.name(), t.createdAt().toString(), t.expiresAt().toString(),
        t.lastUsedAt() == null ? null : t.lastUsedAt().toString(), t.usableAt(now), t.revokedAt() != null)).toList();
    String newToken = newTokens.asMap().remove(session.key());
    AccountView view = new AccountView(who.name(), who.email(), who.admin(), who.organizes(), next, teams, tokens,
        session.csrf(), session.flash(), newToken, AccessTokens.MAX_DAYS, AccessTokens.DEFAULT_DAYS);
    return Templates.render("account/home.jte", page, "view", view);
  }

  // ---- plumbing ------------------------------------------------------------------------------

  /**
   * A form of a logged-in person: CSRF checked, then the action; its sentence (or refusal, in the
   * reader's language) shown once on {@code back}, where the browser is sent.
   */
  private void onForm(RoutingContext ctx, String back, java.util.function.Function<Sessions.Session, String> action) {
    Messages m = messages(ctx);
    blocking(vertx, () -> {
      Sessions.Session session = callers.sessionOfForm(ctx);
      String said;
      try {
        said = action.apply(session);
      } catch (AccountException | TeamException | ApiException e) {
        ApiException api = Failures.refusal(e);
        if (api.status() >= 500) {
          throw e;
        }
        said = "⚠ " + Failures.message(api, m);
      }
      if (said != null) {
        s.sessions().flash(session.key(), said);
      }
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
   * A refused form: shown again with the reason in the reader's language and what was typed
   * ({@code again}, for the forms before login), or a short page saying why (a stale form, a
   * session that ended), with the right status.
   */
  private void refused(RoutingContext ctx, Throwable e, java.util.function.Function<String, Buffer> again) {
    ApiException api = Failures.refusal(e);
    if (api == null || api.status() >= 500) {
      ctx.fail(e);
      return;
    }
    if (api.retryAfterSeconds() != null) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(api.retryAfterSeconds()));
    }
    try {
      boolean csrfOrSession = "csrf".equals(api.code()) || api.status() == 401 && "not_logged_in".equals(api.code());
      html(ctx, api.status(), again != null && !csrfOrSession ? again.apply(Failures.message(api, messages(ctx)))
          : Failures.refusalPage(Readers.anonymousPage(ctx), api));
    } catch (RuntimeException failure) {
      ctx.fail(failure);
    }
  }

  private static ApiException missingFields(String english) {
    return new ApiException(400, "invalid_request", english).localized("refusal.account.missing_fields");
  }

  private static Messages messages(RoutingContext ctx) {
    return Messages.of(Readers.language(ctx));
  }

  private static String form(RoutingContext ctx, String field) {
    return ctx.request().getFormAttribute(field);
  }

  /** A form field, else the query's parameter of that name (a form shown again keeps its {@code next}). */
  private static String param(RoutingContext ctx, String name) {
    String value = ctx.request().getFormAttribute(name);
    return value != null ? value : ctx.request().getParam(name);
  }

  private static void redirect(RoutingContext ctx, String to) {
    Edge.redirect(ctx, to);
  }

  private static void html(RoutingContext ctx, int status, Buffer body) {
    Edge.html(ctx, status, body);
  }
}
