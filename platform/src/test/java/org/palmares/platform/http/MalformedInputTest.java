package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import org.palmares.platform.challenge.Challenge;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.team.Team;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.Tarballs;

/**
 * Malformed input from outside, over the real HTTP server: every refusal is a 4xx in the error
 * shape of its kind of route (JSON on the API, an HTML page on pages), never a 500 or no answer.
 */
class MalformedInputTest {
  private static final String SLUG = "breast-cancer-diagnosis";
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir static Path work;
  private static Platform platform;
  private static Http http;
  private static String competitor;
  private static String evaluator;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
    http = new Http(platform.port());
    competitor = People.competitor(platform, SLUG, "malformed");
    evaluator = platform.evaluatorCredentials().create("site-malformed", List.of(SLUG), java.time.Instant.now())
        .token();
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  private static HttpResponse<String> raw(String method, String path, String contentType, String cookie, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path))
        .timeout(java.time.Duration.ofSeconds(30)).method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (cookie != null) {
      b.header(path.startsWith("/api/") ? "Authorization" : "Cookie", cookie);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertPageRefusal(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isBetween(400, 499);
    assertThat(r.headers().firstValue("Content-Type")).as(r.uri().toString()).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/html"));
    assertThat(r.body()).contains("<html");
  }

  private static JsonObject assertApiRefusal(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.request().method() + " " + r.uri() + " " + r.body()).isEqualTo(status);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isNotBlank();
    assertThat(error.getString("message")).isNotBlank();
    return error;
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The CSRF cookie and field of a fresh login or registration form. */
  private static Map.Entry<String, String> preSession(String page) throws Exception {
    HttpResponse<String> form = http.getPage(page, null);
    return Map.entry("palmares_csrf=" + Http.cookie(form, "palmares_csrf"), Http.hiddenCsrf(form.body()));
  }

  @Test
  void aFormFieldOverEightKibIsRefusedWithAPage() throws Exception {
    for (String page : List.of("/login", "/register")) {
      var csrf = preSession(page);
      HttpResponse<String> r = http.postForm(page, csrf.getKey(), Map.of("email", "a".repeat(9000) + "@example.org",
          "name", "Ada", "password", "a long passphrase", "csrf", csrf.getValue()));
      assertPageRefusal(r);
    }
  }

  @Test
  void aBadPercentEscapeInAFormIsRefusedWithAPage() throws Exception {
    for (String page : List.of("/login", "/register")) {
      var csrf = preSession(page);
      assertPageRefusal(raw("POST", page, "application/x-www-form-urlencoded", csrf.getKey(),
          "email=%zz&name=x&password=y&csrf=" + csrf.getValue()));
    }
    Http.WebSession ada = http.logIn(People.account(platform, "Ada").email(), People.PASSWORD);
    assertPageRefusal(raw("POST", "/challenges/" + SLUG + "/team", "application/x-www-form-urlencoded", ada.cookie(),
        "name=%E0%A4%A&csrf=" + ada.csrf()));
  }

  @Test
  void formBodiesNettyCannotDecodeAreRefusedInTheShapeOfTheirRoute() throws Exception {
    // found by HttpFuzzTest: a lone %, a field without a name, a stray byte after % were 500s
    for (String body : List.of("%%%%", "a=b=c&&&=", "=x", "x=%\u00ff")) {
      assertPageRefusal(raw("POST", "/login", "application/x-www-form-urlencoded", null, body));
      assertApiRefusal(raw("POST", "/api/tokens", "application/x-www-form-urlencoded", null, body), 400);
    }
  }

  @Test
  void headersTooLargeAreAnsweredInTheShapeOfTheirRoute() throws Exception {
    String huge = "\r\nAuthorization: Bearer " + "a".repeat(9000);
    String api = rawRequest("GET /api/account HTTP/1.1\r\nHost: localhost" + huge);
    assertThat(api).startsWith("HTTP/1.1 431").contains("\"error\"").contains("headers_too_large");
    String page = rawRequest("GET /account HTTP/1.1\r\nHost: localhost" + huge);
    assertThat(page).startsWith("HTTP/1.1 431").containsIgnoringCase("content-type: text/html").contains("<html");
  }

  @Test
  void aBadPercentEscapeInTheQueryIsRefusedInTheShapeOfItsRoute() throws Exception {
    for (String target : List.of("/login?next=%zz", "/challenges/" + SLUG + "?phase=%", "/challenges/%E0%A4%A")) {
      String answer = rawSocket("GET " + target);
      assertThat(answer).as(target).matches("(?s)HTTP/1.1 4\\d\\d .*").containsIgnoringCase("content-type: text/html")
          .contains("<html");
    }
    String api = rawSocket("GET /api/challenges/" + SLUG + "/leaderboard?phase=%zz");
    assertThat(api).startsWith("HTTP/1.1 400").contains("\"error\"").contains("\"code\"").contains("\"message\"");
  }

  /** A request line sent as is (java.net.URI refuses bad escapes); the whole answer. */
  private static String rawSocket(String requestLine) throws Exception {
    return rawRequest(requestLine + " HTTP/1.1\r\nHost: localhost");
  }

  /** A request line and headers sent as they are, then the end of the headers; the whole answer. */
  private static String rawRequest(String head) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("localhost", platform.port())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write((head + "\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void aNextWithALineBreakOrATabIsNotFollowedAndTheLoginIsAnswered() throws Exception {
    Account ada = People.account(platform, "Ada");
    for (String next : List.of("/account\r\nSet-Cookie: evil=1", "/\t/evil.example", "/\n/evil.example",
        "https:/evil.example", "/ok\u0085/x")) {
      var csrf = preSession("/login");
      HttpResponse<String> r = raw("POST", "/login", "application/x-www-form-urlencoded", csrf.getKey(),
          "email=" + enc(ada.email()) + "&password=" + enc(People.PASSWORD) + "&csrf=" + enc(csrf.getValue())
              + "&next=" + enc(next));
      assertThat(r.statusCode()).as(next).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).as(next).contains("/account");
      assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("evil"));
    }
    var csrf = preSession("/login");
    HttpResponse<String> kept = http.postForm("/login", csrf.getKey(), Map.of("email", ada.email(),
        "password", People.PASSWORD, "csrf", csrf.getValue(), "next", "/challenges/" + SLUG + "?lang=fr#take-part"));
    assertThat(kept.headers().firstValue("Location")).contains("/challenges/" + SLUG + "?lang=fr#take-part");
  }

  @Test
  void wrongJsonTypesAreRefusedNotCoercedIntoStrings() throws Exception {
    String email = "typed-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    JsonObject error = assertApiRefusal(http.sendJson("POST", "/api/accounts", null, new JsonObject()
        .put("email", email).put("name", 12345).put("password", People.PASSWORD).encode()), 400);
    assertThat(error.getString("message")).contains("name").contains("string");
    assertThat(platform.services().accounts().findByEmail(email)).isEmpty();

    assertApiRefusal(http.sendJson("POST", "/api/tokens", null, new JsonObject().put("email", email)
        .put("password", People.PASSWORD).put("expiresInDays", "30").encode()), 400);
    assertApiRefusal(http.sendJson("POST", "/api/challenges/" + SLUG + "/teams", competitor,
        new JsonObject().put("name", 42).encode()), 400);
    assertApiRefusal(http.sendJson("POST", "/api/challenges/" + SLUG + "/team/join", competitor,
        new JsonObject().put("code", true).encode()), 400);
    assertApiRefusal(http.sendJson("POST", "/api/challenges/" + SLUG + "/rules/acceptance", competitor,
        new JsonObject().put("version", "1").encode()), 400);
    assertApiRefusal(http.sendJson("POST", "/api/accounts", null, "[1, 2]"), 400);
  }

  @Test
  void unknownFieldsOfAccountRequestsAreRefused() throws Exception {
    String email = "unknown-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    JsonObject error = assertApiRefusal(http.sendJson("POST", "/api/accounts", null, new JsonObject()
        .put("email", email).put("name", "Ada").put("password", People.PASSWORD).put("admin", true).encode()), 400);
    assertThat(error.getString("message")).contains("admin");
    assertThat(platform.services().accounts().findByEmail(email)).isEmpty();
  }

  @Test
  void malformedValuesOnTheEvaluatorRoutesAreRefusedWith400() throws Exception {
    String id = queuedSubmission().id();
    assertApiRefusal(http.sendJson("POST", "/api/evaluator/lease", evaluator, "{\"worker\": 5}"), 400);
    assertApiRefusal(http.sendJson("POST", "/api/evaluator/lease", evaluator, "{\"worker\": \"w\", \"free\": 5}"), 400);
    assertApiRefusal(http.sendJson("POST", "/api/evaluator/lease", evaluator,
        "{\"worker\": \"w\", \"free\": {\"cpus\": \"two\", \"memoryBytes\": 1}}"), 400);
    assertApiRefusal(http.sendJson("POST", "/api/evaluator/jobs/" + id + "/heartbeat", evaluator,
        "{\"worker\": \"site-malformed:w\", \"attempt\": \"one\"}"), 400);
    assertApiRefusal(http.sendJson("POST", "/api/evaluator/jobs/" + id + "/heartbeat", evaluator,
        "{\"worker\": \"site-malformed:w\"}"), 400);
    assertApiRefusal(http.sendJson("POST", "/api/evaluator/jobs/" + id + "/report", evaluator,
        "{\"worker\": \"site-malformed:w\", \"attempt\": 1.5, \"report\": {}}"), 400);
    assertApiRefusal(http.sendJson("POST", "/api/evaluator/jobs/" + id + "/report", evaluator,
        "{\"worker\": \"site-malformed:w\", \"attempt\": 1, \"report\": \"scored\"}"), 400);
    assertApiRefusal(raw("GET", "/api/evaluator/jobs/" + id + "/image?worker=site-malformed:w&attempt=abc", null,
        "Bearer " + evaluator, null), 400);
  }

  @Test
  void aReportedScoreOutsideItsMetricsRangeIsRefusedWith422AndNotRanked() throws Exception {
    Submission queued = queuedSubmission();
    HttpResponse<String> leased = http.sendJson("POST", "/api/evaluator/lease", evaluator, "{\"worker\": \"w\"}");
    assertThat(leased.statusCode()).as(leased.body()).isEqualTo(200);
    JsonObject job = new JsonObject(leased.body());
    String id = job.getString("submissionId");
    JsonObject part = new JsonObject().put("cases", 10).put("positives", 5).put("metrics", new JsonObject()
        .put("roc_auc", new JsonObject().put("value", 1e308)));
    JsonObject report = new JsonObject().put("outcome", "SUCCEEDED").put("message", "ok")
        .put("submissionAtFault", false).put("logTail", "").put("runSeconds", 1.0)
        .put("scores", new JsonObject().put("primaryMetric", "roc_auc").put("publicPart", part).put("privatePart", part));
    JsonObject error = assertApiRefusal(http.sendJson("POST", "/api/evaluator/jobs/" + id + "/report", evaluator,
        new JsonObject().put("worker", job.getString("worker")).put("attempt", job.getInteger("attempt"))
            .put("report", report).encode()), 422);
    assertThat(error.getString("message")).contains("roc_auc");
    assertThat(platform.submissions().find(id).orElseThrow().status().name()).isEqualTo("RUNNING");
    assertThat(queued.id()).isNotNull();
  }

  private static Submission queuedSubmission() throws Exception {
    Account who = People.account(platform, "Queued");
    Team team = People.joinTeam(platform, who, SLUG, "queued-" + UUID.randomUUID().toString().substring(0, 6));
    Challenge c = platform.challenges().find(SLUG).orElseThrow();
    return platform.submissions().submit(c, "final", team, new ByteArrayInputStream(Tarballs.minimalImage("q:1")));
  }
}
