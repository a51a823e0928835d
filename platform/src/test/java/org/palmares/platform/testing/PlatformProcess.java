package org.palmares.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged platform ({@code palmares.jar serve}) as a real process, to be killed as a crash would. */
public final class PlatformProcess {
  private final Process process;
  private final Http http;

  private PlatformProcess(Process process, int port) {
    this.process = process;
    this.http = new Http(port);
  }

  /** A free TCP port on this machine. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts {@code palmares serve} on {@code port} with {@code data} and {@code challenges}, the
   * extra {@code args} and {@code env}, its output to {@code log}; returns once it is healthy.
   */
  public static PlatformProcess serve(int port, Path data, Path challenges, Path log, Map<String, String> env,
      String... args) throws Exception {
    Path jar = Fixtures.repoRoot().resolve("platform/target/palmares.jar");
    assertThat(jar).as("the packaged jar (mvn package)").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-jar", jar.toString(), "serve", "--port", String.valueOf(port),
        "--data", data.toString(), "--challenges", challenges.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().remove("MONGODB_URI");
    pb.environment().putAll(env);
    PlatformProcess platform = new PlatformProcess(pb.start(), port);
    try {
      platform.awaitHealthy();
    } catch (Exception | AssertionError e) {
      platform.stop();
      throw e;
    }
    return platform;
  }

  /**
   * Runs another {@code palmares} command (e.g. {@code grant-admin --email ...}) on {@code data}, as an
   * operator does beside a running platform; returns its output, failing if it does not exit 0.
   */
  public static String command(Path data, Path challenges, String... args) throws Exception {
    Path jar = Fixtures.repoRoot().resolve("platform/target/palmares.jar");
    String javaCommand = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(javaCommand, "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--data", data.toString(), "--challenges", challenges.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("MONGODB_URI");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("palmares %s ends", args[0]).isTrue();
    assertThat(p.exitValue()).as("palmares %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  private void awaitHealthy() throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as("platform process exited early").isTrue();
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

  public Http http() {
    return http;
  }

  /** SIGKILL: no shutdown hook, no cleanup, as a crash or the OOM killer. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed platform exits").isTrue();
  }

  /** Stops it (SIGTERM, then SIGKILL after 30 s) if it still runs. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
