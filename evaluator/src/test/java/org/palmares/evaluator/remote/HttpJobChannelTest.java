package org.palmares.evaluator.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobChannel;
import org.palmares.evaluator.protocol.JobReport;

/**
 * The remote channel's reading of the platform's answers, against a small HTTP server: what is
 * worth sending again (the platform unreachable or failing) and what is not (a considered refusal,
 * a lost lease).
 */
class HttpJobChannelTest {
  private final Map<String, int[]> statuses = new ConcurrentHashMap<>();
  private final Map<String, String> bodies = new ConcurrentHashMap<>();
  private HttpServer server;
  private HttpJobChannel channel;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      exchange.getRequestBody().readAllBytes();
      byte[] body = bodies.getOrDefault(path, "{}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(statuses.getOrDefault(path, new int[] {200})[0], body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    channel = new HttpJobChannel(URI.create("http://localhost:" + server.getAddress().getPort()), "token");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static final Job JOB = new Job("sub_1", 1, "ev_a:site#x/1", "sha256:x", "x", null, 60_000);
  private static final JobReport REPORT = new JobReport("EXITED_NONZERO", "m", true, null, "", 1);

  private void answer(String path, int status, String body) {
    statuses.put(path, new int[] {status});
    bodies.put(path, body);
  }

  @Test
  void aJobCarriesTheLeaseThePlatformGrantsAndFieldsThisEvaluatorDoesNotKnowAreSkipped() {
    answer("/api/evaluator/lease", 200, "{\"submissionId\":\"sub_1\",\"attempt\":1,\"worker\":\"ev_a:site#x/1\","
        + "\"imageId\":\"sha256:x\",\"imageDigest\":\"x\",\"spec\":null,\"leaseMillis\":3000,\"fromTheFuture\":true}");

    Job job = channel.lease("site#x/1", null).orElseThrow();

    assertThat(job.leaseMillis()).isEqualTo(3000);
  }

  @Test
  void aReportTakenNowOrBeforeIsDeliveredAndOneFromALostLeaseIsNot() {
    String report = "/api/evaluator/jobs/sub_1/report";
    answer(report, 200, "{\"result\":\"ACCEPTED\"}");
    assertThat(channel.report(JOB, REPORT)).isTrue();
    answer(report, 200, "{\"result\":\"ALREADY_REPORTED\"}");
    assertThat(channel.report(JOB, REPORT)).isTrue();
    answer(report, 200, "{\"result\":\"STALE_LEASE\"}");
    assertThat(channel.report(JOB, REPORT)).isFalse();
  }

  @Test
  void aConsideredRefusalIsNotWorthSendingAgainButAFailingPlatformIs() {
    String report = "/api/evaluator/jobs/sub_1/report";
    for (int status : new int[] {400, 401, 403, 404}) {
      answer(report, status, "{\"error\":{\"code\":\"x\",\"message\":\"no\"}}");
      assertThatThrownBy(() -> channel.report(JOB, REPORT)).as("" + status)
          .isInstanceOf(JobChannel.RefusedException.class);
    }
    for (int status : new int[] {429, 500, 502, 503}) {
      answer(report, status, "busy");
      assertThatThrownBy(() -> channel.report(JOB, REPORT)).as("" + status)
          .isInstanceOf(RuntimeException.class).isNotInstanceOf(JobChannel.RefusedException.class);
    }
    server.stop(0);
    assertThatThrownBy(() -> channel.report(JOB, REPORT)).hasMessageContaining("cannot be reached");
  }

  @Test
  void aStartSaysHowManyLeasesWereHandedBack() {
    answer("/api/evaluator/incarnations", 200, "{\"handedBack\":2}");

    assertThat(channel.started("site#y")).isEqualTo(2);
  }
}
