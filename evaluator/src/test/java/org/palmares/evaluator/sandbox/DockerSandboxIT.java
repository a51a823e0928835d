package org.palmares.evaluator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.SandboxLimits;
import org.palmares.evaluator.testing.TestImages;

/** The sandbox against the real Docker engine, with well-behaved and hostile images. */
class DockerSandboxIT {
  private static final String OWNER = "sandbox-it";
  private static final SandboxLimits LIMITS = new SandboxLimits(1.0, 256L * 1024 * 1024, 10,
      1024 * 1024, 64, 16L * 1024 * 1024, 16 * 1024);

  private static DockerClient docker;
  private static DockerSandbox sandbox;

  @TempDir Path work;
  private Path input;
  private Path output;

  @BeforeAll
  static void engine() {
    docker = TestImages.docker();
    sandbox = new DockerSandbox(docker, OWNER, Clock.systemUTC());
  }

  @BeforeEach
  void folders() throws IOException {
    input = work.resolve("test-inputs.csv");
    Files.writeString(input, "id,mean_radius\ncase-0001,12.5\ncase-0002,20.1\ncase-0003,9.8\n");
    output = work.resolve("output");
    Files.createDirectory(output);
    Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rwxrwxrwx"));
  }

  @AfterEach
  void noContainerIsLeftBehind() {
    assertThat(docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(DockerSandbox.OWNER_LABEL, OWNER)).exec()).isEmpty();
  }

  private SandboxResult run(String image) {
    return sandbox.run(SandboxRun.of(TestImages.hostile(image), input, "test-inputs.csv", output, LIMITS,
        Map.of("org.palmares.test", "true")));
  }

  @Test
  void aWellBehavedImageRunsAsNobodyWithOnlyItsInputAndNoPlatformEnvironment() throws IOException {
    SandboxResult result = run("echo-input");

    assertThat(result.outcome()).isEqualTo(new RunOutcome.Succeeded());
    assertThat(Files.readString(output.resolve("predictions.csv")))
        .isEqualTo("id,malignant\ncase-0001,0.5\ncase-0002,0.5\ncase-0003,0.5\n");
    assertThat(result.logTail()).contains("user=65534");
    // The JVM running the evaluator has these; the sandbox must not.
    assertThat(result.logTail()).doesNotContain("JAVA_HOME", "DOCKER_HOST", "MONGODB_URI", "MAVEN");
  }

  @Test
  void anImageThatTriesTheNetworkFindsNone() {
    SandboxResult result = run("network");

    assertThat(result.outcome()).isEqualTo(new RunOutcome.ExitedNonZero(3));
    assertThat(result.logTail()).contains("no network");
  }

  @Test
  void anImageThatAllocatesPastItsLimitIsOomKilled() {
    SandboxResult result = run("memory-hog");

    assertThat(result.outcome()).isEqualTo(new RunOutcome.OomKilled(256));
    assertThat(result.outcome().sentence()).contains("256 MiB", "OOMKilled");
  }

  @Test
  void anImageThatNeverExitsIsKilledAtTheWallClockLimit() {
    SandboxResult result = run("sleeper");

    assertThat(result.outcome()).isEqualTo(new RunOutcome.TimedOut(10));
    assertThat(result.elapsed()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
    assertThat(result.outcome().sentence()).contains("10 s wall-clock limit");
  }

  @Test
  void aForkBombIsHeldByThePidsLimitAndStoppedAtTheWallClockLimit() {
    SandboxResult result = run("fork-bomb");

    assertThat(result.outcome()).isEqualTo(new RunOutcome.TimedOut(10));
    // the engine and this JVM are still healthy: a normal run right after works
    assertThat(run("echo-input").outcome()).isEqualTo(new RunOutcome.Succeeded());
  }

  @Test
  void anImageThatFloodsTheOutputIsStoppedAtTheOutputCap() {
    SandboxResult result = run("output-flood");

    assertThat(result.outcome()).isEqualTo(new RunOutcome.OutputTooLarge(1024 * 1024));
    assertThat(result.outcome().sentence()).contains("1 MiB output limit");
  }

  @Test
  void anImageThatExitsNonZeroSaysSoWithItsCode() {
    SandboxResult result = run("exit-nonzero");

    assertThat(result.outcome()).isEqualTo(new RunOutcome.ExitedNonZero(3));
    assertThat(result.outcome().sentence()).contains("exited with code 3");
    assertThat(result.logTail()).contains("model crashed: missing weights");
  }

  @Test
  void containersLeftByACrashAreReapedByLabel() {
    String image = TestImages.hostile("sleeper");
    String orphan = docker.createContainerCmd(image)
        .withLabels(Map.of(DockerSandbox.MANAGED_LABEL, "true", DockerSandbox.OWNER_LABEL, OWNER))
        .exec().getId();
    docker.startContainerCmd(orphan).exec();

    assertThat(sandbox.reapOrphans()).isEqualTo(1);
  }
}
