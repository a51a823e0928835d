package org.palmares.evaluator.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.palmares.evaluator.protocol.ProtocolJson;
import org.palmares.evaluator.protocol.Wire;

/**
 * The job channel of a remote evaluator: the platform's {@code /api/evaluator} endpoints over
 * HTTP(S), authenticated by the evaluator's token. Only outbound requests: a site needs no
 * inbound port and no database credentials.
 */
public final class HttpJobChannel implements JobChannel {
  // A newer platform may send fields this evaluator does not know yet (as leaseMillis once was): the mapper skips them.
  private static final ObjectMapper JSON = ProtocolJson.MAPPER;
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
    HttpResponse<String> r = post("api/evaluator/incarnations", new Wire.StartRequest(incarnation));
    expectOk(r, "start");
    return read(r, Wire.StartReply.class, "start").handedBack();
  }

  @Override
  public Optional<Job> lease(String worker, Capacity free) {
    HttpResponse<String> r = post("api/evaluator/lease", new Wire.LeaseRequest(worker, free));
    if (r.statusCode() == 204) {
      return Optional.empty();
    }
    expectOk(r, "lease");
    return Optional.of(read(r, Job.class, "lease"));
  }

  @Override
  public boolean heartbeat(Job job) {
    HttpResponse<String> r = post("api/evaluator/jobs/" + job.submissionId() + "/heartbeat",
        new Wire.HeartbeatRequest(job.worker(), job.attempt()));
    expectOk(r, "heartbeat");
    return read(r, Wire.HeartbeatReply.class, "heartbeat").held();
  }

  @Override
  public boolean report(Job job, JobReport report) {
    HttpResponse<String> r = post("api/evaluator/jobs/" + job.submissionId() + "/report",
        new Wire.ReportRequest(job.worker(), job.attempt(), report));
    expectOk(r, "report");
    // ACCEPTED or ALREADY_REPORTED: the platform holds the result; STALE_LEASE: someone else holds the job
    return read(r, Wire.ReportReply.class, "report").held();
  }

  @Override
  public boolean release(Job job, JobReport report) {
    HttpResponse<String> r = post("api/evaluator/jobs/" + job.submissionId() + "/release",
        new Wire.ReleaseRequest(job.attempt(), report != null, report));
    expectOk(r, "release");
    return read(r, Wire.ReleaseReply.class, "release").held();
  }

  /** A reply body as its protocol record. */
  private static <T> T read(HttpResponse<String> r, Class<T> type, String what) {
    try {
      return JSON.readValue(r.body(), type);
    } catch (IOException e) {
      throw new UncheckedIOException("the platform's answer to a " + what + " cannot be read", e);
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

  private HttpResponse<String> post(String path, Object body) {
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException("a request to the platform cannot be written", e);
    }
    HttpRequest request = HttpRequest.newBuilder(platform.resolve(path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
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
