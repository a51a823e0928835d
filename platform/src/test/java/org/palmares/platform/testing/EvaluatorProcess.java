package org.palmares.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A site's evaluator as a real process ({@code palmares.jar evaluate}): its own site-data folder,
 * work folder, token file and log, talking HTTP to the platform at a URL (directly, or through a
 * {@link TcpProxy} a test cuts). Killed as a crash would, or stopped; started again with the same
 * settings, it is the next incarnation of the same evaluator.
 */
public final class EvaluatorProcess implements AutoCloseable {
  private final List<String> command;
  private final Path log;
  private Process process;

  private EvaluatorProcess(List<String> command, Path log) {
    this.command = command;
    this.log = log;
  }

  /**
   * Starts {@code palmares evaluate --platform URL --token-file TOKEN --challenges SITE_DATA --work
   * FOLDER/work --name NAME}, the extra {@code args} appended; its output goes to {@code FOLDER/evaluator.log}.
   * Returns once the process has said it is leasing.
   */
  public static EvaluatorProcess start(String platformUrl, String token, Path siteData, Path folder, String name,
      String... args) throws Exception {
    Path jar = Fixtures.repoRoot().resolve("platform/target/palmares.jar");
    assertThat(jar).as("the packaged jar (mvn package)").exists();
    Files.createDirectories(folder);
    Path tokenFile = Files.writeString(folder.resolve("token"), token);
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
        jar.toString(), "evaluate", "--platform", platformUrl, "--token-file", tokenFile.toString(),
        "--challenges", siteData.toString(), "--work", folder.resolve("work").toString(), "--data", folder.resolve("data").toString(),
        "--name", name));
    cmd.addAll(List.of(args));
    EvaluatorProcess evaluator = new EvaluatorProcess(List.copyOf(cmd), folder.resolve("evaluator.log"));
    evaluator.launch();
    return evaluator;
  }

  private void launch() throws Exception {
    int startsBefore = countStarts();
    process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    Instant deadline = Instant.now().plusSeconds(60);
    while (countStarts() == startsBefore) {
      assertThat(process.isAlive()).as("evaluator exited early:%n%s", log()).isTrue();
      assertThat(Instant.now()).as("evaluator did not start:%n%s", log()).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private int countStarts() throws IOException {
    return Files.exists(log) ? (int) log().lines().filter(l -> l.contains("is leasing jobs from")).count() : 0;
  }

  /** SIGKILL: no shutdown hook runs, the lease it holds stays with the platform. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed evaluator exits").isTrue();
  }

  /** The same evaluator started again (same name, folders and token): its next incarnation. */
  public void restart() throws Exception {
    assertThat(process.isAlive()).as("restart of a running evaluator").isFalse();
    launch();
  }

  /** Everything the process (and its earlier incarnations) printed. */
  public String log() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /** SIGTERM, then SIGKILL after 30 s, if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Waits up to {@code timeout} for {@code text} in the log. */
  public void awaitLog(String text, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (!log().contains(text)) {
      assertThat(Instant.now()).as("'%s' in the evaluator's log:%n%s", text, log()).isBefore(deadline);
      Thread.sleep(100);
    }
  }
}
