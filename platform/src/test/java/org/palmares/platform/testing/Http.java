package org.palmares.platform.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** A small client for the platform's HTTP API, as a competitor or spectator would use it. */
public final class Http {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Http(int port) {
    this.base = "http://localhost:" + port;
  }

  public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Submits to the demo challenges' main phase, {@code final}. */
  public HttpResponse<String> upload(String slug, String token, HttpRequest.BodyPublisher body)
      throws IOException, InterruptedException {
    return upload(slug, "final", token, body);
  }

  public HttpResponse<String> upload(String slug, String phase, String token, HttpRequest.BodyPublisher body)
      throws IOException, InterruptedException {
    String query = phase == null ? "" : "?phase=" + phase;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/challenges/" + slug + "/submissions" + query))
        .header("Content-Type", "application/octet-stream")
        .POST(body);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> upload(String slug, String token, Path archive) throws IOException, InterruptedException {
    return upload(slug, token, HttpRequest.BodyPublishers.ofFile(archive));
  }

  /** Sends {@code body} (a file) with {@code method} to {@code path}. */
  public HttpResponse<String> send(String method, String path, String token, Path body)
      throws IOException, InterruptedException {
    return send(method, path, token, "application/octet-stream", HttpRequest.BodyPublishers.ofFile(body));
  }

  /** Sends a JSON body with {@code method} to {@code path}. */
  public HttpResponse<String> sendJson(String method, String path, String token, String json)
      throws IOException, InterruptedException {
    return send(method, path, token, "application/json", HttpRequest.BodyPublishers.ofString(json));
  }

  private HttpResponse<String> send(String method, String path, String token, String type,
      HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
        .method(method, body);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Signs up as a competitor would, over the API: registers an account, logs in for a personal
   * access token, accepts the challenge's rules and founds team {@code teamName}. Returns the token.
   */
  public String signUp(String slug, String teamName) throws IOException, InterruptedException {
    return signUp(slug, teamName, teamName.replaceAll("[^A-Za-z0-9]+", "-") + "-" + java.util.UUID.randomUUID()
        .toString().substring(0, 8) + "@example.org");
  }

  /** {@link #signUp(String, String)} with the account's e-mail address given (to log in on the pages too). */
  public String signUp(String slug, String teamName, String email) throws IOException, InterruptedException {
    JsonObject credentials = new JsonObject().put("email", email).put("password", People.PASSWORD);
    expect(202, sendJson("POST", "/api/accounts", null, credentials.copy().put("name", teamName + " member").encode()));
    String token = new JsonObject(expect(201, sendJson("POST", "/api/tokens", null,
        credentials.copy().put("name", "tests").encode())).body()).getString("token");
    JsonObject rules = new JsonObject(expect(200, get("/api/challenges/" + slug, null)).body()).getJsonObject("rules");
    expect(201, sendJson("POST", "/api/challenges/" + slug + "/rules/acceptance", token,
        new JsonObject().put("version", rules == null ? 0 : rules.getInteger("version")).encode()));
    expect(201, sendJson("POST", "/api/challenges/" + slug + "/teams", token,
        new JsonObject().put("name", teamName).encode()));
    return token;
  }

  private static HttpResponse<String> expect(int status, HttpResponse<String> r) {
    if (r.statusCode() != status) {
      throw new AssertionError(r.request().method() + " " + r.uri() + ": " + r.statusCode() + " " + r.body()
          + " (expected " + status + ")");
    }
    return r;
  }

  /** A logged-in browser: its session cookie and the CSRF token its forms carry. */
  public record WebSession(String cookie, String csrf) {}

  /** Logs in through the login form, as a browser does (CSRF cookie and field included). */
  public WebSession logIn(String email, String password) throws IOException, InterruptedException {
    HttpResponse<String> form = getPage("/login", null);
    String preSession = cookie(form, "palmares_csrf");
    HttpResponse<String> posted = postForm("/login", "palmares_csrf=" + preSession, java.util.Map.of("email", email,
        "password", password, "csrf", hiddenCsrf(form.body())));
    if (posted.statusCode() != 303) {
      throw new AssertionError("login refused: " + posted.statusCode() + " " + posted.body());
    }
    String cookie = "palmares_session=" + cookie(posted, "palmares_session");
    return new WebSession(cookie, hiddenCsrf(getPage("/account", cookie).body()));
  }

  /** HEAD, as a browser or a link checker asks before a GET. */
  public HttpResponse<String> head(String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(base + path)).method("HEAD", HttpRequest.BodyPublishers.noBody())
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET with an optional {@code Cookie} header. */
  public HttpResponse<String> getPage(String path, String cookie) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Posts a form (urlencoded) with an optional {@code Cookie} header; redirects are not followed. */
  public HttpResponse<String> postForm(String path, String cookie, java.util.Map<String, String> fields)
      throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder();
    fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(java.net.URLEncoder.encode(k,
        java.nio.charset.StandardCharsets.UTF_8)).append('=').append(java.net.URLEncoder.encode(v,
        java.nio.charset.StandardCharsets.UTF_8)));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Posts a form as the logged-in {@code session}, with its CSRF token. */
  public HttpResponse<String> postForm(String path, WebSession session, java.util.Map<String, String> fields)
      throws IOException, InterruptedException {
    java.util.Map<String, String> all = new java.util.LinkedHashMap<>(fields);
    all.putIfAbsent("csrf", session.csrf());
    return postForm(path, session.cookie(), all);
  }

  /** The value the response sets for cookie {@code name}. */
  public static String cookie(HttpResponse<?> r, String name) {
    return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
        .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).findFirst()
        .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + r.headers().map()));
  }

  /** The CSRF field of the first form of a page. */
  public static String hiddenCsrf(String page) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
    if (!m.find()) {
      throw new AssertionError("no CSRF field in the page: " + page);
    }
    return m.group(1);
  }

  /** Polls a submission until {@code done} holds for it, or fails after {@code timeout}. */
  public JsonObject pollSubmission(String id, String token, Duration timeout, Predicate<JsonObject> done)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    JsonObject last = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> r = get("/api/submissions/" + id, token);
      if (r.statusCode() == 200) {
        last = new JsonObject(r.body());
        if (done.test(last)) {
          return last;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("submission " + id + " did not reach the expected state within " + timeout + "; last: " + last);
  }

  public static boolean terminal(JsonObject submission) {
    String status = submission.getString("status");
    return "SCORED".equals(status) || "FAILED".equals(status);
  }
}
