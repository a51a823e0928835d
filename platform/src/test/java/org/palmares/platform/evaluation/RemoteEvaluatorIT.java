package org.palmares.platform.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.Evaluator;
import org.palmares.evaluator.remote.HttpJobChannel;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;

/**
 * An evaluator at a "remote site" (its own process side: an HTTP job channel, its own work folder)
 * leases, fetches the image, runs and reports through the platform's HTTP API only.
 */
class RemoteEvaluatorIT {
  private static final String SLUG = "breast-cancer-diagnosis";

  @TempDir static Path work;
  private static Platform platform;
  private static Evaluator site;
  private static Http http;
  private static String siteToken;
  private static String otherSiteToken;

  @BeforeAll
  static void start() throws Exception {
    TestImages.requireBaseImages();
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
    http = new Http(platform.port());
    siteToken = platform.evaluatorCredentials().create("hospital-a", List.of(SLUG), Instant.now()).token();
    otherSiteToken = platform.evaluatorCredentials().create("hospital-b", List.of("breast-cancer-survival"),
        Instant.now()).token();
    site = Evaluator.onLocalEngine("remote-it", work.resolve("site-work"), Fixtures.repoRoot().resolve("challenges"),
        new HttpJobChannel(URI.create("http://localhost:" + platform.port() + "/"), siteToken),
        Duration.ofMillis(200), Duration.ofSeconds(5));
    site.start();
  }

  @AfterAll
  static void stop() {
    if (site != null) {
      site.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aRemoteEvaluatorFetchesTheImageRunsItAndReportsOverHttp() throws Exception {
    // an image the site's engine does not have: it must come from the platform
    String id = TestImages.build(Fixtures.repoRoot().resolve("evaluator/src/test/docker/echo-input"),
        "palmares-test/remote-echo:latest");
    Path archive = TestImages.save("palmares-test/remote-echo:latest", work.resolve("remote-echo.tar"));
    TestImages.docker().removeImageCmd(id).withForce(true).exec();
    String team = People.competitor(platform, SLUG, "remote-team");

    String submission = new JsonObject(http.upload(SLUG, team, HttpRequest.BodyPublishers.ofFile(archive)).body())
        .getString("id");
    JsonObject done = http.pollSubmission(submission, team, Duration.ofMinutes(3), Http::terminal);

    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("SCORED");
    assertThat(done.getJsonObject("scores").getJsonObject("public").getJsonObject("metrics")
        .getJsonObject("roc_auc").getDouble("value")).isEqualTo(0.5);
    assertThat(TestImages.docker().inspectImageCmd(id).exec().getId()).isEqualTo(id);

    // another site's evaluator cannot see, fetch or report this job
    assertThat(post("/api/evaluator/jobs/" + submission + "/report", otherSiteToken,
        "{\"worker\":\"x\",\"attempt\":1,\"report\":{}}").statusCode()).isEqualTo(404);
    assertThat(get("/api/evaluator/jobs/" + submission + "/image?worker=x&attempt=1", otherSiteToken).statusCode())
        .isEqualTo(404);
  }

  @Test
  void competitorAndOrganizerTokensCannotLeaseOrReport() throws Exception {
    String team = People.competitor(platform, SLUG, "sneaky-team");
    String organizer = People.admin(platform, "Olga");

    for (String token : new String[] {team, organizer, "plm_forged", null}) {
      assertThat(post("/api/evaluator/lease", token, "{\"worker\":\"w\"}").statusCode()).isEqualTo(401);
      assertThat(post("/api/evaluator/jobs/sub_x/report", token, "{}").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void anEvaluatorCannotActForAWorkerThatIsNotItsOwn() throws Exception {
    HttpResponse<String> r = post("/api/evaluator/jobs/sub_unknown/heartbeat", siteToken,
        "{\"worker\":\"someone-else:1\",\"attempt\":1}");
    assertThat(r.statusCode()).isIn(403, 404);
    assertThat(post("/api/evaluator/lease", siteToken, "{\"worker\":\"bad worker name!\"}").statusCode()).isEqualTo(400);
  }

  private static HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
