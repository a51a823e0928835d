package org.palmares.platform.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.Evaluator;
import org.palmares.evaluator.remote.HttpJobChannel;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.TcpProxy;

/**
 * A remote evaluator (the real {@link HttpJobChannel}, the real engine) whose way to the platform
 * is a TCP relay the test cuts and restores: an outage during a run costs no attempt, and a lease
 * shorter than the evaluator's own heartbeat setting is kept for the whole run.
 */
class RemoteEvaluatorOutageIT {
  private static final String SLUG = "breast-cancer-diagnosis";
  private static Path archive;

  @TempDir Path work;
  private Platform platform;
  private Evaluator site;
  private TcpProxy proxy;

  @BeforeAll
  static void image(@TempDir Path images) throws Exception {
    TestImages.requireBaseImages();
    TestImages.build(Fixtures.repoRoot().resolve("platform/src/test/docker/slow-constant"),
        "palmares-test/slow-constant:latest");
    archive = TestImages.save("palmares-test/slow-constant:latest", images.resolve("slow.tar"));
  }

  @AfterEach
  void stop() throws Exception {
    if (site != null) {
      site.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  /** A platform with the given lease, and a remote evaluator heartbeating every 10 s unless told otherwise. */
  private Http start(Duration lease, String evaluatorName) throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false).withLease(lease));
    proxy = new TcpProxy(platform.port());
    String token = platform.evaluatorCredentials().create("hospital-a", List.of(SLUG), Instant.now()).token();
    site = Evaluator.onLocalEngine(evaluatorName, work.resolve("site-work"), Fixtures.repoRoot().resolve("challenges"),
        new HttpJobChannel(URI.create("http://localhost:" + proxy.port() + "/"), token),
        Duration.ofMillis(200), Duration.ofSeconds(10));
    site.start();
    return new Http(platform.port());
  }

  @Test
  void aResultFinishedWhileThePlatformIsUnreachableIsAcceptedWhenItComesBackWithoutARerun() throws Exception {
    Http http = start(Duration.ofSeconds(60), "rem-outage");
    String team = People.competitor(platform, SLUG, "outage-team");
    String id = new JsonObject(http.upload(SLUG, team, archive).body()).getString("id");
    http.pollSubmission(id, team, Duration.ofMinutes(2), s -> "RUNNING".equals(s.getString("status")));
    awaitContainers(id, true);

    proxy.cut();
    awaitContainers(id, false); // the run ended while the platform could not be reached: its report failed
    Thread.sleep(3000); // a few more tries fail
    assertThat(platform.submissions().find(id).orElseThrow().status().name()).isEqualTo("RUNNING");
    proxy.restore();

    JsonObject done = http.pollSubmission(id, team, Duration.ofMinutes(2), Http::terminal);
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("SCORED");
    assertThat(done.getInteger("attempt")).as("the result of the first run was taken: no re-run").isEqualTo(1);
  }

  @Test
  void aLeaseShorterThanTheEvaluatorsOwnHeartbeatIntervalIsKeptForTheWholeRun() throws Exception {
    // the platform grants 3 s; the run takes about 8 s; the evaluator's own setting says 10 s
    Http http = start(Duration.ofSeconds(3), "rem-short-lease");
    String team = People.competitor(platform, SLUG, "short-lease-team");
    String id = new JsonObject(http.upload(SLUG, team, archive).body()).getString("id");

    JsonObject done = http.pollSubmission(id, team, Duration.ofMinutes(3), Http::terminal);

    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("SCORED");
    assertThat(done.getInteger("attempt")).as("the lease was never lost: one run").isEqualTo(1);
  }

  private static void awaitContainers(String submissionId, boolean present) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      boolean running = !TestImages.docker().listContainersCmd()
          .withLabelFilter(Map.of("org.palmares.submission", submissionId)).exec().isEmpty();
      if (running == present) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the sandbox of " + submissionId + (present ? " did not start" : " did not end"));
  }
}
