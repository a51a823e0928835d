package org.palmares.platform.bench;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.Platform;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;

/**
 * Benchmark (a command, not a test): time from an upload being accepted to the submission being
 * SCORED, for the constant baseline, beside a bare {@code docker run} of the same image on the
 * same input, interleaved in the same run. Run with {@code scripts/benchmark.sh [runs]}.
 */
public final class EndToEndBenchmark {
  private static final String SLUG = "breast-cancer-diagnosis";
  private static final String IMAGE = "palmares/baseline-constant:latest";

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path work = Files.createTempDirectory("palmares-bench");
    Path archive = TestImages.save(IMAGE, work.resolve("constant.tar"));
    Path input = Fixtures.repoRoot().resolve("challenges/" + SLUG + "/hidden/test-inputs.csv");
    DescriptiveStatistics platformServer = new DescriptiveStatistics();
    DescriptiveStatistics platformClient = new DescriptiveStatistics();
    DescriptiveStatistics bare = new DescriptiveStatistics();
    // the demo challenge without its quotas, so the benchmark can submit as often as it needs
    Path challenges = work.resolve("challenges");
    org.palmares.platform.testing.Bundles.demoCopy(challenges, SLUG,
        yaml -> yaml.replaceAll("(?m)^\\s*quota: \\{.*}\\s*$\\n", ""));
    try (Platform platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), challenges).withPort(0))) {
      Http http = new Http(platform.port());
      String token = People.competitor(platform, SLUG, "bench");
      bareRun(input, work); // warm-up of both paths (page cache, engine)
      scoredOnce(platform, http, token, archive);
      for (int i = 0; i < runs; i++) {
        bare.addValue(bareRun(input, work));
        double[] t = scoredOnce(platform, http, token, archive);
        platformServer.addValue(t[0]);
        platformClient.addValue(t[1]);
      }
    }
    double overhead = platformServer.getPercentile(50) - bare.getPercentile(50);
    System.out.println();
    System.out.println("| measure (constant baseline, " + runs + " runs) | median s | min s | max s |");
    System.out.println("|---|---|---|---|");
    row("bare `docker run --runtime=" + RUNTIME + "` (mounts only)", bare);
    row("platform: accepted -> SCORED (server timestamps)", platformServer);
    row("platform: 202 received -> SCORED seen by a client polling every 20 ms", platformClient);
    System.out.printf(Locale.ROOT, "%nmedian overhead of the platform over the bare run: %.3f s (target <= 0.5 s)%n", overhead);
  }

  private static void row(String name, DescriptiveStatistics s) {
    System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", name, s.getPercentile(50), s.getMin(), s.getMax());
  }

  /** Returns {server-side accepted->finished, client-side 202->seen SCORED} in seconds. */
  private static double[] scoredOnce(Platform platform, Http http, String token, Path archive) throws Exception {
    var accepted = http.upload(SLUG, token, java.net.http.HttpRequest.BodyPublishers.ofFile(archive));
    long t0 = System.nanoTime();
    if (accepted.statusCode() != 202) {
      throw new IllegalStateException("upload refused: " + accepted.body());
    }
    String id = new JsonObject(accepted.body()).getString("id");
    while (true) {
      JsonObject s = new JsonObject(http.get("/api/submissions/" + id, token).body());
      if (Http.terminal(s)) {
        double client = (System.nanoTime() - t0) / 1e9;
        if (!"SCORED".equals(s.getString("status"))) {
          throw new IllegalStateException("benchmark submission failed: " + s.encode());
        }
        Submission stored = platform.submissions().find(id).orElseThrow();
        double server = Duration.between(stored.createdAt(), stored.finishedAt()).toNanos() / 1e9;
        return new double[] {server, client};
      }
      Thread.sleep(20);
    }
  }

  /** Like with like: the bare run uses the runtime the platform's sandbox picks (gVisor where the engine has it). */
  private static final String RUNTIME = org.palmares.evaluator.sandbox.DockerSandbox.chooseRuntime(
      org.palmares.evaluator.sandbox.DockerClients.fromEnvironment(),
      System.getenv(org.palmares.evaluator.sandbox.DockerSandbox.RUNTIME_ENV));

  private static double bareRun(Path input, Path work) throws Exception {
    Path out = Files.createTempDirectory(work, "bare-");
    // the baseline runs as an unprivileged user, as in the sandbox
    Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    List<String> cmd = new ArrayList<>(List.of("docker", "run", "--rm", "--runtime=" + RUNTIME,
        "-v", input.toAbsolutePath() + ":/input/test-inputs.csv:ro", "-v", out + ":/output", IMAGE));
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("bare docker run failed");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!Files.exists(out.resolve("predictions.csv"))) {
      throw new IllegalStateException("bare run wrote no predictions");
    }
    return seconds;
  }
}
