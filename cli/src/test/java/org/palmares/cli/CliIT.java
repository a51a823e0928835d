package org.palmares.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.PlatformProcess;

/**
 * The packaged CLI ({@code palmares-cli.jar}) as a competitor runs it, against the packaged
 * platform as a real process with its in-process evaluator: a real baseline image is saved by
 * the local Docker engine, streamed, run in the sandbox and scored.
 */
class CliIT {
  private static final String SLUG = "breast-cancer-diagnosis";
  private static final String IMAGE = "palmares/baseline-logreg:latest";

  @TempDir static Path work;
  private static PlatformProcess platform;
  private static int port;
  private static String token;

  /** What a run of the CLI printed, and how it ended. */
  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() throws Exception {
    port = PlatformProcess.freePort();
    platform = PlatformProcess.serve(port, work.resolve("data"), Fixtures.repoRoot().resolve("challenges"),
        work.resolve("platform.log"), Map.of());
    token = platform.http().signUp(SLUG, "CLI team");
  }

  @AfterAll
  static void stop() throws Exception {
    if (platform != null) {
      platform.stop();
    }
  }

  /** Runs {@code palmares ARGS} with the platform and token in the environment and an empty home. */
  private static Run palmares(String... args) throws Exception {
    Path jar = Fixtures.repoRoot().resolve("cli/target/palmares-cli.jar");
    assertThat(jar).as("the packaged CLI (mvn package)").exists();
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
        jar.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("PALMARES_URL", "http://localhost:" + port);
    pb.environment().put("PALMARES_TOKEN", token);
    pb.environment().put("HOME", work.resolve("home").toString());
    pb.environment().remove("XDG_CONFIG_HOME");
    Process p = pb.start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("the CLI ends").isTrue();
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void aCompetitorSubmitsAnImageAndSeesItScored() throws Exception {
    Run submit = palmares("submit", "--challenge", SLUG, "--phase", "sanity", IMAGE);

    assertThat(submit.exit()).as(submit.out() + submit.err()).isZero();
    assertThat(submit.err()).as("progress, as plain lines off a terminal").contains("Uploaded ").contains(" MiB/s")
        .doesNotContain("\r");
    assertThat(submit.out()).contains("Submitted " + IMAGE + " as ").contains("): SCORED")
        .contains("Public scores").contains("roc_auc (primary): ").contains("95% CI [");
    String id = submit.out().lines().filter(l -> l.startsWith("Submitted ")).findFirst().orElseThrow()
        .replaceAll(".* as (\\S+) .*", "$1");
    JsonObject scored = new JsonObject(platform.http().get("/api/submissions/" + id, token).body());
    assertThat(scored.getString("status")).isEqualTo("SCORED");
    Object auc = scored.getJsonObject("scores").getJsonObject("public").getJsonObject("metrics")
        .getJsonObject("roc_auc").getValue("value");
    assertThat(submit.out()).as("the platform's own score").contains("roc_auc (primary): " + auc);

    Run status = palmares("status", id);
    assertThat(status.exit()).isZero();
    assertThat(status.out()).contains("Submission " + id + " (" + SLUG + ", phase sanity): SCORED");
    Run mine = palmares("status");
    assertThat(mine.out()).contains(SLUG + " (team CLI team):").contains(id);

    Run board = palmares("leaderboard", "--challenge", SLUG, "--phase", "sanity");
    assertThat(board.exit()).isZero();
    assertThat(board.out()).contains("CLI team").contains("roc_auc");
  }

  @Test
  void aRefusalIsShownAsTheApisMessage() throws Exception {
    String api = new JsonObject(platform.http().upload(SLUG, "nope", token,
        java.net.http.HttpRequest.BodyPublishers.ofString("x")).body()).getJsonObject("error").getString("message");

    Run refused = palmares("submit", "--challenge", SLUG, "--phase", "nope", IMAGE);

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("palmares: " + api + " (HTTP 4");
  }

  @Test
  void missingImagesAndTokensAreSaidBeforeAnythingIsSent() throws Exception {
    Run noImage = palmares("submit", "--challenge", SLUG, "--phase", "sanity", "palmares/no-such-image:never");
    assertThat(noImage.exit()).isEqualTo(1);
    assertThat(noImage.err()).contains("there is no image palmares/no-such-image:never in the local Docker engine");

    Run noToken = palmares("status", "--token", "not-a-token");
    assertThat(noToken.exit()).isEqualTo(1);
    assertThat(noToken.err()).contains("unknown, revoked or expired token").contains("HTTP 401");
  }

}
