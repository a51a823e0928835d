package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.RandomAccessFile;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;

/**
 * End to end through the HTTP API, with the real engine, the embedded database and the demo
 * challenge: upload an image archive, watch it being scored, find it on the leaderboard.
 */
class PlatformIT {
  private static final String SLUG = "breast-cancer-diagnosis";
  private static final long MAX_UPLOAD = 512L * 1024 * 1024;

  @TempDir static Path work;
  private static Platform platform;
  private static Http http;
  private static String token;
  private static String otherToken;
  private static Path constantArchive;

  @BeforeAll
  static void start() throws Exception {
    TestImages.requireBaseImages();
    constantArchive = TestImages.save("palmares/baseline-constant:latest", work.resolve("constant.tar"));
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withMaxUploadBytes(MAX_UPLOAD));
    http = new Http(platform.port());
    token = People.competitor(platform, SLUG, "team-e2e");
    otherToken = People.competitor(platform, SLUG, "team-other");
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aCompetitorUploadsAnImageAndSeesItScoredOnTheLeaderboardAndPage() throws Exception {
    HttpResponse<String> accepted = http.upload(SLUG, token, constantArchive);
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonObject queued = new JsonObject(accepted.body());
    assertThat(queued.getString("status")).isEqualTo("QUEUED");
    assertThat(accepted.headers().firstValue("Location")).hasValue("/api/submissions/" + queued.getString("id"));

    JsonObject scored = http.pollSubmission(queued.getString("id"), token, Duration.ofMinutes(3), Http::terminal);

    assertThat(scored.getString("status")).as(scored.encodePrettily()).isEqualTo("SCORED");
    JsonObject publicScores = scored.getJsonObject("scores").getJsonObject("public");
    assertThat(publicScores.getJsonObject("metrics").getJsonObject("roc_auc").getDouble("value")).isEqualTo(0.5);
    assertThat(scored.getJsonObject("scores").containsKey("private")).isFalse();
    assertThat(scored.encode()).doesNotContain("logTail");

    JsonObject board = new JsonObject(http.get("/api/challenges/" + SLUG + "/leaderboard", null).body());
    assertThat(board.getString("metric")).isEqualTo("roc_auc");
    JsonArray entries = board.getJsonArray("entries");
    JsonObject ours = entries.stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("team").equals("team-e2e")).findFirst().orElseThrow();
    assertThat(ours.getDouble("score")).isEqualTo(0.5);
    assertThat(ours.getInteger("submissions")).isEqualTo(1);
    assertThat(ours.getJsonArray("ci95")).hasSize(2);

    String page = http.get("/challenges/" + SLUG, null).body();
    assertThat(page).contains("team-e2e").contains("0.5000").contains("ROC AUC");
    assertThat(http.get("/", null).body()).contains("href=\"/challenges/" + SLUG + "\"");
    assertThat(http.get("/assets/palmares.css", null).statusCode()).isEqualTo(200);
  }

  @Test
  void theSurvivalChallengesCoxBaselineIsScoredWithHarrellsC() throws Exception {
    String survival = "breast-cancer-survival";
    String team = People.competitor(platform, survival, "cox-team");
    Path cox = TestImages.save("palmares/baseline-cox:latest", work.resolve("cox.tar"));

    HttpResponse<String> accepted = http.upload(survival, null, team, HttpRequest.BodyPublishers.ofFile(cox));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonObject done = http.pollSubmission(new JsonObject(accepted.body()).getString("id"), team,
        Duration.ofMinutes(3), Http::terminal);

    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("SCORED");
    // 0.664 on the whole GBSG set (checked with R's survival::concordance); each half stays well above chance
    double c = done.getJsonObject("scores").getJsonObject("public").getJsonObject("metrics")
        .getJsonObject("c_index").getDouble("value");
    assertThat(c).isBetween(0.6, 0.73);
    JsonObject board = new JsonObject(http.get("/api/challenges/" + survival + "/leaderboard", null).body());
    assertThat(board.getString("metric")).isEqualTo("c_index");
    assertThat(board.getJsonArray("entries").getJsonObject(0).getString("team")).isEqualTo("cox-team");
  }

  @Test
  void spectatorsAreToldLiveWhenTheLeaderboardChanges() throws Exception {
    var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    HttpResponse<java.util.stream.Stream<String>> events = client.send(HttpRequest.newBuilder(java.net.URI.create(
        "http://localhost:" + platform.port() + "/api/challenges/" + SLUG + "/events")).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    var lines = events.body().iterator();
    assertThat(lines.next()).startsWith(": listening");

    String id = new JsonObject(http.upload(SLUG, otherToken, constantArchive).body()).getString("id");
    http.pollSubmission(id, otherToken, Duration.ofMinutes(3), Http::terminal);

    java.util.concurrent.CompletableFuture<String> event = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      while (lines.hasNext()) {
        String line = lines.next();
        if (line.startsWith("event: ")) {
          return line;
        }
      }
      return "closed";
    });
    assertThat(event.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("event: board");
    events.body().close();
  }

  @Test
  void aGzippedArchiveIsAcceptedToo() throws Exception {
    Path gz = work.resolve("constant.tar.gz");
    try (var out = new GZIPOutputStream(java.nio.file.Files.newOutputStream(gz))) {
      java.nio.file.Files.copy(constantArchive, out);
    }
    HttpResponse<String> accepted = http.upload(SLUG, otherToken, gz);

    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonObject done = http.pollSubmission(new JsonObject(accepted.body()).getString("id"), otherToken,
        Duration.ofMinutes(3), Http::terminal);
    assertThat(done.getString("status")).isEqualTo("SCORED");
  }

  @Test
  void aBodyThatIsNotAnImageArchiveIsRefusedWithAClearMessage() throws Exception {
    HttpResponse<String> r = http.upload(SLUG, token, HttpRequest.BodyPublishers.ofString("definitely not a tar"));

    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("not_an_image");
    assertThat(error.getString("message")).contains("docker save");
  }

  @Test
  void anEmptyBodyIsRefused() throws Exception {
    HttpResponse<String> r = http.upload(SLUG, token, HttpRequest.BodyPublishers.noBody());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message")).contains("empty");
  }

  @Test
  void anArchiveOverTheSizeCapIsRefusedWith413() throws Exception {
    Path big = work.resolve("big.tar");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(MAX_UPLOAD + 1); // sparse: costs no disk
    }
    HttpResponse<String> r = http.upload(SLUG, token, big);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message")).contains("512 MiB");
  }

  @Test
  void aStreamedArchiveThatGrowsPastTheCapIsCutOffWith413() throws Exception {
    // no Content-Length (chunked): the cap is enforced while the bytes arrive
    HttpRequest.BodyPublisher endless = HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.InputStream() {
      private long sent;

      @Override
      public int read() {
        return sent++ <= MAX_UPLOAD ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (sent > MAX_UPLOAD) {
          return -1;
        }
        int n = (int) Math.min(len, MAX_UPLOAD + 1 - sent);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        sent += n;
        return n;
      }
    });
    HttpResponse<String> r = http.upload(SLUG, token, endless);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code")).isEqualTo("upload_too_large");
  }

  @Test
  void submittingWithoutAValidTokenIsRefused() throws Exception {
    assertThat(http.upload(SLUG, null, constantArchive).statusCode()).isEqualTo(401);
    assertThat(http.upload(SLUG, "plm_forged", constantArchive).statusCode()).isEqualTo(401);
  }

  @Test
  void aTeamCannotSeeAnotherTeamsSubmission() throws Exception {
    HttpResponse<String> accepted = http.upload(SLUG, token, constantArchive);
    String id = new JsonObject(accepted.body()).getString("id");

    assertThat(http.get("/api/submissions/" + id, otherToken).statusCode()).isEqualTo(404);
    assertThat(http.get("/api/submissions/" + id, null).statusCode()).isEqualTo(401);
    assertThat(http.get("/api/challenges/" + SLUG + "/submissions", otherToken).body()).doesNotContain(id);
    http.pollSubmission(id, token, Duration.ofMinutes(3), Http::terminal);
  }

  @Test
  void aMalformedPredictionsFileFailsTheSubmissionWithTheRowAndTheProblem() throws Exception {
    TestImages.hostile("malformed");
    Path archive = TestImages.save("palmares-test/malformed:latest", work.resolve("malformed.tar"));
    // the sanity phase shows the detail; the final phase the kind of problem only (FeedbackPolicyIT)
    String id = new JsonObject(http.upload(SLUG, "sanity", token, HttpRequest.BodyPublishers.ofFile(archive)).body())
        .getString("id");

    JsonObject failed = http.pollSubmission(id, token, Duration.ofMinutes(3), Http::terminal);

    assertThat(failed.getString("status")).isEqualTo("FAILED");
    assertThat(failed.getString("outcome")).isEqualTo("INVALID_OUTPUT");
    assertThat(failed.getString("message")).contains("row").contains("not-a-number");
    assertThat(failed.getBoolean("countsAgainstQuota")).isTrue();
  }

  @Test
  void withTwoPhasesOpenASubmissionMustNameItsPhase() throws Exception {
    HttpResponse<String> r = http.upload(SLUG, null, token, HttpRequest.BodyPublishers.ofFile(constantArchive));

    assertThat(r.statusCode()).isEqualTo(400);
    JsonObject error = new JsonObject(r.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("phase_required");
    assertThat(error.getString("message")).contains("sanity, final");
  }

  @Test
  void theSanityPhaseShowsATeamTheTailOfItsOwnLogsAndRoundsToItsPrecision() throws Exception {
    TestImages.hostile("echo-input");
    Path archive = TestImages.save("palmares-test/echo-input:latest", work.resolve("echo.tar"));
    HttpResponse<String> accepted = http.upload(SLUG, "sanity", otherToken, HttpRequest.BodyPublishers.ofFile(archive));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

    JsonObject done = http.pollSubmission(new JsonObject(accepted.body()).getString("id"), otherToken,
        Duration.ofMinutes(3), Http::terminal);

    assertThat(done.getString("phase")).isEqualTo("sanity");
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("SCORED");
    assertThat(done.getString("logTail")).contains("user=65534");
    JsonObject board = new JsonObject(http.get("/api/challenges/" + SLUG + "/leaderboard?phase=sanity", null).body());
    assertThat(board.getString("rule")).isEqualTo("latest");
    assertThat(board.getInteger("precision")).isEqualTo(2);
    assertThat(board.getJsonArray("entries").getJsonObject(0).getDouble("score")).isEqualTo(0.5);
  }

  @Test
  void thePrivateLeaderboardIsNotShownBeforeItsReveal() throws Exception {
    HttpResponse<String> r = http.get("/api/challenges/" + SLUG + "/leaderboard?part=private", null);

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message"))
        .contains("revealed at 2028-01-01T00:00:00Z");
    assertThat(http.get("/challenges/" + SLUG, null).body()).doesNotContain("Private leaderboard (final ranking)");
  }

  @Test
  void publicDataCanBeDownloadedButHiddenDataCannot() throws Exception {
    HttpResponse<String> train = http.get("/challenges/" + SLUG + "/files/public/train.csv", null);
    assertThat(train.statusCode()).isEqualTo(200);
    assertThat(train.body()).startsWith("id,");

    assertThat(http.get("/challenges/" + SLUG + "/files/hidden/test-labels.csv", null).statusCode()).isEqualTo(404);
    assertThat(http.get("/challenges/" + SLUG + "/files/../" + SLUG + "/hidden/test-labels.csv", null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void errorsShareOneJsonShapeAndPagesCarrySecurityHeaders() throws Exception {
    HttpResponse<String> missing = http.get("/api/challenges/no-such-challenge", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(missing.body()).getJsonObject("error").getString("code")).isEqualTo("not_found");

    HttpResponse<String> page = http.get("/", null);
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    // any page may read public data; no page elsewhere may send a token
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    HttpResponse<String> crossRead = client.send(HttpRequest.newBuilder(java.net.URI.create(
        "http://localhost:" + platform.port() + "/api/challenges")).header("Origin", "https://elsewhere.example")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(crossRead.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    HttpResponse<String> preflight = client.send(HttpRequest.newBuilder(java.net.URI.create(
        "http://localhost:" + platform.port() + "/api/challenges/" + SLUG + "/submissions"))
        .header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
        .doesNotContainIgnoringCase("authorization");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).doesNotContain("POST");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
  }
}
