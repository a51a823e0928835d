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
