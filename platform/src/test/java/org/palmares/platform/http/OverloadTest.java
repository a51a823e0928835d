package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;

/**
 * An overloaded server says so: with every worker thread busy on slow work and the queue full,
 * requests that need the pool are answered 503 with {@code Retry-After} at once, instead of
 * waiting behind the slow work; once it is done, the same requests are served again.
 */
class OverloadTest {
  @TempDir static Path work;
  private static Platform platform;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false), EdgeLimits.defaults().withWorkers(2, 3));
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void aSaturatedPoolAnswers503WithRetryAfterAndRecovers() throws Exception {
    Http http = new Http(platform.port());
    String leaderboard = "/api/challenges/breast-cancer-diagnosis/leaderboard";
    assertThat(http.get(leaderboard, null).statusCode()).isEqualTo(200);

    CountDownLatch release = new CountDownLatch(1);
    List<Future<Boolean>> slow = new ArrayList<>();
    for (int i = 0; i < 5; i++) { // 2 threads + 3 queued
      slow.add(platform.workers().run(() -> release.await(60, TimeUnit.SECONDS)));
    }
    try {
      // a board is served from memory on the event loop (LiveBoardTest): work that needs the pool is refused
      assertThat(http.get(leaderboard, null).statusCode()).isEqualTo(200);
      HttpResponse<String> busy = http.get("/api/account", "pal_not-a-real-token");
      assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
      assertThat(busy.headers().firstValue("Retry-After")).hasValueSatisfying(
          s -> assertThat(Long.parseLong(s)).isPositive());
      assertThat(new JsonObject(busy.body()).getJsonObject("error").getString("code")).isEqualTo("busy");
      HttpResponse<String> page = http.getPage("/", null);
      assertThat(page.statusCode()).isEqualTo(503);
      assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(http.get("/api/health", null).statusCode()).as("no blocking work needed").isEqualTo(200);
    } finally {
      release.countDown();
    }
    for (Future<Boolean> f : slow) {
      f.await(30, TimeUnit.SECONDS);
    }
    assertThat(http.get(leaderboard, null).statusCode()).isEqualTo(200);
    assertThat(http.getPage("/", null).statusCode()).isEqualTo(200);
  }
}
