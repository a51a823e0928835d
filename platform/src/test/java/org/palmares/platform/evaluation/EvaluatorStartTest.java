package org.palmares.platform.evaluation;

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
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.Platform;
import org.palmares.platform.submission.SubmissionStatus;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;

/**
 * {@code POST /api/evaluator/incarnations} over the real HTTP server, without Docker: two sites
 * serve the same challenge with evaluators of the same name; a start hands back the caller's own
 * dead leases only. The platform's lease is long, so expiry cannot explain a move.
 */
class EvaluatorStartTest {
  private static final String SLUG = "breast-cancer-diagnosis";

  @TempDir static Path work;
  private static Platform platform;
  private static Http http;
  private static String siteA;
  private static String siteB;
  private static String team;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false).withLease(java.time.Duration.ofHours(1)));
    http = new Http(platform.port());
    siteA = platform.evaluatorCredentials().create("hospital-a", List.of(SLUG), Instant.now()).token();
    siteB = platform.evaluatorCredentials().create("hospital-b", List.of(SLUG), Instant.now()).token();
    team = People.competitor(platform, SLUG, "restart-team");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aRestartedEvaluatorHandsBackItsOwnDeadLeasesAndNoOtherSites() throws Exception {
    String id = submit();
    HttpResponse<String> leased = post("/api/evaluator/lease", siteA, "{\"worker\":\"site#old/1\"}");
    assertThat(leased.statusCode()).as(leased.body()).isEqualTo(200);
    assertThat(new JsonObject(leased.body()).getString("submissionId")).isEqualTo(id);
    assertThat(new JsonObject(leased.body()).getLong("leaseMillis")).isEqualTo(3_600_000L);

    // another site's evaluator, with the same name, starts: site A's lease is not its own
    HttpResponse<String> other = post("/api/evaluator/incarnations", siteB, "{\"incarnation\":\"site#new\"}");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(other.body()).getInteger("handedBack")).isZero();
    assertThat(status(id)).isEqualTo(SubmissionStatus.RUNNING);

    HttpResponse<String> mine = post("/api/evaluator/incarnations", siteA, "{\"incarnation\":\"site#new\"}");
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(mine.body()).getInteger("handedBack")).isEqualTo(1);
    assertThat(status(id)).isEqualTo(SubmissionStatus.QUEUED);

    HttpResponse<String> again = post("/api/evaluator/lease", siteA, "{\"worker\":\"site#new/1\"}");
    assertThat(new JsonObject(again.body()).getInteger("attempt")).isEqualTo(2);
  }

  @Test
  void aStartWithoutAProperIncarnationIsRefusedWithASentence() throws Exception {
    for (String body : new String[] {"{}", "{\"incarnation\":\"no-suffix\"}", "{\"incarnation\":\"a#b#c\"}",
        "{\"incarnation\":\"a/b#c\"}", "{\"incarnation\":42}", "not json"}) {
      HttpResponse<String> r = post("/api/evaluator/incarnations", siteA, body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(r.body()).as(body).contains("\"error\"");
    }
  }

  private static SubmissionStatus status(String id) {
    return platform.submissions().find(id).orElseThrow().status();
  }

  private static String submit() throws Exception {
    HttpResponse<String> r = http.upload(SLUG, team, HttpRequest.BodyPublishers.ofByteArray(minimalImageArchive()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return new JsonObject(r.body()).getString("id");
  }

  private static HttpResponse<String> post(String path, String token, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A docker-save-shaped archive with a config and no layers: accepted and queued (no evaluator runs it here). */
  private static byte[] minimalImageArchive() throws Exception {
    String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"true\"]},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}";
    String configName = DigestUtils.sha256Hex(config) + ".json";
    String manifest = "[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"start:latest\"],\"Layers\":[]}]";
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
