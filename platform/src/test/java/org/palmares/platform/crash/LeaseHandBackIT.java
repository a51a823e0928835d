package org.palmares.platform.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;

/**
 * kill -9 of the process running an evaluator mid-run, then a start of it again: the new
 * incarnation hands its dead predecessor's lease back at once, so the job runs again exactly once,
 * right away. The leases here last ten minutes and the waits are far shorter, so expiry cannot
 * explain the re-run. Runs the packaged jar as real processes.
 */
class LeaseHandBackIT {
  private static final String SLUG = "breast-cancer-diagnosis";
  private static final String LEASE_SECONDS = "600";
  private static Path archive;

  @TempDir Path work;
  private final List<Process> processes = new ArrayList<>();
  private Platform platform;

  @BeforeAll
  static void image(@TempDir Path images) throws Exception {
    TestImages.requireBaseImages();
    TestImages.build(Fixtures.repoRoot().resolve("platform/src/test/docker/slow-constant"),
        "palmares-test/slow-constant:latest");
    archive = TestImages.save("palmares-test/slow-constant:latest", images.resolve("slow.tar"));
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aPlatformKilledMidRunRunsItsJobAgainOnceRightAtItsRestart() throws Exception {
    int port = freePort();
    Http http = new Http(port);
    Process first = palmares("first.log", "serve", "--port", String.valueOf(port), "--data",
        work.resolve("data").toString(), "--challenges", challenges(), "--lease-seconds", LEASE_SECONDS);
    awaitHealthy(http, first);
    String team = http.signUp(SLUG, "embedded-kill-team");
    String id = new JsonObject(http.upload(SLUG, team, archive).body()).getString("id");
    http.pollSubmission(id, team, Duration.ofMinutes(2), s -> "RUNNING".equals(s.getString("status")));
    awaitContainerOf(id);

    kill9(first);
    Process second = palmares("second.log", "serve", "--port", String.valueOf(port), "--data",
        work.resolve("data").toString(), "--challenges", challenges(), "--lease-seconds", LEASE_SECONDS);
    awaitHealthy(http, second);
    JsonObject done = http.pollSubmission(id, team, Duration.ofMinutes(3), Http::terminal);

    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("SCORED");
    assertThat(done.getInteger("attempt")).as("one run killed, one re-run").isEqualTo(2);
    JsonArray entries = new JsonObject(http.get("/api/challenges/" + SLUG + "/leaderboard", null).body())
        .getJsonArray("entries");
    assertThat(entries).hasSize(1);
    assertThat(entries.getJsonObject(0).getInteger("submissions")).isEqualTo(1);
    assertThat(Files.readString(work.resolve("second.log"))).contains("Handed back 1 lease(s) of earlier runs");
    assertNoContainerLeftOf(id);
  }

  @Test
  void aRemoteEvaluatorKilledMidRunRunsItsJobAgainOnceRightAtItsRestart() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false).withLease(Duration.ofSeconds(Long.parseLong(LEASE_SECONDS))));
    Http http = new Http(platform.port());
    Path token = Files.writeString(work.resolve("token"),
        platform.evaluatorCredentials().create("hospital-a", List.of(SLUG), Instant.now()).token());
    String[] evaluate = {"evaluate", "--platform", "http://localhost:" + platform.port() + "/", "--token-file",
        token.toString(), "--challenges", challenges(), "--work", work.resolve("site-work").toString(),
        "--name", "rem-kill"};
    Process first = palmares("evaluate-first.log", evaluate);
    String team = People.competitor(platform, SLUG, "remote-kill-team");
    String id = new JsonObject(http.upload(SLUG, team, archive).body()).getString("id");
    http.pollSubmission(id, team, Duration.ofMinutes(2), s -> "RUNNING".equals(s.getString("status")));
    awaitContainerOf(id);

    kill9(first);
    palmares("evaluate-second.log", evaluate);
    JsonObject done = http.pollSubmission(id, team, Duration.ofMinutes(3), Http::terminal);

    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("SCORED");
    assertThat(done.getInteger("attempt")).as("one run killed, one re-run").isEqualTo(2);
    assertThat(platform.submissions().ofTeam(SLUG, platform.submissions().find(id).orElseThrow().teamId())).hasSize(1);
    assertThat(Files.readString(work.resolve("evaluate-second.log"))).contains("Handed back 1 lease(s) of earlier runs");
    assertNoContainerLeftOf(id);
  }

  private static String challenges() {
    return Fixtures.repoRoot().resolve("challenges").toString();
  }

  private Process palmares(String logName, String... args) throws IOException {
    Path jar = Fixtures.repoRoot().resolve("platform/target/palmares.jar");
    assertThat(jar).as("the packaged jar (mvn package)").exists();
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
        jar.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve(logName).toFile()).start();
    processes.add(p);
    return p;
  }

  private static void kill9(Process p) throws InterruptedException {
    p.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void awaitHealthy(Http http, Process p) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      assertThat(p.isAlive()).as("platform process exited early").isTrue();
      try {
        if (http.get("/api/health", null).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("platform did not become healthy");
  }

  /** Neither the killed run's container (reaped at the restart) nor the re-run's is left on the engine. */
  private static void assertNoContainerLeftOf(String submissionId) {
    assertThat(TestImages.docker().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("org.palmares.submission", submissionId)).exec()).isEmpty();
  }

  private static void awaitContainerOf(String submissionId) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (!TestImages.docker().listContainersCmd()
          .withLabelFilter(Map.of("org.palmares.submission", submissionId)).exec().isEmpty()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no sandbox container started for " + submissionId);
  }
}
