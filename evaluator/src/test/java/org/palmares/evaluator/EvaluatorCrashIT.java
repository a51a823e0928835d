package org.palmares.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.palmares.evaluator.protocol.Capacity;
import org.palmares.evaluator.sandbox.DockerImages;
import org.palmares.evaluator.sandbox.DockerSandbox;
import org.palmares.evaluator.testing.SandboxRuntimes;
import org.palmares.evaluator.testing.TestImages;

/**
 * An evaluator killed with {@code kill -9} in the middle of a run: its sandbox still ends by its
 * deadline with nobody watching, and the next evaluator on the engine, whatever its name, removes
 * the container, its input volume and the run folder.
 */
class EvaluatorCrashIT {
  private static final long WALL_CLOCK = 8;

  @TempDir Path work;

  static List<String> runtimes() {
    return SandboxRuntimes.offered();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void aSandboxOutlivesNoKilledEvaluatorAndTheNextEvaluatorReapsItAndItsRunFolder(String runtime)
      throws Exception {
    DockerClient docker = TestImages.docker();
    String image = TestImages.hostile("sleeper");
    String victim = "sbx-victim-" + runtime + "-" + ProcessHandle.current().pid();
    Path workDir = Files.createDirectories(work.resolve("evaluator-work"));
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), EvaluatorVictim.class.getName(),
        workDir.toString(), victim, runtime, image, String.valueOf(WALL_CLOCK))
        .redirectErrorStream(true).redirectOutput(work.resolve("victim.log").toFile()).start();
    Container running;
    try {
      running = awaitRunningContainerOf(docker, victim, Duration.ofSeconds(90));
      assertThat(runFolders(workDir)).hasSize(1);
    } finally {
      process.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
      process.waitFor();
    }
    Instant deadline = Instant.ofEpochSecond(Long.parseLong(running.getLabels().get(DockerSandbox.DEADLINE_LABEL)));

    sleepUntil(deadline);
    var state = docker.inspectContainerCmd(running.getId()).exec().getState();
    assertThat(state.getRunning()).as("running past its deadline with its evaluator dead").isFalse();
    assertThat(state.getExitCodeLong()).isEqualTo(137L); // the supervisor's kill at the wall clock

    // The successor's policy is shorter than the default (30 s) to keep the test short, but not so short that
    // it could take the containers of other evaluators sharing this engine between their exit and their removal.
    Duration grace = Duration.ofSeconds(5);
    Thread.sleep(grace.plusMillis(500));
    DockerSandbox successorSandbox = new DockerSandbox(docker, "sbx-successor", Clock.systemUTC(), runtime,
        new DockerSandbox.OrphanPolicy(grace, grace, grace));
    try (Evaluator successor = new Evaluator(
        new Evaluator.Settings("sbx-successor", "sbx-successor#1", workDir, 1, Duration.ofSeconds(5),
            Duration.ofSeconds(5)),
        new EvaluatorIT.InMemoryChannel(0, () -> {
          throw new IOException("no job");
        }), successorSandbox, new DockerImages(docker), new SiteData(TestImages.repoRoot().resolve("challenges")),
        new Capacity(1, 1024L * 1024 * 1024))) {
      successor.start();

      assertThat(docker.listContainersCmd().withShowAll(true)
          .withLabelFilter(Map.of(DockerSandbox.OWNER_LABEL, victim)).exec()).isEmpty();
      assertThat(docker.listVolumesCmd().withFilter("label", List.of(DockerSandbox.OWNER_LABEL + "=" + victim))
          .exec().getVolumes()).isNullOrEmpty();
      assertThat(runFolders(workDir)).isEmpty();
    }
  }

  private static Container awaitRunningContainerOf(DockerClient docker, String owner, Duration patience)
      throws InterruptedException {
    Instant giveUp = Instant.now().plus(patience);
    while (Instant.now().isBefore(giveUp)) {
      List<Container> running = docker.listContainersCmd()
          .withLabelFilter(Map.of(DockerSandbox.OWNER_LABEL, owner)).exec();
      if (!running.isEmpty()) {
        return running.get(0);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the victim evaluator never started its sandbox");
  }

  private static List<Path> runFolders(Path workDir) throws IOException {
    try (Stream<Path> entries = Files.list(workDir)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("run-")).toList();
    }
  }

  private static void sleepUntil(Instant when) throws InterruptedException {
    long millis = Duration.between(Instant.now(), when).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}
