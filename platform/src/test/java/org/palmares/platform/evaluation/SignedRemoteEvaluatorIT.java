package org.palmares.platform.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.Evaluator;
import org.palmares.evaluator.ResultSigner;
import org.palmares.evaluator.SiteData;
import org.palmares.evaluator.provenance.ResultRecord;
import org.palmares.evaluator.provenance.SignedRecord;
import org.palmares.evaluator.provenance.SiteKey;
import org.palmares.evaluator.remote.HttpJobChannel;
import org.palmares.evaluator.remote.ImageCache;
import org.palmares.evaluator.remote.SiteChannel;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;

/**
 * A remote site as {@code palmares evaluate} wires it (its key, its image cache, its signing
 * channel) runs a real image in the sandbox: the platform takes its signed result, and the record
 * states what the site ran: the image's digest, the hidden files' digest (as {@code sha256sum}
 * computes it), the sandbox runtime and the scores the board shows.
 */
class SignedRemoteEvaluatorIT {
  private static final String SLUG = "breast-cancer-diagnosis";

  @TempDir static Path work;
  private static Platform platform;
  private static Evaluator evaluator;
  private static SiteKey key;

  @BeforeAll
  static void start() throws Exception {
    TestImages.requireBaseImages();
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
    key = SiteKey.loadOrCreate(work.resolve("site-data"));
    String token = platform.evaluatorCredentials().create("hospital-a", List.of(SLUG), null, key.publicKeyPem(),
        Instant.now()).token();
    Path challenges = Fixtures.repoRoot().resolve("challenges");
    SiteChannel channel = new SiteChannel(new HttpJobChannel(URI.create("http://localhost:" + platform.port() + "/"),
        token), new ResultSigner(key, new SiteData(challenges)),
        new ImageCache(work.resolve("site-data/images"), 1L << 32, Duration.ofMillis(200)));
    evaluator = Evaluator.onLocalEngine("signed-it", work.resolve("site-work"), challenges, channel,
        Duration.ofMillis(200), Duration.ofSeconds(5));
    evaluator.start();
  }

  @AfterAll
  static void stop() {
    if (evaluator != null) {
      evaluator.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void theSitesSignedRecordStatesTheImageTheHiddenDataTheSandboxAndTheScores() throws Exception {
    String id = TestImages.build(Fixtures.repoRoot().resolve("evaluator/src/test/docker/echo-input"),
        "palmares-test/signed-echo:latest");
    Path archive = TestImages.save("palmares-test/signed-echo:latest", work.resolve("signed-echo.tar"));
    TestImages.docker().removeImageCmd(id).withForce(true).exec(); // so it must come from the platform
    String team = People.competitor(platform, SLUG, "signed-team");
    Http http = new Http(platform.port());
    String submission = new JsonObject(http.upload(SLUG, team, HttpRequest.BodyPublishers.ofFile(archive)).body())
        .getString("id");
    JsonObject done = http.pollSubmission(submission, team, Duration.ofMinutes(3), Http::terminal);
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("SCORED");

    List<ResultRecords.Kept> kept = platform.services().resultRecords().ofPhase(SLUG, "final");
    assertThat(kept).hasSize(1);
    ResultRecord record = SignedRecord.parse(kept.get(0).record()).verifiedWith(key.publicKey());
    assertThat(record.submission()).isEqualTo(submission);
    assertThat(record.imageDigest()).endsWith(org.apache.commons.codec.digest.DigestUtils.sha256Hex(
        Files.newInputStream(archive)));
    assertThat(record.runtime()).isIn("runsc", "runc");
    assertThat(record.outcome()).isEqualTo("SUCCEEDED");
    assertThat(record.scorer()).startsWith("builtin ");
    Process p = new ProcessBuilder("bash", "-c", "find hidden/test-inputs.csv hidden/test-labels.csv -type f "
        + "| LC_ALL=C sort | xargs sha256sum | sha256sum")
        .directory(Fixtures.repoRoot().resolve("challenges").resolve(SLUG).toFile()).start();
    String byHand = new String(p.getInputStream().readAllBytes()).split(" ")[0];
    assertThat(record.hiddenDigest()).isEqualTo("sha256:" + byHand);
    assertThat(record.scores().path("publicPart").path("metrics").path("roc_auc").path("value").asDouble())
        .isEqualTo(done.getJsonObject("scores").getJsonObject("public").getJsonObject("metrics")
            .getJsonObject("roc_auc").getDouble("value"));

    String organizer = People.organizer(platform, "Ola", List.of(SLUG));
    HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://localhost:" + platform.port() + "/api/organizer/challenges/" + SLUG + "/phases/final/records"))
        .header("Authorization", "Bearer " + organizer).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(export.statusCode()).isEqualTo(200);
    JsonNode tree = new ObjectMapper().readTree(export.body());
    RecordExport.Check check = RecordExport.check(tree);
    assertThat(check.problems()).isEmpty();
    assertThat(check.records()).isEqualTo(1);
    assertThat(check.figures()).isEqualTo(2); // the public and the private board's line of the team
  }
}
