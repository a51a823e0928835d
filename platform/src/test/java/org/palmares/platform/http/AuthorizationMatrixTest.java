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
import org.palmares.platform.testing.Fixtures;

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
  private static final Row[] TABLE = {
      //                                                                              anon team-a team-b org-here org-else admin eval-here eval-else
      new Row("GET", "/api/health", "/api/health", null, 200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/api/challenges", "/api/challenges", null, 200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/api/challenges/:slug", "/api/challenges/{slug}", null, 200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/api/challenges/:slug/leaderboard", "/api/challenges/{slug}/leaderboard", null,
          200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/api/challenges/:slug/events", "/api/challenges/{slug}/events", null,
          200, 200, 200, 200, 200, 200, 200, 200),
      new Row("POST", "/api/challenges/:slug/submissions", "/api/challenges/{slug}/submissions?phase=final", GARBAGE,
          401, 400, 400, 401, 401, 401, 401, 401),
      new Row("GET", "/api/challenges/:slug/submissions", "/api/challenges/{slug}/submissions", null,
          401, 200, 200, 401, 401, 401, 401, 401),
      new Row("GET", "/api/submissions/:id", "/api/submissions/{id}", null, 401, 200, 404, 401, 401, 401, 401, 401),
      new Row("POST", "/api/challenges", "/api/challenges", GARBAGE, 401, 401, 401, 403, 403, 400, 401, 401),
      new Row("PUT", "/api/challenges/:slug", "/api/challenges/{slug}", GARBAGE, 401, 401, 401, 400, 403, 400, 401, 401),
      new Row("GET", "/api/challenges/:slug/versions", "/api/challenges/{slug}/versions", null,
          401, 401, 401, 200, 403, 200, 401, 401),
      new Row("GET", "/api/organizer/challenges/:slug/submissions", "/api/organizer/challenges/{slug}/submissions", null,
          401, 401, 401, 200, 403, 200, 401, 401),
      new Row("GET", "/api/organizer/challenges/:slug/audit", "/api/organizer/challenges/{slug}/audit", null,
          401, 401, 401, 200, 403, 200, 401, 401),
      new Row("POST", "/api/organizer/submissions/:id/disqualify", "/api/organizer/submissions/{id}/disqualify", "{}",
          401, 401, 401, 400, 403, 400, 401, 401),
      new Row("POST", "/api/organizer/submissions/:id/rerun", "/api/organizer/submissions/{id}/rerun", "{}",
          401, 401, 401, 409, 403, 409, 401, 401),
      new Row("POST", "/api/evaluator/lease", "/api/evaluator/lease", "{\"worker\":\"w\"}",
          401, 401, 401, 401, 401, 401, 200, 204),
      new Row("POST", "/api/evaluator/jobs/:id/heartbeat", "/api/evaluator/jobs/{id}/heartbeat",
          "{\"worker\":\"x\",\"attempt\":1}", 401, 401, 401, 401, 401, 401, 403, 404),
      new Row("POST", "/api/evaluator/jobs/:id/report", "/api/evaluator/jobs/{id}/report",
          "{\"worker\":\"x\",\"attempt\":1,\"report\":{}}", 401, 401, 401, 401, 401, 401, 403, 404),
      new Row("GET", "/api/evaluator/jobs/:id/image", "/api/evaluator/jobs/{id}/image?worker=x&attempt=1", null,
          401, 401, 401, 401, 401, 401, 403, 404),
      new Row("GET", "/", "/", null, 200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/challenges/:slug", "/challenges/{slug}", null, 200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/challenges/:slug/files/", "/challenges/{slug}/files/public/train.csv", null,
          200, 200, 200, 200, 200, 200, 200, 200),
      new Row("GET", "/assets/", "/assets/palmares.css", null, 200, 200, 200, 200, 200, 200, 200, 200),
  };

  @TempDir static Path work;
  private static Platform platform;
  private static final Map<Caller, String> TOKENS = new LinkedHashMap<>();
  private static String submissionId;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
    Instant now = Instant.now();
    TOKENS.put(Caller.ANONYMOUS, null);
    TOKENS.put(Caller.TEAM_A, platform.teams().create(SLUG, "team-a", now).token());
    TOKENS.put(Caller.TEAM_B, platform.teams().create(SLUG, "team-b", now).token());
    TOKENS.put(Caller.ORGANIZER_HERE, platform.organizers().create("here", false, List.of(SLUG), now).token());
    TOKENS.put(Caller.ORGANIZER_ELSEWHERE,
        platform.organizers().create("elsewhere", false, List.of("breast-cancer-survival"), now).token());
    TOKENS.put(Caller.ADMIN, platform.organizers().create("admin", true, List.of(), now).token());
    TOKENS.put(Caller.EVALUATOR_HERE, platform.evaluatorCredentials().create("site-here", List.of(SLUG), now).token());
    TOKENS.put(Caller.EVALUATOR_ELSEWHERE,
        platform.evaluatorCredentials().create("site-else", List.of("breast-cancer-survival"), now).token());
    HttpResponse<String> accepted = send("POST", "/api/challenges/" + SLUG + "/submissions?phase=final",
        TOKENS.get(Caller.TEAM_A), HttpRequest.BodyPublishers.ofByteArray(minimalImageArchive()));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    submissionId = new JsonObject(accepted.body()).getString("id");
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
        HttpRequest.BodyPublisher body = row.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(row.body());
        int status = path.endsWith("/events") ? openStream(path, TOKENS.get(callers[i]))
            : send(row.method(), path, TOKENS.get(callers[i]), body).statusCode();
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
    HttpResponse<java.io.InputStream> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    r.body().close();
    return r.statusCode();
  }

  private static HttpResponse<String> send(String method, String path, String token, HttpRequest.BodyPublisher body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path))
        .method(method, body).header("Content-Type", "application/octet-stream");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A docker-save-shaped archive with a config and no layers: accepted and queued (no evaluator runs it here). */
  private static byte[] minimalImageArchive() throws Exception {
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
