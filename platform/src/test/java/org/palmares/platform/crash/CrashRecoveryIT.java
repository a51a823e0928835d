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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.sandbox.DockerSandbox;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;

/**
 * Kills the platform process (SIGKILL) while a submission runs, starts it again on the same data,
 * and checks the submission still ends scored, once. Runs the packaged jar as a real process.
 */
class CrashRecoveryIT {
  private static final String SLUG = "breast-cancer-diagnosis";

  @TempDir Path work;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private List<String> palmares(String... args) {
    Path jar = Fixtures.repoRoot().resolve("platform/target/palmares.jar");
    assertThat(jar).as("the packaged jar (mvn package)").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private Process serve(int port, String logName) throws IOException {
    Process p = new ProcessBuilder(palmares("serve", "--port", String.valueOf(port), "--data",
        work.resolve("data").toString(), "--challenges", Fixtures.repoRoot().resolve("challenges").toString(),
        "--lease-seconds", "4"))
        .redirectErrorStream(true)
        .redirectOutput(work.resolve(logName).toFile())
        .start();
    processes.add(p);
    return p;
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

  private static void awaitContainerOf(String submissionId) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      if (!TestImages.docker().listContainersCmd()
          .withLabelFilter(Map.of("org.palmares.submission", submissionId)).exec().isEmpty()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no sandbox container started for " + submissionId);
  }

  @Test
  void aSubmissionRunningWhenThePlatformIsKilledIsScoredOnceAfterRestart() throws Exception {
    TestImages.build(Fixtures.repoRoot().resolve("platform/src/test/docker/slow-constant"),
        "palmares-test/slow-constant:latest");
    Path archive = TestImages.save("palmares-test/slow-constant:latest", work.resolve("slow.tar"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Http http = new Http(port);
    Process first = serve(port, "first.log");
    awaitHealthy(http, first);
    String token = http.signUp(SLUG, "crash-team");
    String id = new JsonObject(http.upload(SLUG, token, archive).body()).getString("id");
    http.pollSubmission(id, token, Duration.ofMinutes(2), s -> "RUNNING".equals(s.getString("status")));
    awaitContainerOf(id);

    first.destroyForcibly();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Process second = serve(port, "second.log");
    awaitHealthy(http, second);
    JsonObject done = http.pollSubmission(id, token, Duration.ofMinutes(3), Http::terminal);

    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("SCORED");
    assertThat(done.getInteger("attempt")).isEqualTo(2);
    JsonArray entries = new JsonObject(http.get("/api/challenges/" + SLUG + "/leaderboard", null).body())
        .getJsonArray("entries");
    assertThat(entries).hasSize(1);
    assertThat(entries.getJsonObject(0).getInteger("submissions")).isEqualTo(1);
    JsonArray mine = new JsonObject(http.get("/api/challenges/" + SLUG + "/submissions", token).body())
        .getJsonArray("submissions");
    assertThat(mine).hasSize(1);
    // the container of the killed attempt was reaped at restart, the second one removed after its run
    assertThat(TestImages.docker().listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(DockerSandbox.MANAGED_LABEL, "true", "org.palmares.submission", id)).exec()).isEmpty();
    assertThat(Files.readString(work.resolve("second.log"))).contains("Removed 1 sandbox container");
  }
}
