package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.Platform;
import org.palmares.platform.account.Account;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;

/**
 * Accounts as people use them, over the real HTTP server: the API with personal access tokens,
 * the pages with session cookies and CSRF tokens. Runs without Docker (no evaluator).
 */
class AccountWebTest {
  private static final String SLUG = "breast-cancer-diagnosis";
  private static final String PASSWORD = People.PASSWORD;

  @TempDir static Path work;
  private static Platform platform;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
    http = new Http(platform.port());
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  private static String email() {
    return "someone-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
  }

  private static JsonObject credentials(String email, String password) {
    return new JsonObject().put("email", email).put("password", password);
  }

  @Test
  void registerLogInUseAndRevokeATokenOverTheApi() throws Exception {
    String email = email();
    HttpResponse<String> registered = http.sendJson("POST", "/api/accounts", null,
        credentials(email, PASSWORD).put("name", "Ada").encode());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(202);
    assertThat(registered.body()).doesNotContain(PASSWORD).doesNotContain("argon2");

    assertThat(http.sendJson("POST", "/api/tokens", null, credentials(email, "not the password").encode())
        .statusCode()).isEqualTo(401);
    HttpResponse<String> login = http.sendJson("POST", "/api/tokens", null,
        credentials(email, PASSWORD).put("name", "laptop").put("expiresInDays", 7).encode());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(201);
    String token = new JsonObject(login.body()).getString("token");
    String tokenId = new JsonObject(login.body()).getString("id");

    JsonObject me = new JsonObject(http.get("/api/account", token).body());
    assertThat(me.getString("email")).isEqualTo(email);
    assertThat(me.getBoolean("admin")).isFalse();
    HttpResponse<String> listed = http.get("/api/tokens", token);
    assertThat(listed.body()).contains("laptop").doesNotContain(token);

    assertThat(http.sendJson("DELETE", "/api/tokens/" + tokenId, token, "").statusCode()).isEqualTo(204);
    HttpResponse<String> after = http.get("/api/account", token);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(after.body()).getJsonObject("error").getString("message")).contains("revoked");
  }

  @Test
  void repeatedFailedLoginsAreSlowedDownEvenForTheRightPassword() throws Exception {
    String email = email();
    http.sendJson("POST", "/api/accounts", null, credentials(email, PASSWORD).put("name", "Target").encode());
    for (int i = 0; i < 5; i++) {
      assertThat(http.sendJson("POST", "/api/tokens", null, credentials(email, "guess " + i).encode()).statusCode())
          .isEqualTo(401);
    }
    HttpResponse<String> sixth = http.sendJson("POST", "/api/tokens", null, credentials(email, "guess 6").encode());
    assertThat(sixth.statusCode()).isEqualTo(429);
    assertThat(sixth.headers().firstValue("Retry-After")).hasValueSatisfying(
        s -> assertThat(Long.parseLong(s)).isBetween(1L, 200L));
    assertThat(http.sendJson("POST", "/api/tokens", null, credentials(email, PASSWORD).encode()).statusCode())
        .isEqualTo(429);
    // another account is not slowed down by it
    String other = email();
    http.sendJson("POST", "/api/accounts", null, credentials(other, PASSWORD).put("name", "Other").encode());
    assertThat(http.sendJson("POST", "/api/tokens", null, credentials(other, PASSWORD).encode()).statusCode())
        .isEqualTo(201);
  }

  @Test
  void theSessionCookieIsHttpOnlyAndSameSiteAndNeverAuthorizesTheApi() throws Exception {
    Account ada = People.account(platform, "Ada");
    HttpResponse<String> form = http.getPage("/login", null);
    String preSession = Http.cookie(form, "palmares_csrf");
    HttpResponse<String> posted = http.postForm("/login", "palmares_csrf=" + preSession,
        Map.of("email", ada.email(), "password", PASSWORD, "csrf", Http.hiddenCsrf(form.body())));
    String setCookie = posted.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("palmares_session=")).findFirst().orElseThrow();

    assertThat(setCookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
    assertThat(posted.headers().firstValue("Location")).contains("/account");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    assertThat(http.getPage("/account", cookie).body()).contains(ada.email());
    assertThat(http.getPage("/api/account", cookie).statusCode()).isEqualTo(401);
  }

  @Test
  void overTlsTheSessionCookieIsSecure() throws Exception {
    try (Platform behindTls = Platform.start(Platform.Settings.defaults(work.resolve("tls-data"),
        Fixtures.repoRoot().resolve("challenges")).withPort(0).withEmbeddedEvaluator(false).withSecureCookies(true))) {
      Http client = new Http(behindTls.port());
      Account ada = People.account(behindTls, "Ada");
      HttpResponse<String> form = client.getPage("/login", null);
      HttpResponse<String> posted = client.postForm("/login", "palmares_csrf=" + Http.cookie(form, "palmares_csrf"),
          Map.of("email", ada.email(), "password", PASSWORD, "csrf", Http.hiddenCsrf(form.body())));
      assertThat(posted.headers().allValues("Set-Cookie")).anySatisfy(
          c -> assertThat(c).startsWith("palmares_session=").contains("Secure").containsIgnoringCase("HttpOnly"));
    }
  }

  @Test
  void aFormWithoutTheSessionsCsrfTokenChangesNothing() throws Exception {
    Account ada = People.account(platform, "Ada");
    Http.WebSession session = http.logIn(ada.email(), PASSWORD);

    HttpResponse<String> forged = http.postForm("/challenges/" + SLUG + "/rules", session.cookie(),
        Map.of("version", "1"));
    HttpResponse<String> wrong = http.postForm("/challenges/" + SLUG + "/rules", session.cookie(),
        Map.of("version", "1", "csrf", "plm_forged"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(wrong.statusCode()).isEqualTo(403);
    var challenge = platform.challenges().find(SLUG).orElseThrow();
    assertThat(platform.services().teamService().acceptance(ada, challenge)).isEmpty();

    HttpResponse<String> real = http.postForm("/challenges/" + SLUG + "/rules", session, Map.of("version", "1"));
    assertThat(real.statusCode()).isEqualTo(303);
    assertThat(platform.services().teamService().acceptance(ada, challenge)).isPresent();
  }

  @Test
  void aLoginFormPostedFromElsewhereIsRefused() throws Exception {
    Account ada = People.account(platform, "Ada");
    HttpResponse<String> noCookie = http.postForm("/login", (String) null,
        Map.of("email", ada.email(), "password", PASSWORD, "csrf", "plm_whatever"));
    assertThat(noCookie.statusCode()).isEqualTo(403);
    assertThat(noCookie.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("palmares_session="));
  }

  @Test
  void afterLoginOnlyPathsOfThisSiteAreFollowed() throws Exception {
    Account ada = People.account(platform, "Ada");
    HttpResponse<String> form = http.getPage("/login", null);
    String preSession = "palmares_csrf=" + Http.cookie(form, "palmares_csrf");
    for (String next : List.of("https://evil.example/", "//evil.example/", "/\\evil.example")) {
      HttpResponse<String> posted = http.postForm("/login", preSession, Map.of("email", ada.email(),
          "password", PASSWORD, "csrf", Http.hiddenCsrf(form.body()), "next", next));
      assertThat(posted.headers().firstValue("Location")).as(next).contains("/account");
    }
  }

  @Test
  void changingThePasswordLogsOutTheOtherSessions() throws Exception {
    Account ada = People.account(platform, "Ada");
    Http.WebSession elsewhere = http.logIn(ada.email(), PASSWORD);
    Http.WebSession here = http.logIn(ada.email(), PASSWORD);

    HttpResponse<String> changed = http.postForm("/account/password", here,
        Map.of("currentPassword", PASSWORD, "newPassword", "a brand new passphrase"));
    assertThat(changed.statusCode()).isEqualTo(303);
    assertThat(http.getPage("/account", here.cookie()).body()).contains("Password changed");
    assertThat(http.getPage("/account", elsewhere.cookie()).statusCode()).isEqualTo(303);
    assertThat(http.sendJson("POST", "/api/tokens", null, credentials(ada.email(), "a brand new passphrase")
        .encode()).statusCode()).isEqualTo(201);
  }

  @Test
  void twoPeopleFormATeamOnTheWebWithAOneTimeCode() throws Exception {
    Http.WebSession ada = registerOnTheWeb("Ada");
    Http.WebSession bob = registerOnTheWeb("Bob");
    String page = "/challenges/" + SLUG;

    assertThat(http.getPage(page, ada.cookie()).body()).contains("I accept these rules (version 1)");
    http.postForm(page + "/rules", ada, Map.of("version", "1"));
    http.postForm(page + "/team", ada, Map.of("name", "Les Oncologues"));
    http.postForm(page + "/team/invitations", ada, Map.of());
    String withCode = http.getPage(page, ada.cookie()).body();
    java.util.regex.Matcher code = java.util.regex.Pattern.compile("(join-[A-Za-z0-9_-]+)").matcher(withCode);
    assertThat(code.find()).as(withCode).isTrue();
    assertThat(http.getPage(page, ada.cookie()).body()).doesNotContain(code.group(1)); // shown once

    http.postForm(page + "/rules", bob, Map.of("version", "1"));
    http.postForm(page + "/team/join", bob, Map.of("code", code.group(1)));
    String bobsView = http.getPage(page, bob.cookie()).body();
    assertThat(bobsView).contains("You joined the team “Les Oncologues”").contains("Ada").contains("Bob");

    HttpResponse<String> logout = http.postForm("/logout", bob, Map.of());
    assertThat(logout.statusCode()).isEqualTo(303);
    assertThat(http.getPage("/account", bob.cookie()).statusCode()).isEqualTo(303);
  }

  @Test
  void aTokenCreatedOnTheAccountPageIsShownOnceAfterARedirectAndAReloadCreatesNoOther() throws Exception {
    Account who = People.account(platform, "Ada");
    Http.WebSession ada = http.logIn(who.email(), People.PASSWORD);
    HttpResponse<String> created = http.postForm("/account/tokens", ada, Map.of("name", "cluster", "days", "30"));
    assertThat(created.statusCode()).as("POST-redirect-GET").isEqualTo(303);
    assertThat(created.headers().firstValue("Location")).hasValue("/account");
    assertThat(created.body()).doesNotContain("plm_");

    String shown = http.getPage("/account", ada.cookie()).body();
    java.util.regex.Matcher token = java.util.regex.Pattern.compile("<pre>(plm_[A-Za-z0-9_-]+)</pre>").matcher(shown);
    assertThat(token.find()).as(shown).isTrue();
    assertThat(shown).as("the placeholder survives escaping").contains("Authorization: Bearer &lt;token&gt;");
    String reloaded = http.getPage("/account", ada.cookie()).body();
    assertThat(reloaded).contains("cluster").doesNotContain(token.group(1));
    assertThat(platform.services().tokens().of(who.id())).as("one token, however often the page is shown").hasSize(1);
    assertThat(http.get("/api/account", token.group(1)).statusCode()).isEqualTo(200);
  }

  @Test
  void aRefusedRegistrationKeepsWhatWasTypedButThePasswordAndSaysWhyInTheReadersLanguage() throws Exception {
    HttpResponse<String> form = http.getPage("/register?lang=fr", null);
    String cookies = "palmares_csrf=" + Http.cookie(form, "palmares_csrf") + "; palmares_lang=fr";
    HttpResponse<String> refused = http.postForm("/register", cookies, Map.of("email", "grace@example.org",
        "name", "Grace Hopper", "password", "short", "csrf", Http.hiddenCsrf(form.body())));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("value=\"grace@example.org\"").contains("value=\"Grace Hopper\"")
        .doesNotContain("value=\"short\"").contains("Choisissez un mot de passe de 10 à 200 caractères");
  }

  @Test
  void aWrongPasswordKeepsTheAddressOnTheLoginForm() throws Exception {
    Account ada = People.account(platform, "Ada");
    HttpResponse<String> form = http.getPage("/login", null);
    HttpResponse<String> refused = http.postForm("/login", "palmares_csrf=" + Http.cookie(form, "palmares_csrf"),
        Map.of("email", ada.email(), "password", "not the password at all", "csrf", Http.hiddenCsrf(form.body())));

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("value=\"" + ada.email() + "\"").contains("Wrong e-mail address or password")
        .contains("href=\"/password/forgot\"");
  }

  @Test
  void withoutSmtpTheForgottenPasswordPageSaysToAskTheOperator() throws Exception {
    HttpResponse<String> page = http.getPage("/password/forgot", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("palmares reset-password").doesNotContain("action=\"/password/forgot\"");
    assertThat(http.getPage("/password/reset/plm_not-a-link", null).statusCode()).isEqualTo(410);
  }

  private static Http.WebSession registerOnTheWeb(String name) throws Exception {
    String email = email();
    HttpResponse<String> posted = postRegistration(email, name, PASSWORD);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
    return http.logIn(email, PASSWORD);
  }

  private static HttpResponse<String> postRegistration(String email, String name, String password) throws Exception {
    HttpResponse<String> form = http.getPage("/register", null);
    return http.postForm("/register", "palmares_csrf=" + Http.cookie(form, "palmares_csrf"),
        Map.of("email", email, "name", name, "password", password, "csrf", Http.hiddenCsrf(form.body())));
  }

  @Test
  void registrationAnswersTheSameWhetherOrNotTheAddressHasAnAccount() throws Exception {
    String taken = People.account(platform, "Ada").email();
    String free = email();
    HttpResponse<String> forTaken = http.sendJson("POST", "/api/accounts", null,
        credentials(taken.toUpperCase(), "another long passphrase").put("name", "Eve").encode());
    HttpResponse<String> forFree = http.sendJson("POST", "/api/accounts", null,
        credentials(free.toUpperCase(), "another long passphrase").put("name", "Eve").encode());
    assertThat(forTaken.statusCode()).isEqualTo(forFree.statusCode()).isEqualTo(202);
    JsonObject taken1 = new JsonObject(forTaken.body());
    JsonObject free1 = new JsonObject(forFree.body());
    assertThat(taken1.getString("email")).isEqualTo(taken);
    assertThat(free1.getString("email")).isEqualTo(free);
    taken1.remove("email");
    free1.remove("email");
    assertThat(taken1).isEqualTo(free1);
    // nothing changed for the taken one: its password is still the owner's
    assertThat(http.sendJson("POST", "/api/tokens", null, credentials(taken, PASSWORD).encode()).statusCode())
        .isEqualTo(201);

    HttpResponse<String> pageTaken = postRegistration(taken, "Eve", "another long passphrase");
    HttpResponse<String> pageFree = postRegistration(email(), "Eve", "another long passphrase");
    assertThat(pageTaken.statusCode()).isEqualTo(pageFree.statusCode()).isEqualTo(303);
    assertThat(pageTaken.headers().firstValue("Location")).isEqualTo(pageFree.headers().firstValue("Location"));
    assertThat(pageTaken.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("palmares_session="));
    assertThat(pageFree.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("palmares_session="));
    assertThat(http.getPage(pageTaken.headers().firstValue("Location").orElseThrow(), null).body())
        .contains("If it already had one, nothing changed");
  }

  @Test
  void responsesThatCarryATokenOrASessionAreNeverStored() throws Exception {
    Account ada = People.account(platform, "Ada");
    HttpResponse<String> login = http.sendJson("POST", "/api/tokens", null, credentials(ada.email(), PASSWORD).encode());
    assertThat(login.statusCode()).isEqualTo(201);
    assertThat(login.headers().firstValue("Cache-Control")).contains("no-store");

    HttpResponse<String> form = http.getPage("/login", null);
    HttpResponse<String> posted = http.postForm("/login", "palmares_csrf=" + Http.cookie(form, "palmares_csrf"),
        Map.of("email", ada.email(), "password", PASSWORD, "csrf", Http.hiddenCsrf(form.body())));
    assertThat(posted.statusCode()).isEqualTo(303);
    assertThat(posted.headers().firstValue("Cache-Control")).contains("no-store");

    String token = new JsonObject(login.body()).getString("token");
    HttpResponse<String> me = http.get("/api/account", token);
    assertThat(me.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void headOnAPageAnswersLikeGetWithoutABody() throws Exception {
    for (String page : List.of("/", "/challenges/" + SLUG, "/login", "/register")) {
      HttpResponse<String> head = http.head(page);
      assertThat(head.statusCode()).as(page).isEqualTo(200);
      assertThat(head.body()).as(page).isEmpty();
      assertThat(head.headers().firstValue("Content-Type")).as(page).hasValueSatisfying(
          t -> assertThat(t).startsWith("text/html"));
    }
    assertThat(http.head("/challenges/no-such-challenge").statusCode()).isEqualTo(404);
  }

  @Test
  void lookAlikeTeamAndAccountNamesAreRefusedOrFolded() throws Exception {
    String slug = "breast-cancer-survival";
    String first = http.signUp(slug, "Team B");
    assertThat(first).isNotBlank();
    for (String lookAlike : List.of("Team\u00a0B", "Team\u200bB", "Team B\u202e", "Team\u2028B")) {
      String token = People.token(platform, acceptedRules(slug));
      HttpResponse<String> r = http.sendJson("POST", "/api/challenges/" + slug + "/teams", token,
          new JsonObject().put("name", lookAlike).encode());
      assertThat(r.statusCode()).as(lookAlike + ": " + r.body()).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message")).contains("U+");
    }
    // full-width letters fold to plain ones under NFKC: the same name as the existing team
    String token = People.token(platform, acceptedRules(slug));
    HttpResponse<String> folded = http.sendJson("POST", "/api/challenges/" + slug + "/teams", token,
        new JsonObject().put("name", "\uff34\uff45\uff41\uff4d \uff22").encode());
    assertThat(folded.statusCode()).as(folded.body()).isEqualTo(409);

    HttpResponse<String> account = http.sendJson("POST", "/api/accounts", null,
        credentials(email(), PASSWORD).put("name", "Ada\u200d").encode());
    assertThat(account.statusCode()).as(account.body()).isEqualTo(400);
  }

  private static Account acceptedRules(String slug) {
    Account who = People.account(platform, "Someone");
    var c = platform.challenges().find(slug).orElseThrow();
    platform.services().teamService().acceptRules(who, c, c.rules() == null ? 0 : c.rules().version());
    return who;
  }

  @Test
  void aPasswordChangeRevokesEveryTokenWhenAskedOnTheApiAndByDefaultOnThePage() throws Exception {
    Account ada = People.account(platform, "Ada");
    String kept = People.token(platform, ada);
    HttpResponse<String> routine = http.sendJson("POST", "/api/account/password", kept, new JsonObject()
        .put("currentPassword", PASSWORD).put("newPassword", "a second long passphrase").encode());
    assertThat(routine.statusCode()).as(routine.body()).isEqualTo(200);
    assertThat(http.get("/api/account", kept).statusCode()).as("kept without revokeTokens").isEqualTo(200);

    String other = People.token(platform, ada);
    HttpResponse<String> fearful = http.sendJson("POST", "/api/account/password", kept, new JsonObject()
        .put("currentPassword", "a second long passphrase").put("newPassword", "a third long passphrase")
        .put("revokeTokens", true).encode());
    assertThat(fearful.statusCode()).as(fearful.body()).isEqualTo(200);
    assertThat(new JsonObject(fearful.body()).getLong("tokensRevoked")).isEqualTo(2);
    assertThat(http.get("/api/account", kept).statusCode()).isEqualTo(401);
    assertThat(http.get("/api/account", other).statusCode()).isEqualTo(401);

    String onThePage = People.token(platform, ada);
    Http.WebSession session = http.logIn(ada.email(), "a third long passphrase");
    assertThat(http.getPage("/account", session.cookie()).body()).contains("name=\"revokeTokens\" value=\"on\" checked");
    HttpResponse<String> changed = http.postForm("/account/password", session, Map.of("currentPassword",
        "a third long passphrase", "newPassword", "a fourth long passphrase", "revokeTokens", "on"));
    assertThat(changed.statusCode()).isEqualTo(303);
    assertThat(http.getPage("/account", session.cookie()).body()).contains("your personal access token was revoked");
    assertThat(http.get("/api/account", onThePage).statusCode()).isEqualTo(401);
  }
}
