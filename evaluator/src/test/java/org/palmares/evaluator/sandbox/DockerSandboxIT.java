package org.palmares.evaluator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.palmares.evaluator.protocol.SandboxLimits;
import org.palmares.evaluator.testing.SandboxRuntimes;
import org.palmares.evaluator.testing.TestImages;

/** The sandbox against the real Docker engine, with well-behaved and hostile images, under each runtime offered. */
class DockerSandboxIT {
  private static final String OWNER = "sbx-sandbox-it";
  private static final long CAP = 1024 * 1024;
  private static final long TMP = 16L * 1024 * 1024;
  private static final long SHM = 8L * 1024 * 1024;
  private static final SandboxLimits LIMITS = new SandboxLimits(1.0, 256L * 1024 * 1024, 10, CAP, 64, TMP,
      16 * 1024, SHM);
  private static final Map<String, DockerSandbox> SANDBOXES = new ConcurrentHashMap<>();

  private static DockerClient docker;

  @TempDir Path work;
  private Path input;
  private Path output;

  static List<String> runtimes() {
    return SandboxRuntimes.offered();
  }

  @BeforeAll
  static void engine() {
    docker = TestImages.docker();
  }

  @BeforeEach
  void folders() throws IOException {
    input = work.resolve("test-inputs.csv");
    Files.writeString(input, "id,mean_radius\ncase-0001,12.5\ncase-0002,20.1\ncase-0003,9.8\n");
    output = Files.createDirectory(work.resolve("output"));
  }

  @AfterEach
  void noContainerIsLeftBehind() {
    assertThat(docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(DockerSandbox.OWNER_LABEL, OWNER)).exec()).isEmpty();
    assertThat(docker.listVolumesCmd().withFilter("label", List.of(DockerSandbox.OWNER_LABEL + "=" + OWNER)).exec()
        .getVolumes()).isNullOrEmpty();
  }

  private static DockerSandbox sandbox(String runtime) {
    return SANDBOXES.computeIfAbsent(runtime,
        r -> new DockerSandbox(docker, OWNER, Clock.systemUTC(), r, DockerSandbox.OrphanPolicy.DEFAULT));
  }

  private SandboxResult run(String runtime, String image) {
    SandboxResult result = sandbox(runtime).run(SandboxRun.of(TestImages.hostile(image), input, "test-inputs.csv",
        output, LIMITS, Map.of("org.palmares.test", "true")));
    assertThat(result.runtime()).isEqualTo(runtime);
    return result;
  }

  private static final String THREE_PREDICTIONS = "id,malignant\ncase-0001,0.5\ncase-0002,0.5\ncase-0003,0.5\n";

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void aWellBehavedImageRunsAsNobodyWithOnlyItsInputAndNoPlatformEnvironment(String runtime) throws IOException {
    SandboxResult result = run(runtime, "echo-input");

    assertThat(result.outcome()).as(result.logTail()).isEqualTo(new RunOutcome.Succeeded());
    assertThat(Files.readString(output.resolve("predictions.csv"))).isEqualTo(THREE_PREDICTIONS);
    assertThat(result.logTail()).contains("user=65534");
    // The JVM running the evaluator has these; the sandbox must not.
    assertThat(result.logTail()).doesNotContain("JAVA_HOME", "DOCKER_HOST", "MONGODB_URI", "MAVEN");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void anImageThatTriesTheNetworkFindsNone(String runtime) {
    SandboxResult result = run(runtime, "network");

    assertThat(result.outcome()).isEqualTo(new RunOutcome.ExitedNonZero(3));
    assertThat(result.logTail()).contains("no network");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void anImageThatAllocatesPastItsLimitIsOomKilled(String runtime) {
    SandboxResult result = run(runtime, "memory-hog");

    assertThat(result.outcome()).isEqualTo(new RunOutcome.OomKilled(256));
    assertThat(result.outcome().sentence()).contains("256 MiB", "OOMKilled");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void anImageThatNeverExitsIsKilledAtTheWallClockLimit(String runtime) {
    SandboxResult result = run(runtime, "sleeper");

    assertThat(result.outcome()).isEqualTo(new RunOutcome.TimedOut(10));
    assertThat(result.elapsed()).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
    assertThat(result.outcome().sentence()).contains("10 s wall-clock limit");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void aForkBombIsHeldByThePidsLimitOrTheMemoryLimitAndTheEngineStaysHealthy(String runtime) throws IOException {
    SandboxResult result = run(runtime, "fork-bomb");

    // runc: the pids limit holds it until the wall clock. runsc: every sandboxed process costs the sandbox
    // kernel memory, so the memory limit stops it first; either way the sentence names the real limit.
    if (runtime.equals(DockerSandbox.RUNC)) {
      assertThat(result.outcome()).isEqualTo(new RunOutcome.TimedOut(10));
    } else {
      assertThat(result.outcome()).isIn(new RunOutcome.TimedOut(10), new RunOutcome.OomKilled(256));
    }
    // the engine and this JVM are still healthy: a normal run right after works
    Files.walk(output).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(output))
        .forEach(p -> p.toFile().delete());
    assertThat(run(runtime, "echo-input").outcome()).isEqualTo(new RunOutcome.Succeeded());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void anImageThatFloodsTheOutputIsStoppedAtTheOutputCap(String runtime) {
    SandboxResult result = run(runtime, "output-flood");

    assertThat(result.outcome()).isEqualTo(new RunOutcome.OutputTooLarge(CAP));
    assertThat(result.outcome().sentence()).contains("1 MiB output limit");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void anOutputFloodMeetsNoSpaceLeftAtTheCapAndTakesNoMoreThanTheCapOnTheHost(String runtime) throws IOException {
    SandboxResult result = run(runtime, "sbx-output-flood");

    assertThat(result.outcome()).isEqualTo(new RunOutcome.OutputTooLarge(CAP));
    assertThat(refusedAfter(result.logTail())).isBetween(CAP, CAP + DockerSandbox.OUTPUT_TMPFS_SLACK);
    assertThat(bytesUnder(work)).isLessThanOrEqualTo(CAP + 1024 * 1024);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void aModelUsingTempfileAndJoblibUnderTmpIsScored(String runtime) throws IOException {
    SandboxResult result = run(runtime, "sbx-tmp-joblib");

    assertThat(result.outcome()).as(result.logTail()).isEqualTo(new RunOutcome.Succeeded());
    assertThat(result.logTail()).contains("tmp=/tmp", "bias=0.5");
    assertThat(Files.readString(output.resolve("predictions.csv"))).isEqualTo(THREE_PREDICTIONS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void aTmpFloodStopsAtTheTmpCapAndThePredictionsWrittenAfterAreStillHandedBack(String runtime) throws IOException {
    SandboxResult result = run(runtime, "sbx-tmp-flood");

    assertThat(result.outcome()).as(result.logTail()).isEqualTo(new RunOutcome.Succeeded());
    assertThat(refusedAfter(result.logTail())).isPositive().isLessThanOrEqualTo(TMP);
    assertThat(Files.readString(output.resolve("predictions.csv"))).isEqualTo(THREE_PREDICTIONS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void devShmIsSizedByThePhase(String runtime) throws IOException {
    SandboxResult result = run(runtime, "sbx-shm-flood");

    assertThat(result.outcome()).as(result.logTail()).isEqualTo(new RunOutcome.Succeeded());
    assertThat(result.logTail()).contains("size of /dev/shm: " + SHM + " bytes");
    assertThat(refusedAfter(result.logTail())).isPositive().isLessThanOrEqualTo(SHM);
    assertThat(Files.readString(output.resolve("predictions.csv"))).isEqualTo(THREE_PREDICTIONS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void theMountsShowNoHostPathOfTheSiteOrOfItsWorkFolders(String runtime) {
    SandboxResult result = run(runtime, "sbx-mountinfo");

    assertThat(result.outcome()).isEqualTo(new RunOutcome.Succeeded());
    assertThat(result.logTail()).contains(" /input ").contains(" /output ")
        .doesNotContain(work.toString(), input.toString(), TestImages.repoRoot().toString(),
            System.getProperty("user.dir"), System.getProperty("java.io.tmpdir") + "/junit");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void aCommandNamedByItsBareNameRunsTheImagesOwnProgramNotTheSupervisorsBusybox(String runtime) {
    SandboxResult result = run(runtime, "sbx-bare-command");

    assertThat(result.outcome()).as(result.logTail()).isEqualTo(new RunOutcome.Succeeded());
    assertThat(result.logTail()).contains("GNU coreutils");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimes")
  void anImageThatExitsNonZeroSaysSoWithItsCode(String runtime) {
    SandboxResult result = run(runtime, "exit-nonzero");

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

    assertThat(sandbox(DockerSandbox.RUNC).reapOrphans()).isEqualTo(1);
  }

  @Test
  void aReapTakesTheOrphansOfAnyEvaluatorButNotWhatALiveOneStillRuns() throws InterruptedException {
    String image = TestImages.hostile("sleeper");
    long now = java.time.Instant.now().getEpochSecond();
    String live = startedSleeper(image, "sbx-reap-live", now + 600);
    String pastDeadline = startedSleeper(image, "sbx-reap-past", now - 60);
    String neverStarted = docker.createContainerCmd(image).withLabels(Map.of(DockerSandbox.MANAGED_LABEL, "true",
        DockerSandbox.OWNER_LABEL, "sbx-reap-unstarted", DockerSandbox.DEADLINE_LABEL, String.valueOf(now + 600)))
        .exec().getId();
    try {
      Duration grace = Duration.ofSeconds(5);
      Thread.sleep(grace.plusSeconds(1));
      // exited: the default 30 s, so that the exited containers of other evaluators on this engine are safe
      new DockerSandbox(docker, "sbx-reaper", Clock.systemUTC(), DockerSandbox.RUNC,
          new DockerSandbox.OrphanPolicy(grace, Duration.ofSeconds(30), grace)).reapOrphans(false);

      List<String> left = docker.listContainersCmd().withShowAll(true)
          .withLabelFilter(Map.of(DockerSandbox.MANAGED_LABEL, "true")).exec().stream().map(c -> c.getId()).toList();
      assertThat(left).contains(live).doesNotContain(pastDeadline, neverStarted);
    } finally {
      docker.removeContainerCmd(live).withForce(true).exec();
    }
  }

  private static String startedSleeper(String image, String owner, long deadline) {
    String id = docker.createContainerCmd(image).withLabels(Map.of(DockerSandbox.MANAGED_LABEL, "true",
        DockerSandbox.OWNER_LABEL, owner, DockerSandbox.DEADLINE_LABEL, String.valueOf(deadline)))
        .withNetworkDisabled(true).exec().getId();
    docker.startContainerCmd(id).exec();
    return id;
  }

  /** The byte count a flood image prints when the kernel refused its write with ENOSPC, or -1. */
  private static long refusedAfter(String log) {
    Matcher m = Pattern.compile("refused: ENOSPC after (\\d+) bytes").matcher(log);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static long bytesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
