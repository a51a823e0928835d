package org.palmares.evaluator.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobChannel;
import org.palmares.evaluator.protocol.JobReport;

/**
 * The job channel of a remote evaluator: the platform's {@code /api/evaluator} endpoints over
 * HTTP(S), authenticated by the evaluator's token. Only outbound requests: a site needs no
 * inbound port and no database credentials.
 */
public final class HttpJobChannel implements JobChannel {
  // A newer platform may send fields this evaluator does not know yet (as leaseMillis once was): they are skipped.
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI platform;
  private final String token;

  /**
   * @param platform the platform's base URL, e.g. {@code https://palmares.example.org/}
   * @param token    this evaluator's token
   */
  public HttpJobChannel(URI platform, String token) {
    this.platform = platform.toString().endsWith("/") ? platform : URI.create(platform + "/");
    this.token = token;
  }

  @Override
  public int started(String incarnation) {
    HttpResponse<String> r = post("api/evaluator/incarnations", JSON.createObjectNode().put("incarnation", incarnation));
    expectOk(r, "start");
    try {
      return JSON.readTree(r.body()).path("handedBack").asInt(0);
    } catch (IOException e) {
      throw new UncheckedIOException("the platform's answer to a start cannot be read", e);
    }
  }

  @Override
  public Optional<Job> lease(String worker, Capacity free) {
    ObjectNode body = JSON.createObjectNode().put("worker", worker);
    if (free != null) {
      body.putObject("free").put("cpus", free.cpus()).put("memoryBytes", free.memoryBytes()).put("gpus", free.gpus());
    }
    HttpResponse<String> r = post("api/evaluator/lease", body);
    if (r.statusCode() == 204) {
      return Optional.empty();
    }
    expectOk(r, "lease");
    try {
      return Optional.of(JSON.readValue(r.body(), Job.class));
    } catch (IOException e) {
      throw new UncheckedIOException("the platform sent a job this evaluator cannot read", e);
    }
  }

  @Override
  public boolean heartbeat(Job job) {
    HttpResponse<String> r = post("api/evaluator/jobs/" + job.submissionId() + "/heartbeat",
        JSON.createObjectNode().put("worker", job.worker()).put("attempt", job.attempt()));
    expectOk(r, "heartbeat");
    return r.body().contains("\"held\":true");
  }

  @Override
  public boolean report(Job job, JobReport report) {
    ObjectNode body = JSON.createObjectNode().put("worker", job.worker()).put("attempt", job.attempt());
    body.set("report", JSON.valueToTree(report));
    HttpResponse<String> r = post("api/evaluator/jobs/" + job.submissionId() + "/report", body);
    expectOk(r, "report");
    try {
      // ACCEPTED or ALREADY_REPORTED: the platform holds the result; STALE_LEASE: someone else holds the job
      return !"STALE_LEASE".equals(JSON.readTree(r.body()).path("result").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("the platform's answer to a report cannot be read", e);
    }
  }

  @Override
  public InputStream openImage(Job job) throws IOException {
    return openImage(job, 0).body();
  }

  /**
   * Opens the job's image archive from byte {@code from} on (an HTTP Range request, so a cut
   * download resumes; see {@link ImageCache}).
   */
  public ImageCache.Ranged openImage(Job job, long from) throws IOException {
    URI uri = platform.resolve("api/evaluator/jobs/" + job.submissionId() + "/image?worker="
        + URLEncoder.encode(job.worker(), StandardCharsets.UTF_8) + "&attempt=" + job.attempt());
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET();
    if (from > 0) {
      request.header("Range", "bytes=" + from + "-");
    }
    try {
      HttpResponse<InputStream> r = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (r.statusCode() == 200) {
        return new ImageCache.Ranged(r.body(), 0, length);
      }
      if (r.statusCode() == 206) {
        // Content-Range: bytes <start>-<end>/<total>
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)")
            .matcher(r.headers().firstValue("Content-Range").orElse(""));
        if (!m.matches()) {
          r.body().close();
          throw new IOException("the platform answered 206 without a Content-Range for the image of " + job.submissionId());
        }
        return new ImageCache.Ranged(r.body(), Long.parseLong(m.group(1)), Long.parseLong(m.group(3)));
      }
      r.body().close();
      if (r.statusCode() == 416) {
        throw new ImageCache.RangeNotSatisfiableException("the image of " + job.submissionId() + " is shorter than "
            + from + " bytes");
      }
      throw new IOException("the platform answered " + r.statusCode() + " for the image of " + job.submissionId());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching an image", e);
    }
  }

  private HttpResponse<String> post(String path, ObjectNode body) {
    HttpRequest request = HttpRequest.newBuilder(platform.resolve(path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("the platform at " + platform + " cannot be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while talking to the platform", e);
    }
  }

  /**
   * A 4xx other than 408 and 429 is the platform's considered answer to this request
   * ({@link JobChannel.RefusedException}); the platform's own 503 for its database being away is
   * {@link JobChannel.UnavailableException}; anything else (5xx, a proxy's error page) may pass.
   */
  private static void expectOk(HttpResponse<String> r, String what) {
    int status = r.statusCode();
    if (status == 200) {
      return;
    }
    String message = "the platform refused the " + what + " (" + status + "): " + r.body();
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      throw new JobChannel.RefusedException(message);
    }
    if (status == 503 && r.body().contains("database_unavailable")) {
      throw new JobChannel.UnavailableException(message, null);
    }
    throw new IllegalStateException(message);
  }
}
