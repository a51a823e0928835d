package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
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
 * Every route × every kind of caller, with the expected status, from one table. A route that is
 * not in the table fails the test, so no route can be added without deciding who may call it.
 * Runs without Docker: the platform has no evaluator here, so submissions stay queued.
 */
class AuthorizationMatrixTest {
  private static final String SLUG = "breast-cancer-diagnosis";

  /** The callers, in the order of the expected statuses in {@link #TABLE}. */
  enum Caller { ANONYMOUS, TEAM_A, TEAM_B, ORGANIZER_HERE, ORGANIZER_ELSEWHERE, ADMIN, EVALUATOR_HERE, EVALUATOR_ELSEWHERE }

  /** A request and what each caller gets. {@code {slug}} and {@code {id}} (team A's submission) are filled in. */
  record Row(String method, String route, String path, String body, int... expected) {}

  private static final String GARBAGE = "not an archive";
  /** One client for the whole table: its kept-alive connections stay within the per-address cap. */
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final String NOBODY = "nobody@example.org";
  /** Package-visible: {@link HttpFuzzTest} fuzzes every route of this table. */
  static final Row[] TABLE = {
      //                                                                              anon team-a team-b org-here org-else admin eval-here eval-else
      new Row("GET", "/api/health", "/api/health", null, 200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/api/challenges", "/api/challenges", null, 200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/api/challenges/:slug", "/api/challenges/{slug}", null, 200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/api/challenges/:slug/leaderboard", "/api/challenges/{slug}/leaderboard", null,
          200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/api/challenges/:slug/events", "/api/challenges/{slug}/events", null,
          200, 200, 200, 200, 200, 200, 200, 200),
      // signed records sign the private scores: public once the private board is revealed (not yet here)
      new Row("GET", "/api/challenges/:slug/phases/:phase/records", "/api/challenges/{slug}/phases/final/records", null,
          403, 403, 403, 403, 403, 403, 403, 403),
      // competitors: only members of a team submit; organizers and admins do not compete
      new Row("POST", "/api/challenges/:slug/submissions", "/api/challenges/{slug}/submissions?phase=final", GARBAGE,
          401, 400, 400, 403, 403, 403, 401, 401),
      new Row("GET", "/api/challenges/:slug/submissions", "/api/challenges/{slug}/submissions", null,
          401, 200, 200, 403, 403, 403, 401, 401),
      new Row("GET", "/api/submissions/:id", "/api/submissions/{id}", null, 401, 200, 404, 404, 404, 404, 401, 401),
      new Row("POST", "/api/challenges/:slug/rules/acceptance", "/api/challenges/{slug}/rules/acceptance",
          "{\"version\":999}", 401, 409, 409, 409, 409, 409, 401, 401),
      new Row("POST", "/api/challenges/:slug/teams", "/api/challenges/{slug}/teams", "{\"name\":\"\"}",
          401, 400, 400, 403, 403, 403, 401, 401),
      new Row("GET", "/api/challenges/:slug/team", "/api/challenges/{slug}/team", null,
          401, 200, 200, 404, 404, 404, 401, 401),
      new Row("POST", "/api/challenges/:slug/team/invitations", "/api/challenges/{slug}/team/invitations", null,
          401, 201, 201, 403, 403, 403, 401, 401),
      new Row("POST", "/api/challenges/:slug/team/join", "/api/challenges/{slug}/team/join", "{\"code\":\"nope\"}",
          401, 409, 409, 403, 403, 403, 401, 401),
      // both teams have submitted: their members are fixed
      new Row("POST", "/api/challenges/:slug/team/leave", "/api/challenges/{slug}/team/leave", null,
          401, 409, 409, 403, 403, 403, 401, 401),
      // accounts and tokens: one's own only
      new Row("POST", "/api/accounts", "/api/accounts", "{}", 400, 400, 400, 400, 400, 400, 400, 400),
      new Row("POST", "/api/tokens", "/api/tokens", "{}", 400, 400, 400, 400, 400, 400, 400, 400),
      new Row("GET", "/api/tokens", "/api/tokens", null, 401, 200, 200, 200, 200, 200, 401, 401),
      new Row("DELETE", "/api/tokens/:id", "/api/tokens/pat_unknown", null, 401, 404, 404, 404, 404, 404, 401, 401),
      new Row("GET", "/api/account", "/api/account", null, 401, 200, 200, 200, 200, 200, 401, 401),
      new Row("POST", "/api/account/password", "/api/account/password", "{}", 401, 400, 400, 400, 400, 400, 401, 401),
      // roles: only admins appoint organizers and read the platform's log
      new Row("PUT", "/api/admin/challenges/:slug/organizers/:email", "/api/admin/challenges/{slug}/organizers/" + NOBODY,
          null, 401, 403, 403, 403, 403, 404, 401, 401),
      new Row("DELETE", "/api/admin/challenges/:slug/organizers/:email",
          "/api/admin/challenges/{slug}/organizers/" + NOBODY, null, 401, 403, 403, 403, 403, 404, 401, 401),
      new Row("GET", "/api/admin/audit", "/api/admin/audit", null, 401, 403, 403, 403, 403, 200, 401, 401),
      // organizers: their challenges only
      new Row("POST", "/api/challenges", "/api/challenges", GARBAGE, 401, 403, 403, 403, 403, 400, 401, 401),
      new Row("PUT", "/api/challenges/:slug", "/api/challenges/{slug}", GARBAGE, 401, 403, 403, 400, 403, 400, 401, 401),
      new Row("GET", "/api/challenges/:slug/versions", "/api/challenges/{slug}/versions", null,
          401, 403, 403, 200, 403, 200, 401, 401),
      new Row("GET", "/api/organizer/challenges/:slug/submissions", "/api/organizer/challenges/{slug}/submissions", null,
          401, 403, 403, 200, 403, 200, 401, 401),
      new Row("GET", "/api/organizer/challenges/:slug/audit", "/api/organizer/challenges/{slug}/audit", null,
          401, 403, 403, 200, 403, 200, 401, 401),
      new Row("GET", "/api/organizer/challenges/:slug/phases/:phase/records",
          "/api/organizer/challenges/{slug}/phases/final/records", null, 401, 403, 403, 200, 403, 200, 401, 401),
      new Row("POST", "/api/organizer/submissions/:id/disqualify", "/api/organizer/submissions/{id}/disqualify", "{}",
          401, 403, 403, 400, 403, 400, 401, 401),
      new Row("POST", "/api/organizer/submissions/:id/rerun", "/api/organizer/submissions/{id}/rerun", "{}",
          401, 403, 403, 409, 403, 409, 401, 401),
      // evaluators: site tokens only, scoped to their challenges
      // a start hands back only the caller's own dead leases: any evaluator may say it started
      new Row("POST", "/api/evaluator/incarnations", "/api/evaluator/incarnations", "{\"incarnation\":\"x#1\"}",
          401, 401, 401, 401, 401, 401, 200, 200),
      new Row("POST", "/api/evaluator/lease", "/api/evaluator/lease", "{\"worker\":\"w\"}",
          401, 401, 401, 401, 401, 401, 200, 204),
      new Row("POST", "/api/evaluator/jobs/:id/heartbeat", "/api/evaluator/jobs/{id}/heartbeat",
          "{\"worker\":\"x\",\"attempt\":1}", 401, 401, 401, 401, 401, 401, 403, 404),
      new Row("POST", "/api/evaluator/jobs/:id/report", "/api/evaluator/jobs/{id}/report",
          "{\"worker\":\"x\",\"attempt\":1,\"report\":{}}", 401, 401, 401, 401, 401, 401, 403, 404),
      // a release names no worker: the site is the token's; nothing awaits release here, so nothing is changed
      new Row("POST", "/api/evaluator/jobs/:id/release", "/api/evaluator/jobs/{id}/release",
          "{\"attempt\":1,\"approved\":false}", 401, 401, 401, 401, 401, 401, 200, 404),
      new Row("GET", "/api/evaluator/jobs/:id/image", "/api/evaluator/jobs/{id}/image?worker=x&attempt=1", null,
          401, 401, 401, 401, 401, 401, 403, 404),
      // the API's description and its reference page (Swagger UI from its WebJar): public
      new Row("GET", "/api/openapi.json", "/api/openapi.json", null, 200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/docs/api", "/docs/api", null, 302, 302, 302, 302, 302, 302, 302, 302),
      new Row("GET", "/docs/api/", "/docs/api/", null, 200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/docs/api/palmares-init.js", "/docs/api/palmares-init.js", null,
          200, 200, 200, 200, 200, 200, 200, 200),
      // pages: spectators see everything public
      new Row("GET", "/", "/", null, 200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/challenges/:slug", "/challenges/{slug}", null, 200, 200, 200, 200, 200, 200, 200, 200),
      // a team's submissions on the site, by session: members only (others are in no team of it)
      new Row("GET", "/challenges/:slug/submissions", "/challenges/{slug}/submissions", null,
          303, 200, 200, 403, 403, 403, 303, 303),
      // the browser upload needs the session's CSRF token in a header (a form post cannot set one)
      new Row("POST", "/challenges/:slug/submissions", "/challenges/{slug}/submissions?phase=final", "",
          401, 403, 403, 403, 403, 403, 401, 401),
      new Row("GET", "/submissions/:id", "/submissions/{id}", null, 303, 200, 404, 404, 404, 404, 303, 303),
      new Row("GET", "/challenges/:slug/files/", "/challenges/{slug}/files/public/train.csv", null,
          200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/assets/", "/assets/palmares.css", null, 200, 200, 200, 200, 200, 200, 200, 200),
      // the chart library, from its WebJar
      new Row("GET", "/webjars/", org.palmares.platform.web.WebJars.UPLOT_SCRIPT, null,
          200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/login", "/login", null, 200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/register", "/register", null, 200, 200, 200, 200, 200, 200, 200, 200),
      // forms before login need their CSRF cookie, which none of these callers has
      new Row("POST", "/login", "/login", "email=x%40example.org&password=whatever", 403, 403, 403, 403, 403, 403, 403,
          403),
      new Row("POST", "/register", "/register", "email=x%40example.org&name=x&password=whatever", 403, 403, 403, 403,
          403, 403, 403, 403),
      // forgotten passwords: anyone may ask (the same answer for every address); a dead link answers 410 Gone
      new Row("GET", "/password/forgot", "/password/forgot", null, 200, 200, 200, 200, 200, 200, 200, 200),
      new Row("POST", "/password/forgot", "/password/forgot", "email=x%40example.org", 403, 403, 403, 403, 403, 403,
          403, 403),
      new Row("GET", "/password/reset/:secret", "/password/reset/plm_dead", null, 410, 410, 410, 410, 410, 410, 410, 410),
      new Row("POST", "/password/reset/:secret", "/password/reset/plm_dead", "newPassword=whatever", 403, 403, 403,
          403, 403, 403, 403, 403),
      // forms of logged-in people (sent with the session's CSRF token): refusals come back as a message (303)
      new Row("GET", "/account", "/account", null, 303, 200, 200, 200, 200, 200, 303, 303),
      new Row("POST", "/account/password", "/account/password", "currentPassword=&newPassword=",
          401, 303, 303, 303, 303, 303, 401, 401),
      new Row("POST", "/account/tokens", "/account/tokens", "name=", 401, 303, 303, 303, 303, 303, 401, 401),
      new Row("POST", "/account/tokens/:id/revoke", "/account/tokens/pat_unknown/revoke", "",
          401, 303, 303, 303, 303, 303, 401, 401),
      new Row("POST", "/challenges/:slug/rules", "/challenges/{slug}/rules", "version=999",
          401, 303, 303, 303, 303, 303, 401, 401),
      new Row("POST", "/challenges/:slug/team", "/challenges/{slug}/team", "name=", 401, 303, 303, 303, 303, 303, 401,
          401),
      new Row("POST", "/challenges/:slug/team/join", "/challenges/{slug}/team/join", "code=nope",
          401, 303, 303, 303, 303, 303, 401, 401),
      new Row("POST", "/challenges/:slug/team/leave", "/challenges/{slug}/team/leave", "",
          401, 303, 303, 303, 303, 303, 401, 401),
      new Row("POST", "/challenges/:slug/team/invitations", "/challenges/{slug}/team/invitations", "",
          401, 303, 303, 303, 303, 303, 401, 401),
      // organizer pages (web-people): organizers of the challenge and admins; a refusal by the rules comes back as a
      // message (303); a bundle form without its file is a 400
      new Row("GET", "/organize/:slug", "/organize/{slug}", null, 303, 403, 403, 200, 403, 200, 303, 303),
      new Row("POST", "/organize/:slug/submissions/:id/disqualify", "/organize/{slug}/submissions/{id}/disqualify",
          "reason=", 401, 403, 403, 303, 403, 303, 401, 401),
      new Row("POST", "/organize/:slug/submissions/:id/rerun", "/organize/{slug}/submissions/{id}/rerun", "",
          401, 403, 403, 303, 403, 303, 401, 401),
      new Row("POST", "/organize/:slug/bundle", "/organize/{slug}/bundle", "", 401, 403, 403, 400, 403, 400, 401, 401),
      // last: it ends the sessions
      new Row("POST", "/logout", "/logout", "", 401, 303, 303, 303, 303, 303, 401, 401),
  };

  @TempDir static Path work;
  private static Platform platform;
  private static final Map<Caller, String> TOKENS = new LinkedHashMap<>();
  private static final Map<Caller, Http.WebSession> SESSIONS = new LinkedHashMap<>();
  private static String submissionId;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
    Instant now = Instant.now();
    Map<Caller, Account> accounts = new LinkedHashMap<>();
    for (Caller c : List.of(Caller.TEAM_A, Caller.TEAM_B, Caller.ORGANIZER_HERE, Caller.ORGANIZER_ELSEWHERE,
        Caller.ADMIN)) {
      accounts.put(c, People.account(platform, c.name()));
    }
    People.joinTeam(platform, accounts.get(Caller.TEAM_A), SLUG, "team-a");
    People.joinTeam(platform, accounts.get(Caller.TEAM_B), SLUG, "team-b");
    platform.services().accounts().grantOrganizer(accounts.get(Caller.ORGANIZER_HERE).id(), SLUG);
    platform.services().accounts().grantOrganizer(accounts.get(Caller.ORGANIZER_ELSEWHERE).id(),
        "breast-cancer-survival");
    platform.services().accounts().setAdmin(accounts.get(Caller.ADMIN).id(), true);
    Http http = new Http(platform.port());
    TOKENS.put(Caller.ANONYMOUS, null);
    accounts.forEach((caller, account) -> {
      TOKENS.put(caller, People.token(platform, account));
      try {
        SESSIONS.put(caller, http.logIn(account.email(), People.PASSWORD));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    TOKENS.put(Caller.EVALUATOR_HERE, platform.evaluatorCredentials().create("site-here", List.of(SLUG), now).token());
    TOKENS.put(Caller.EVALUATOR_ELSEWHERE,
        platform.evaluatorCredentials().create("site-else", List.of("breast-cancer-survival"), now).token());
    for (Caller team : List.of(Caller.TEAM_B, Caller.TEAM_A)) {
      HttpResponse<String> accepted = send("POST", "/api/challenges/" + SLUG + "/submissions?phase=final", team,
          HttpRequest.BodyPublishers.ofByteArray(minimalImageArchive()), "");
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      submissionId = new JsonObject(accepted.body()).getString("id");
    }
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void everyRouteHasARowInTheTable() {
    TreeSet<String> inTable = new TreeSet<>();
    for (Row row : TABLE) {
      inTable.add(row.method() + " " + row.route());
    }
    assertThat(new TreeSet<>(platform.routes())).as("routes of the platform vs rows of the table").isEqualTo(inTable);
  }

  @Test
  void everyCallerGetsExactlyWhatTheTableSays() throws Exception {
    List<String> mismatches = new ArrayList<>();
    for (Row row : TABLE) {
      String path = row.path().replace("{slug}", SLUG).replace("{id}", submissionId);
      Caller[] callers = Caller.values();
      for (int i = 0; i < callers.length; i++) {
        int status = path.endsWith("/events") ? openStream(path, TOKENS.get(callers[i]))
            : send(row.method(), path, callers[i], row.body()).statusCode();
        if (status != row.expected()[i]) {
          mismatches.add(row.method() + " " + path + " as " + callers[i] + ": " + status + ", expected "
              + row.expected()[i]);
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  /** The status of a never-ending response (server-sent events), without waiting for its end. */
  private static int openStream(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<java.io.InputStream> r = CLIENT
        .send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    r.body().close();
    return r.statusCode();
  }

  /**
   * The request as this caller makes it: the API with the caller's token, pages with the caller's
   * session cookie (and, on forms, the session's CSRF token).
   */
  private static HttpResponse<String> send(String method, String path, Caller caller, String body) throws Exception {
    return send(method, path, caller, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body), body == null ? "" : body);
  }

  private static HttpResponse<String> send(String method, String path, Caller caller, HttpRequest.BodyPublisher body,
      String form) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path));
    Http.WebSession session = SESSIONS.get(caller);
    if (path.startsWith("/api/") || path.startsWith("/assets/") || path.startsWith("/webjars/")) {
      b.method(method, body).header("Content-Type", "application/octet-stream");
      if (TOKENS.get(caller) != null) {
        b.header("Authorization", "Bearer " + TOKENS.get(caller));
      }
    } else {
      if (session != null) {
        b.header("Cookie", session.cookie());
      }
      if (method.equals("POST")) {
        b.method(method, HttpRequest.BodyPublishers.ofString(form + (session == null ? "" : "&csrf=" + session.csrf())))
            .header("Content-Type", "application/x-www-form-urlencoded");
      } else {
        b.method(method, body);
      }
    }
    return CLIENT
        .send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A docker-save-shaped archive with a config and no layers: accepted and queued (no evaluator runs it here). */
  static byte[] minimalImageArchive() throws Exception {
    String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"true\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
    String configName = DigestUtils.sha256Hex(config) + ".json";
    String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"matrix:latest\"],\"Layers\":[]}]";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (String[] e : new String[][] {{configName, config}, {"manifest.json", manifest}}) {
        byte[] content = e[1].getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(e[0]);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
