package org.palmares.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-address limit, on a real Vert.x HTTP server. */
class RateLimitTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void requestsOverTheLimitAreRefusedWith429AndRetryAfter() throws Exception {
    Router router = Router.router(vertx);
    router.get("/limited").handler(new RateLimit("tests", 3, Duration.ofMinutes(1))).handler(ctx -> ctx.end("ok"));
    router.route().failureHandler(ctx -> {
      ApiException e = (ApiException) ctx.failure();
      ctx.response().setStatusCode(e.status()).end(e.getMessage());
    });
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
    HttpClient client = HttpClient.newHttpClient();

    List<HttpResponse<String>> responses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      responses.add(client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.actualPort() + "/limited"))
          .build(), HttpResponse.BodyHandlers.ofString()));
    }

    assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200, 429, 429);
    assertThat(responses.get(3).headers().firstValue("Retry-After")).isPresent();
    assertThat(responses.get(3).body()).contains("at most 3 per 1 min");
  }
}
