package org.palmares.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The platform's HTTP API as the CLI uses it: JSON in, JSON out, and every refusal turned into an
 * {@link ApiException} carrying the API's own code and message.
 */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(15)).build();
  private final String base;
  private final String token;

  ApiClient(Credentials credentials) {
    this.base = credentials.url();
    this.token = credentials.token();
  }

  static String encode(String pathSegmentOrQueryValue) {
    return URLEncoder.encode(pathSegmentOrQueryValue, StandardCharsets.UTF_8).replace("+", "%20");
  }

  String base() {
    return base;
  }

  JsonNode get(String path) throws ApiException, InterruptedException {
    return send(request(path).GET().build());
  }

  /**
   * Streams {@code body} as the request body (chunked: its length is not known in advance) after
   * the platform has said yes to {@code Expect: 100-continue}, so a refusal (token, quota, phase)
   * comes before a byte of the image is sent.
   */
  JsonNode upload(String path, Supplier<InputStream> body) throws ApiException, InterruptedException {
    return send(request(path).expectContinue(true).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofInputStream(body)).build());
  }

  private HttpRequest.Builder request(String path) throws ApiException {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json");
    } catch (IllegalArgumentException e) {
      throw new ApiException(0, "bad_url", Texts.TERMINAL.get("url.bad", base));
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (Texts.TERMINAL.french()) {
      b.header("Accept-Language", "fr, en;q=0.5");
    }
    return b;
  }

  private JsonNode send(HttpRequest request) throws ApiException, InterruptedException {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException | HttpTimeoutException e) {
      throw new ApiException(0, "unreachable", Texts.TERMINAL.get("unreachable", base, e.getClass().getSimpleName()));
    } catch (IOException e) {
      throw new ApiException(0, "unreachable", Texts.TERMINAL.get("connection.failed", base, e.getMessage()));
    }
    JsonNode body = null;
    try {
      body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException notJson) {
      // an answer from something that is not the platform (a proxy's error page): said below
    }
    if (response.statusCode() / 100 == 2 && body != null) {
      return body;
    }
    JsonNode error = body == null ? null : body.path("error");
    if (error != null && error.hasNonNull("message")) {
      ApiException refused = new ApiException(response.statusCode(), error.path("code").asText("error"),
          error.get("message").asText());
      response.headers().firstValueAsLong("Retry-After").ifPresent(s -> refused.retryAfter = s);
      throw refused;
    }
    throw new ApiException(response.statusCode(), "unexpected", Texts.TERMINAL.get("unexpected",
        String.valueOf(response.statusCode()), request.uri(), base));
  }
}
