package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.ImageArchives;
import org.palmares.platform.testing.ScoredUploads;

/**
 * The board over real HTTP, without Docker: uploads through the API, results reported through the
 * queue as an evaluator would. Bytes with a strong ETag and 304s, served while the worker pool is
 * full, and live events that carry the board's new version and tag.
 */
class LiveBoardTest {
  private static final String SLUG = "breast-cancer-diagnosis";
  private static final String BOARD = "/api/challenges/" + SLUG + "/leaderboard?phase=final";

  @TempDir static Path work;
  private static Platform platform;
  private static Http http;
  private static HttpClient client;
  private static Path archive;
  private static int uploads;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false), EdgeLimits.defaults().withWorkers(2, 1));
    http = new Http(platform.port());
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    archive = ImageArchives.fake(work.resolve("image.tar"), 1024);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  /** A new team's upload to the final phase, leased and scored at {@code auc}, as an evaluator reports it. */
  private static void scoredUpload(double auc) throws Exception {
    ScoredUploads.upload(platform, http, work, SLUG, "final", "team-" + (++uploads), Fixtures.scored(auc, auc));
  }

  private static HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path));
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBoardCarriesAStrongTagAndAnUnchangedBoardAnswers304WithoutABody() throws Exception {
    scoredUpload(0.81);
    HttpResponse<String> first = get(BOARD, null);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(etag).startsWith("\"").doesNotStartWith("W/");

    HttpResponse<String> again = get(BOARD, etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).contains(etag);

    scoredUpload(0.91);
    HttpResponse<String> changed = get(BOARD, etag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    assertThat(new JsonObject(changed.body()).getJsonArray("entries").getJsonObject(0).getDouble("score"))
        .isEqualTo(0.91);
  }

  @Test
  void aBoardIsServedWhileEveryWorkerThreadIsBusy() throws Exception {
    get(BOARD, null); // loaded
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 3; i++) { // the pool's two threads and its one queued task
      platform.workers().run(() -> release.await(30, TimeUnit.SECONDS));
    }
    try {
      assertThat(get("/", null).statusCode()).as("blocking work is refused meanwhile").isEqualTo(503);
      assertThat(get(BOARD, null).statusCode()).isEqualTo(200);
    } finally {
      release.countDown();
    }
  }

  @Test
  void aSpectatorIsToldTheNewVersionAndTagOfTheBoardThatChanged() throws Exception {
    HttpResponse<Stream<String>> events = client.send(HttpRequest.newBuilder(URI.create(
        "http://localhost:" + platform.port() + "/api/challenges/" + SLUG + "/events")).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    Iterator<String> lines = events.body().iterator();
    assertThat(lines.next()).startsWith(": listening");

    scoredUpload(0.66);
    String now = get(BOARD, null).headers().firstValue("ETag").orElseThrow();

    CompletableFuture<JsonObject> change = CompletableFuture.supplyAsync(() -> {
      boolean board = false;
      while (lines.hasNext()) {
        String line = lines.next();
        if (line.equals("event: board")) {
          board = true;
        } else if (board && line.startsWith("data: ")) {
          JsonObject data = new JsonObject(line.substring(6));
          if ("final".equals(data.getString("phase")) && now.equals(data.getString("etag"))) {
            return data;
          }
          board = false;
        }
      }
      return null;
    });
    JsonObject data = change.get(30, TimeUnit.SECONDS);
    events.body().close();
    assertThat(data).as("an event told the board's tag now").isNotNull();
    assertThat(data.getString("part")).isEqualTo("public");
    assertThat(data.getString("challenge")).isEqualTo(SLUG);
    assertThat(data.getLong("version")).isPositive();
  }

  @Test
  void anUnknownPartIsRefusedAndThePrivatePartBeforeItsReveal() throws Exception {
    assertThat(get(BOARD + "&part=everything", null).statusCode()).isEqualTo(400);
    HttpResponse<String> hidden = get(BOARD + "&part=private", null);
    assertThat(hidden.statusCode()).isEqualTo(403);
    assertThat(hidden.body()).contains("not_revealed");
  }
}
