package org.palmares.platform.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.DatabaseServer;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.ImageArchives;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.PlatformProcess;
import org.palmares.platform.testing.StalledUpload;

/**
 * The platform (the packaged jar, with its in-process evaluator) on {@code MONGODB_URI}, a
 * database server in a process of its own that is killed (-9) while an upload is in flight and
 * started again on the same port and data. While it is away the API answers 503 with
 * {@code Retry-After} in the error shape and pages say so; the refused upload leaves no file and
 * gets its quota slot back; a run in progress keeps its lease and delivers its report once the
 * database is back (scored at its first attempt); the evaluator and the periodic tasks log the
 * outage once rather than at every try; and everything works again without a restart.
 */
class DatabaseOutageIT {
  private static final String SLUG = "outage-demo";

  @TempDir Path work;
  private PlatformProcess platform;
  private DatabaseServer database;

  @AfterEach
  void stopAll() throws Exception {
    if (platform != null) {
      platform.stop();
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

  @Test
  void whileTheDatabaseIsAwayTheApiAndPagesSay503AndNothingIsLostAndAllRecoversWhenItReturns() throws Exception {
    // two submissions a day in the final phase: the one running through the outage, and one more after it only if
    // the upload refused during the outage gave its slot back
    Bundles.demoCopy(work.resolve("challenges"), SLUG,
        y -> y.replace("quota: {perDay: 5, total: 100}", "quota: {perDay: 2, total: 100}"));
    TestImages.build(Fixtures.repoRoot().resolve("platform/src/test/docker/slow-constant"),
        "palmares-test/slow-constant:latest");
    Path slow = TestImages.save("palmares-test/slow-constant:latest", work.resolve("slow.tar"));
    database = new DatabaseServer(work.resolve("mongo"), PlatformProcess.freePort(), work.resolve("mongo.log")).start();
    int port = PlatformProcess.freePort();
    Path log = work.resolve("platform.log");
    platform = PlatformProcess.serve(port, work.resolve("data"), work.resolve("challenges"), log,
        Map.of("MONGODB_URI", database.uri()), "--lease-seconds", "8");
    Http http = platform.http();
    String email = "outage-" + System.nanoTime() + "@example.org";
    String token = http.signUp(SLUG, "team-outage", email);
    Http.WebSession browser = http.logIn(email, People.PASSWORD);
    Path incoming = work.resolve("data/blobs/incoming");
    Path small = ImageArchives.fake(work.resolve("small.tar"), 256 * 1024);
    // a run in progress (8 s) when the database goes: its report must not be lost nor its work redone
    String running = new JsonObject(http.upload(SLUG, token, slow).body()).getString("id");
    awaitContainerOf(running);
    StalledUpload inFlight = StalledUpload.start(port, SLUG, "final", token,
        ImageArchives.fake(work.resolve("inflight.tar"), 2 * 1024 * 1024), incoming);

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
    assertThat(pageFr.body()).contains("<html lang=\"fr\"").contains("Rien n’est perdu");

    HttpResponse<String> newUpload = http.upload(SLUG, token, small);
    assertThat(newUpload.statusCode()).as(newUpload.body()).isEqualTo(503);

    HttpResponse<String> refused = inFlight.finish().get(60, TimeUnit.SECONDS);
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
    JsonObject ran = http.pollSubmission(running, token, Duration.ofMinutes(2), Http::terminal);
    assertThat(ran.getString("status")).as(ran.encodePrettily()).isEqualTo("SCORED");
    assertThat(ran.getInteger("attempt")).as("its report was delivered after the outage, not redone").isEqualTo(1);
    HttpResponse<String> accepted = awaitUploadAccepted(http, token, small);
    assertThat(accepted.statusCode()).as("the refused upload's quota slot came back: " + accepted.body())
        .isEqualTo(202);

    String logged = awaitLogged(log, "reaches the platform again");
    Matcher workers = Pattern.compile("started: (\\d+) worker").matcher(logged);
    assertThat(workers.find()).as(logged).isTrue();
    assertThat(count(logged, "could not talk to the platform")).as("one warning per evaluator worker, not one per try")
        .isBetween(1, Integer.parseInt(workers.group(1)));
    assertThat(count(logged, "Lease expiry failed")).as(logged).isEqualTo(1);
    assertThat(count(logged, "Heartbeat for " + running + " failed")).as(logged).isEqualTo(1);
    assertThat(count(logged, "Quota reconciliation failed")).as(logged).isEqualTo(1);
    assertThat(logged).doesNotContain("Unexpected failure");
    assertThat(awaitLogged(log, "Lease expiry works again")).contains("Quota reconciliation works again");
  }

  private static void awaitContainerOf(String submissionId) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (!TestImages.docker().listContainersCmd()
          .withLabelFilter(Map.of("org.palmares.submission", submissionId)).exec().isEmpty()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no sandbox container started for " + submissionId);
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
