package org.palmares.platform.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.palmares.evaluator.protocol.Job;
import org.palmares.platform.Platform;
import org.palmares.platform.http.EdgeLimits;
import org.palmares.platform.storage.DataFolder;
import org.palmares.platform.storage.MongoConnection;
import org.palmares.platform.submission.SubmissionService;
import org.palmares.platform.testing.Fixtures;

/**
 * Board benchmark (issue 10; a command, not a test). Seeds a data folder with {@link ScaleSeed}
 * (copies of a real scored submission), starts the platform on it (the one-off build of the board
 * from the archive is part of that start, and timed), then, interleaved in the same run:
 * <ul>
 *   <li>{@code wrk} against the platform's board and against a bare Vert.x handler (its own Vert.x
 *       instance in this process) serving the same bytes with the same content type and ETag: the
 *       baseline is the fastest way to serve those bytes with Vert.x;</li>
 *   <li>report → updated board: from the start of a result's report to an HTTP GET that returns
 *       the changed board (new ETag);</li>
 *   <li>100, 1,000, 5,000 spectators ({@link SseSpectators}, a separate process) told of a change:
 *       from the start of the report to each stream's arrival of {@code event: board}; and the
 *       platform's heap and RSS per open stream.</li>
 * </ul>
 * Command: {@code scripts/scale-benchmark.sh board [SCORED] [TEAMS]} (default 100000 1000; needs {@code wrk}),
 * run by {@code scripts/scale-benchmark.sh} on a copy of its seeded folder ({@code BoardBenchmark SCORED TEAMS
 * DATA_DIR}). "Fan-out" is from the report's return (the board is updated and published by then) to each
 * stream's arrival: the spectators' share of the figure.
 */
public final class BoardBenchmark {
  private static final String SLUG = ScaleSeed.SLUG;
  private static final String BOARD = "/api/challenges/" + SLUG + "/leaderboard?phase=" + ScaleSeed.PHASE;
  private static final int CHANGES_PER_SIZE = 5;
  /** Queued submissions the run reports (20 report -> board, 5 per audience of spectators, 5 spare). */
  public static final int QUEUED = 20 + 3 * CHANGES_PER_SIZE + 5;

  private BoardBenchmark() {}

  public static void main(String[] args) throws Exception {
    int scored = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int teams = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int[] audiences = {100, 1000, 5000};
    Path data;
    if (args.length > 2) {
      // a folder seeded by scripts/scale-benchmark.sh (with at least QUEUED queued submissions)
      data = Path.of(args[2]);
    } else {
      data = Files.createTempDirectory("palmares-board-bench").resolve("data");
      long t0 = System.nanoTime();
      try (MongoConnection mongo = MongoConnection.open(null, DataFolder.open(data))) {
        ScaleSeed.seed(mongo.database(), ScaleSeed.demoChallenge(), new ScaleSeed.Plan(scored, teams, QUEUED,
            Instant.parse("2026-03-01T00:00:00Z")));
      }
      System.out.printf(Locale.ROOT, "seeded %d scored + %d queued submissions over %d teams in %.1f s%n", scored,
          QUEUED, teams, seconds(t0));
    }
    long t1 = System.nanoTime();
    try (Platform platform = Platform.start(Platform.Settings.defaults(data, Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false), EdgeLimits.defaults().withMaxConnectionsPerAddress(20_000)
        // the load and the spectators come from one address
        .withRates(org.palmares.platform.http.RateLimits.defaults()
            .with("reads.address=100000000/second,streams.address=1000000/second").withStreamsPerClient(20_000)))) {
      System.out.printf(Locale.ROOT, "platform started (board built once from the archive) in %.1f s%n", seconds(t1));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + platform.port();
      HttpResponse<byte[]> board = http.send(HttpRequest.newBuilder(URI.create(base + BOARD)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      System.out.printf(Locale.ROOT, "board: %d, %d bytes, %s%n", board.statusCode(), board.body().length,
          board.headers().firstValue("ETag").orElse("?"));
      Vertx bareVertx = Vertx.vertx();
      Buffer bytes = Buffer.buffer(board.body());
      String etag = board.headers().firstValue("ETag").orElseThrow();
      HttpServer bare = bareVertx.createHttpServer().requestHandler(req -> req.response()
          .putHeader("Content-Type", "application/json; charset=utf-8").putHeader("ETag", etag).end(bytes))
          .listen(0).await(10, TimeUnit.SECONDS);
      String bareUrl = "http://127.0.0.1:" + bare.actualPort() + BOARD;

      serving(base + BOARD, bareUrl);
      SubmissionService queue = platform.submissions();
      reportToBoard(queue, http, base, 20);
      System.out.println();
      System.out.println("| spectators | told | p50 ms | p99 ms | max ms | fan-out p50 ms | fan-out p99 ms "
          + "| heap KiB/client | RSS KiB/client |");
      System.out.println("|---|---|---|---|---|---|---|---|---|");
      for (int n : audiences) {
        spectators(platform, queue, n);
      }
      boardUpdateAlone(platform);
      bareVertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static void serving(String platformUrl, String bareUrl) throws Exception {
    wrk(platformUrl, 2); // warm-up of both
    wrk(bareUrl, 2);
    DescriptiveStatistics ratio = new DescriptiveStatistics();
    System.out.println();
    System.out.println("| round | server | req/s | p50 ms | p99 ms |");
    System.out.println("|---|---|---|---|---|");
    for (int round = 1; round <= 3; round++) {
      double[] p = wrk(platformUrl, 5);
      double[] b = wrk(bareUrl, 5);
      System.out.printf(Locale.ROOT, "| %d | platform board | %.0f | %.2f | %.2f |%n", round, p[0], p[1], p[2]);
      System.out.printf(Locale.ROOT, "| %d | bare Vert.x, same bytes | %.0f | %.2f | %.2f |%n", round, b[0], b[1], b[2]);
      ratio.addValue(p[0] / b[0]);
    }
    System.out.printf(Locale.ROOT, "throughput ratio platform/bare: median %.2f (min %.2f, max %.2f)%n",
        ratio.getPercentile(50), ratio.getMin(), ratio.getMax());
  }

  /** {@code wrk -t1 -c16}: requests per second, p50 and p99 in ms. */
  private static double[] wrk(String url, int seconds) throws Exception {
    Process p = new ProcessBuilder("wrk", "-t1", "-c16", "-d" + seconds + "s", "--latency", url)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
    if (!rps.find() || out.contains("Non-2xx")) {
      throw new IllegalStateException("wrk: " + out);
    }
    return new double[] {Double.parseDouble(rps.group(1)), percentile(out, "50%"), percentile(out, "99%")};
  }

  private static double percentile(String wrk, String which) {
    Matcher m = Pattern.compile(which.replace("%", "%") + "\\s+([0-9.]+)(us|ms|s)").matcher(wrk);
    if (!m.find()) {
      throw new IllegalStateException("no " + which + " in " + wrk);
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
  }

  /** Reports {@code n} results and times each until a GET returns the changed board. */
  private static void reportToBoard(SubmissionService queue, HttpClient http, String base, int n)
      throws Exception {
    DescriptiveStatistics ms = new DescriptiveStatistics();
    DescriptiveStatistics reportCall = new DescriptiveStatistics();
    for (int i = 0; i < n; i++) {
      String before = etag(http, base);
      Job job = leased(queue);
      long start = System.nanoTime();
      report(queue, job);
      reportCall.addValue((System.nanoTime() - start) / 1e6);
      String after = etag(http, base);
      while (after.equals(before)) {
        if (System.nanoTime() - start > 5_000_000_000L) {
          throw new IllegalStateException("the board did not change within 5 s of a report");
        }
        after = etag(http, base);
      }
      ms.addValue((System.nanoTime() - start) / 1e6);
    }
    System.out.printf(Locale.ROOT, "%nreport -> changed board served (%d results): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        n, ms.getPercentile(50), ms.getPercentile(99), ms.getMax());
    System.out.printf(Locale.ROOT, "of which SubmissionService#report (fenced store + board update): p50 %.2f ms, "
        + "max %.2f ms%n", reportCall.getPercentile(50), reportCall.getMax());
  }

  private static String etag(HttpClient http, String base) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + BOARD)).build(), HttpResponse.BodyHandlers.discarding())
        .headers().firstValue("ETag").orElseThrow();
  }

  /**
   * One queued submission leased and reported with a perfect score: seeded scores are below 1 and
   * queued submissions go to the teams in turn, so each report changes its team's entry.
   */
  private static void report(SubmissionService queue, Job job) {
    queue.report(job.submissionId(), "bench", job.attempt(), Fixtures.scored(1.0, 0.9));
  }

  /** The next queued submission, leased before the clock starts (leasing is not part of these figures). */
  private static Job leased(SubmissionService queue) {
    return queue.lease("bench", null).orElseThrow(() -> new IllegalStateException("no queued submission left"));
  }

  private static void spectators(Platform platform, SubmissionService queue, int n)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    System.gc();
    long heapBefore = heapUsed();
    long rssBefore = rssKiB();
    Process child = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
        SseSpectators.class.getName(), String.valueOf(platform.port()), SLUG, String.valueOf(n))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
    String ready = out.readLine();
    if (ready == null || !ready.startsWith("READY")) {
      throw new IllegalStateException("spectators did not start: " + ready);
    }
    System.gc();
    long heapPerClient = (heapUsed() - heapBefore) / 1024 / n;
    long rssPerClient = (rssKiB() - rssBefore) / n;
    DescriptiveStatistics ms = new DescriptiveStatistics();
    DescriptiveStatistics fanOut = new DescriptiveStatistics();
    long told = 0;
    var c = platform.services().challenges().find(SLUG).orElseThrow();
    var phase = c.phase(ScaleSeed.PHASE).orElseThrow();
    for (int i = 0; i < CHANGES_PER_SIZE; i++) {
      Job job = leased(queue);
      long start = SseSpectators.micros();
      report(queue, job);
      // the report has stored the result and updated the board, which is published before it returns
      long reported = SseSpectators.micros();
      long version = platform.services().leaderboards().view(c, phase,
          org.palmares.platform.leaderboard.LeaderboardService.Part.PUBLIC).version();
      Thread.sleep(Math.max(500, n / 5)); // let every stream hear of it
      in.println("DUMP " + version);
      String[] line = out.readLine().split(" ");
      told += Long.parseLong(line[2]);
      if (line.length > 3) {
        for (String a : line[3].split(",")) {
          if (!a.isEmpty()) {
            ms.addValue((Long.parseLong(a) - start) / 1000.0);
            fanOut.addValue(Math.max(0, Long.parseLong(a) - reported) / 1000.0);
          }
        }
      }
    }
    in.println("QUIT");
    child.waitFor(30, TimeUnit.SECONDS);
    System.out.printf(Locale.ROOT, "| %d (%s) | %d of %d | %.1f | %.1f | %.1f | %.1f | %.1f | %d | %d |%n", n,
        ready.substring(6), told, (long) n * CHANGES_PER_SIZE, ms.getPercentile(50), ms.getPercentile(99), ms.getMax(),
        fanOut.getPercentile(50), fanOut.getPercentile(99), heapPerClient, rssPerClient);
  }

  /**
   * The board's own share of a report: {@code BoardStore#anticipate} (replace one fact, write the
   * team's document and the board's version, re-rank 1,000 teams, encode and tag both parts), for
   * results of a team that has none yet (ids that exist only on the board: done last).
   */
  private static void boardUpdateAlone(Platform platform) {
    var store = platform.services().leaderboards();
    var c = platform.services().challenges().find(SLUG).orElseThrow();
    var phase = c.phase(ScaleSeed.PHASE).orElseThrow();
    DescriptiveStatistics ms = new DescriptiveStatistics();
    var scores = Fixtures.scored(1.0, 0.9).scores();
    for (int i = 0; i < 20; i++) {
      var s = new org.palmares.platform.submission.Submission("sub_board_only_" + i, SLUG, phase.name(),
          "team_board_only", "board-only", null, "f".repeat(64), "sha256:" + "f".repeat(64), 1,
          org.palmares.platform.submission.SubmissionStatus.SCORED, 1, null, null, c.evaluationSpec(phase),
          Instant.now(), null, Instant.now(), "SUCCEEDED", null, true, scores, null, 1.0, null);
      long start = System.nanoTime();
      store.anticipate(s);
      ms.addValue((System.nanoTime() - start) / 1e6);
    }
    System.out.printf(Locale.ROOT, "%nboard update alone (BoardStore#anticipate, 20 results): p50 %.2f ms, p99 %.2f ms%n",
        ms.getPercentile(50), ms.getPercentile(99));
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rssKiB() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
