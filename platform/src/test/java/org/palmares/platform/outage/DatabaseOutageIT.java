package org.palmares.platform.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.DatabaseServer;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.ImageArchives;
import org.palmares.platform.testing.People;

/**
 * The platform (the packaged jar, with its in-process evaluator) on {@code MONGODB_URI}, a
 * database server in a process of its own that is killed (-9) while an upload is in flight and
 * started again on the same port and data. While it is away the API answers 503 with
 * {@code Retry-After} in the error shape and pages say so; the refused upload leaves no file and
 * gets its quota slot back; the evaluator and the periodic tasks log the outage once rather than
 * at every try; and when the database is back everything works again without a restart.
 */
class DatabaseOutageIT {
  private static final String SLUG = "outage-demo";

  @TempDir Path work;
  private final List<Process> processes = new ArrayList<>();
  private DatabaseServer database;

  @AfterEach
  void stopAll() throws Exception {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if (database != null) {
      database.stop();
    }
    // kept for whoever reads a failure: what the platform said during the outage
    Path kept = Files.createDirectories(Path.of("target", "outage-logs"));
    for (String name : List.of("platform.log", "mongo.log")) {
      if (Files.exists(work.resolve(name))) {
        Files.copy(work.resolve(name), kept.resolve("DatabaseOutageIT-" + name),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Process serve(int port, String mongoUri, Path log) throws IOException {
    Path jar = Fixtures.repoRoot().resolve("platform/target/palmares.jar");
    assertThat(jar).as("the packaged jar (mvn package)").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString(), "serve", "--port", String.valueOf(port),
        "--data", work.resolve("data").toString(), "--challenges", work.resolve("challenges").toString(),
        "--lease-seconds", "8")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("MONGODB_URI", mongoUri);
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private static void awaitHealthy(Http http, Process p) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
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

  /** The archive's first half, then (once {@code go} opens) the rest: an upload in flight. */
  private static InputStream stalled(byte[] archive, CountDownLatch go) {
    return new InputStream() {
      private int at;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (at >= archive.length) {
          return -1;
        }
        if (at >= archive.length / 2) {
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
        }
        int limit = at < archive.length / 2 ? archive.length / 2 : archive.length;
        int n = Math.min(len, limit - at);
        System.arraycopy(archive, at, b, off, n);
        at += n;
        return n;
      }
    };
  }

  @Test
  void whileTheDatabaseIsAwayTheApiAndPagesSay503AndNothingIsLostAndAllRecoversWhenItReturns() throws Exception {
    // one submission a day in the final phase: uploads after the outage pass only if the refused one gave its slot back
    Bundles.demoCopy(work.resolve("challenges"), SLUG,
        y -> y.replace("quota: {perDay: 5, total: 100}", "quota: {perDay: 1, total: 100}"));
    database = new DatabaseServer(work.resolve("mongo"), freePort(), work.resolve("mongo.log")).start();
    int port = freePort();
    Http http = new Http(port);
    Path log = work.resolve("platform.log");
    Process platform = serve(port, database.uri(), log);
    awaitHealthy(http, platform);
    String email = "outage-" + System.nanoTime() + "@example.org";
    String token = http.signUp(SLUG, "team-outage", email);
    Http.WebSession browser = http.logIn(email, People.PASSWORD);
    Path incoming = work.resolve("data/blobs/incoming");
    Path small = ImageArchives.fake(work.resolve("small.tar"), 256 * 1024);

    // an upload in flight: its quota slot is taken, half its body is in
    CountDownLatch rest = new CountDownLatch(1);
    byte[] archive = Files.readAllBytes(ImageArchives.fake(work.resolve("inflight.tar"), 2 * 1024 * 1024));
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/challenges/" + SLUG + "/submissions?phase=final"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> stalled(archive, rest))).build(),
        HttpResponse.BodyHandlers.ofString());
    awaitFileIn(incoming);

    database.kill();

    HttpResponse<String> api = http.get("/api/challenges/" + SLUG + "/submissions", token);
    assertThat(api.statusCode()).as(api.body()).isEqualTo(503);
    assertThat(api.headers().firstValue("Retry-After")).isPresent();
    assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonObject error = new JsonObject(api.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("database_unavailable");
    assertThat(error.getString("message")).contains("try again");

    HttpResponse<String> page = http.getPage("/account", browser.cookie());
    assertThat(page.statusCode()).isEqualTo(503);
    assertThat(page.headers().firstValue("Retry-After")).isPresent();
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("<html lang=\"en\"").contains("database is not answering");
    HttpResponse<String> pageFr = http.getPage("/account?lang=fr", browser.cookie());
    assertThat(pageFr.statusCode()).isEqualTo(503);
    assertThat(pageFr.body()).contains("<html lang=\"fr\"").contains("Rien n'est perdu");

    HttpResponse<String> newUpload = http.upload(SLUG, token, small);
    assertThat(newUpload.statusCode()).as(newUpload.body()).isEqualTo(503);

    rest.countDown();
    HttpResponse<String> refused = inFlight.get(60, TimeUnit.SECONDS);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code")).isEqualTo("database_unavailable");
    assertThat(filesIn(incoming)).as("the refused upload's file is removed").isEmpty();

    // stay away long enough for every periodic task and evaluator worker to fail several times
    Thread.sleep(25_000);
    database = new DatabaseServer(work.resolve("mongo"), database.port(), work.resolve("mongo.log")).start();

    HttpResponse<String> back = awaitStatus(http, "/api/challenges/" + SLUG + "/submissions", token, 200);
    assertThat(new JsonObject(back.body()).getString("team")).as("written before the kill, still there")
        .isEqualTo("team-outage");
    assertThat(http.getPage("/account", browser.cookie()).statusCode()).isEqualTo(200);
    HttpResponse<String> accepted = awaitUploadAccepted(http, token, small);
    assertThat(accepted.statusCode()).as("the refused upload's quota slot came back: " + accepted.body())
        .isEqualTo(202);

    String logged = awaitLogged(log, "reaches the platform again");
    Matcher workers = Pattern.compile("started: (\\d+) worker").matcher(logged);
    assertThat(workers.find()).as(logged).isTrue();
    assertThat(count(logged, "could not talk to the platform")).as("one warning per evaluator worker, not one per try")
        .isBetween(1, Integer.parseInt(workers.group(1)));
    assertThat(count(logged, "Lease expiry failed")).as(logged).isEqualTo(1);
    assertThat(count(logged, "Quota reconciliation failed")).as(logged).isEqualTo(1);
    assertThat(logged).doesNotContain("Unexpected failure");
    assertThat(awaitLogged(log, "Lease expiry works again")).contains("Quota reconciliation works again");
  }

  private static void awaitFileIn(Path dir) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      if (Files.isDirectory(dir) && !filesIn(dir).isEmpty()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the upload never started streaming into " + dir);
  }

  private static List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  private static HttpResponse<String> awaitStatus(Http http, String path, String token, int status) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    HttpResponse<String> last = null;
    while (Instant.now().isBefore(deadline)) {
      last = http.get(path, token);
      if (last.statusCode() == status) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("still " + last.statusCode() + " " + last.body());
  }

  /** Uploads until accepted: the slot comes back at the next reconciliation (every couple of seconds). */
  private static HttpResponse<String> awaitUploadAccepted(Http http, String token, Path archive) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    HttpResponse<String> last = null;
    while (Instant.now().isBefore(deadline)) {
      last = http.upload(SLUG, token, archive);
      if (last.statusCode() != 429) {
        return last;
      }
      Thread.sleep(500);
    }
    return last;
  }

  private static String awaitLogged(Path log, String text) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    String logged = "";
    while (Instant.now().isBefore(deadline)) {
      logged = Files.readString(log);
      if (logged.contains(text)) {
        return logged;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the platform never logged '" + text + "':\n" + logged);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
      n++;
    }
    return n;
  }
}
