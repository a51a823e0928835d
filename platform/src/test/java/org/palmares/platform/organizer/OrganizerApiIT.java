package org.palmares.platform.organizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.Bundles;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.Tarballs;

/** Organizers create and update challenges from bundle archives, over HTTP, with real scoring in between. */
class OrganizerApiIT {
  private static final String SLUG = "organized";

  @TempDir static Path work;
  private static Platform platform;
  private static Http http;
  private static String admin;
  private static String stranger;
  private static int counter;

  @BeforeAll
  static void start() throws Exception {
    TestImages.requireBaseImages();
    Files.createDirectories(work.resolve("challenges"));
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), work.resolve("challenges")).withPort(0));
    http = new Http(platform.port());
    admin = People.admin(platform, "Ada Admin");
    stranger = People.organizer(platform, "Olga Other", List.of("another-challenge"));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  /** A bundle archive of the demo challenge as {@code slug}, its yaml edited. */
  private static Path bundle(String slug, java.util.function.UnaryOperator<String> edit) throws Exception {
    Path dir = Bundles.demoCopy(work.resolve("src" + (++counter)), slug, edit);
    return Tarballs.of(dir, work.resolve("bundle" + counter + ".tgz"));
  }

  @Test
  void anAdminCreatesAChallengeThenUpdatesItWhileScoresStayComparable() throws Exception {
    HttpResponse<String> created = http.send("POST", "/api/challenges", admin, bundle(SLUG, y -> y));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(new JsonObject(created.body()).getInteger("version")).isEqualTo(1);
    assertThat(http.get("/api/challenges/" + SLUG, null).statusCode()).isEqualTo(200);
    assertThat(http.send("POST", "/api/challenges", admin, bundle(SLUG, y -> y)).statusCode()).isEqualTo(409);

    // a team scores in the final phase
    String team = People.competitor(platform, SLUG, "team-one");
    Path image = TestImages.save("palmares/baseline-constant:latest", work.resolve("constant.tar"));
    String id = new JsonObject(http.upload(SLUG, team, java.net.http.HttpRequest.BodyPublishers.ofFile(image)).body())
        .getString("id");
    assertThat(http.pollSubmission(id, team, Duration.ofMinutes(3), Http::terminal).getString("status"))
        .isEqualTo("SCORED");

    // texts, dates and quotas may change...
    HttpResponse<String> retitled = http.send("PUT", "/api/challenges/" + SLUG, admin,
        bundle(SLUG, y -> y.replace("quota: {perDay: 5, total: 100}", "quota: {perDay: 8, total: 100}")
            .replace("en: Final phase", "en: Final phase (extended quota)")));
    assertThat(retitled.statusCode()).as(retitled.body()).isEqualTo(200);
    assertThat(new JsonObject(retitled.body()).getInteger("version")).isEqualTo(2);
    assertThat(http.get("/api/challenges/" + SLUG, null).body()).contains("extended quota");

    // ...but not how the scored phase is scored
    HttpResponse<String> resplit = http.send("PUT", "/api/challenges/" + SLUG, admin,
        bundle(SLUG, y -> y.replace("split: {publicFraction: 0.5, seed: 7}", "split: {publicFraction: 0.3, seed: 7}")));
    assertThat(resplit.statusCode()).isEqualTo(409);
    assertThat(new JsonObject(resplit.body()).getJsonObject("error").getString("message"))
        .contains("phase final has 1 scored submission(s)").contains("split");
    Path relabelled = Bundles.demoCopy(work.resolve("relabel"), SLUG, y -> y);
    List<String> labels = Files.readAllLines(relabelled.resolve("hidden/test-labels.csv"));
    labels.set(1, labels.get(1).endsWith(",M") ? labels.get(1).replace(",M", ",B") : labels.get(1).replace(",B", ",M"));
    Files.write(relabelled.resolve("hidden/test-labels.csv"), labels);
    HttpResponse<String> relabel = http.send("PUT", "/api/challenges/" + SLUG, admin,
        Tarballs.of(relabelled, work.resolve("relabel.tgz")));
    assertThat(relabel.statusCode()).isEqualTo(409);
    assertThat(relabel.body()).contains("hidden labels' content");

    JsonObject versions = new JsonObject(http.get("/api/challenges/" + SLUG + "/versions", admin).body());
    assertThat(versions.getJsonArray("versions")).hasSize(2);
    assertThat(versions.getJsonArray("versions").getJsonObject(0).getString("by")).startsWith("Ada Admin <");
  }

  @Test
  void twentySimultaneousSubmissionsFromOneTeamAgainstAQuotaOfThreeAcceptExactlyThree() throws Exception {
    // from two members of the team at once: the quota is the team's, not a person's
    assertThat(http.send("POST", "/api/challenges", admin, bundle("racing",
        y -> y.replace("quota: {perDay: 5, total: 100}", "quota: {perDay: 5, total: 3}"))).statusCode()).isEqualTo(201);
    String team = People.competitor(platform, "racing", "racers");
    String teamMate = People.competitor(platform, "racing", "racers");
    Path gz = work.resolve("constant-race.tar.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(TestImages.save("palmares/baseline-constant:latest", work.resolve("race.tar")), out);
    }

    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(20)) {
      for (int i = 0; i < 20; i++) {
        String token = i % 2 == 0 ? team : teamMate;
        statuses.add(pool.submit(() -> {
          go.await();
          return http.upload("racing", token, java.net.http.HttpRequest.BodyPublishers.ofFile(gz)).statusCode();
        }));
      }
      go.countDown();
      List<Integer> codes = new java.util.ArrayList<>();
      for (var f : statuses) {
        codes.add(f.get());
      }
      assertThat(codes).filteredOn(c -> c == 202).hasSize(3);
      assertThat(codes).filteredOn(c -> c == 429).hasSize(17);
    }
    assertThat(new JsonObject(http.get("/api/challenges/racing/submissions", team).body()).getJsonArray("submissions"))
        .hasSize(3);
    assertThat(new JsonObject(http.get("/api/challenges/racing/submissions", teamMate).body())
        .getJsonArray("submissions")).hasSize(3);
  }

  @Test
  void organizersSeeEverythingDisqualifyAndRerunWhileNothingPrivateLeaksToOthers() throws Exception {
    assertThat(http.send("POST", "/api/challenges", admin, bundle("moderated", y -> y)).statusCode()).isEqualTo(201);
    String team = People.competitor(platform, "moderated", "team-m");
    String other = People.competitor(platform, "moderated", "team-n");
    Path logreg = TestImages.save("palmares/baseline-logreg:latest", work.resolve("logreg.tar"));
    String id = new JsonObject(http.upload("moderated", team, java.net.http.HttpRequest.BodyPublishers.ofFile(logreg))
        .body()).getString("id");
    assertThat(http.pollSubmission(id, team, Duration.ofMinutes(3), Http::terminal).getString("status"))
        .isEqualTo("SCORED");

    // organizers: both parts at full precision and the log
    JsonObject view = new JsonObject(http.get("/api/organizer/challenges/moderated/submissions?phase=final", admin).body());
    JsonObject mine = view.getJsonArray("submissions").getJsonObject(0);
    assertThat(mine.containsKey("logTail")).isTrue();
    assertThat(mine.getString("submittedBy")).startsWith("member of team-m <").endsWith("@example.org>");
    double privateAuc = mine.getJsonObject("scores").getJsonObject("private").getJsonObject("metrics")
        .getJsonObject("roc_auc").getDouble("value");
    assertThat(view.getValue("next")).as("one page holds the phase").isNull();
    // paged: older than the only one is an empty page; a cursor that is no id is refused, never a 500
    assertThat(new JsonObject(http.get("/api/organizer/challenges/moderated/submissions?phase=final&before=" + id,
        admin).body()).getJsonArray("submissions")).isEmpty();
    HttpResponse<String> badCursor = http.get("/api/organizer/challenges/moderated/submissions?before=%7B%24gt%7D",
        admin);
    assertThat(badCursor.statusCode()).isEqualTo(400);
    assertThat(badCursor.body()).contains("bad_before");
    assertThat(http.get("/api/organizer/challenges/moderated/submissions", stranger).statusCode()).isEqualTo(403);
    assertThat(http.get("/api/organizer/challenges/moderated/submissions", team).statusCode()).isEqualTo(403);

    // nobody else sees the private part before the reveal, nor the log of a final-phase run
    String privateShown = String.valueOf(org.palmares.platform.leaderboard.LeaderboardService.round(privateAuc, 4));
    double publicAuc = mine.getJsonObject("scores").getJsonObject("public").getJsonObject("metrics")
        .getJsonObject("roc_auc").getDouble("value");
    for (String body : List.of(
        http.get("/api/challenges/moderated/leaderboard", null).body(),
        http.get("/challenges/moderated", null).body(),
        http.get("/api/challenges/moderated/submissions", team).body(),
        http.get("/api/submissions/" + id, team).body())) {
      assertThat(body).doesNotContain("\"private\"").doesNotContain("logTail").doesNotContain("Private leaderboard (final")
          .doesNotContain("submittedBy").doesNotContain("@example.org");
      if (Math.abs(privateAuc - publicAuc) > 1e-4) {
        assertThat(body).doesNotContain(privateShown);
      }
    }
    assertThat(http.get("/api/submissions/" + id, other).statusCode()).isEqualTo(404);
    assertThat(http.get("/api/challenges/moderated/leaderboard?part=private", null).statusCode()).isEqualTo(403);

    // disqualification takes the team off the board, and is audited
    HttpResponse<String> dq = http.sendJson("POST", "/api/organizer/submissions/" + id + "/disqualify", admin,
        "{\"reason\": \"used the test labels\"}");
    assertThat(dq.statusCode()).as(dq.body()).isEqualTo(200);
    assertThat(new JsonObject(http.get("/api/challenges/moderated/leaderboard", null).body()).getJsonArray("entries"))
        .isEmpty();

    // an explicit re-run scores it again, as a new attempt
    HttpResponse<String> rerun = http.sendJson("POST", "/api/organizer/submissions/" + id + "/rerun", admin, "{}");
    assertThat(rerun.statusCode()).as(rerun.body()).isEqualTo(202);
    JsonObject again = http.pollSubmission(id, team, Duration.ofMinutes(3), s -> "SCORED".equals(s.getString("status"))
        && s.getInteger("attempt") == 2);
    assertThat(again.getInteger("attempt")).isEqualTo(2);

    JsonObject audit = new JsonObject(http.get("/api/organizer/challenges/moderated/audit", admin).body());
    assertThat(audit.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("action")).toList())
        .containsExactly("rerun", "disqualify", "create challenge");
    assertThat(audit.getJsonArray("entries").getJsonObject(1).getString("detail")).isEqualTo("used the test labels");
    assertThat(http.get("/api/organizer/challenges/moderated/audit", stranger).statusCode()).isEqualTo(403);
  }

  @Test
  void anInvalidBundleIsRefusedWithEveryProblemLocated() throws Exception {
    HttpResponse<String> r = http.send("POST", "/api/challenges", admin, bundle("broken-one",
        y -> y.replace("metrics: [roc_auc,", "metrics: [roc_acu,")));

    assertThat(r.statusCode()).isEqualTo(422);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getJsonArray("problems").getString(0)).matches("challenge\\.yaml:\\d+: metrics\\[0\\]: .*roc_acu.*");
    assertThat(http.get("/api/challenges/broken-one", null).statusCode()).isEqualTo(404);
  }

  @Test
  void anArchiveReachingOutsideTheBundleIsRefused() throws Exception {
    Path evil = Tarballs.single("../../etc/cron.d/evil", "* * * * * root true", work.resolve("evil.tgz"));

    HttpResponse<String> r = http.send("POST", "/api/challenges", admin, evil);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("message")).contains("outside the bundle");
  }

  @Test
  void onlyOrganizersOfAChallengeMayChangeItOrReadItsVersions() throws Exception {
    http.send("POST", "/api/challenges", admin, bundle("guarded", y -> y));

    assertThat(http.send("POST", "/api/challenges", stranger, bundle("mine", y -> y)).statusCode()).isEqualTo(403);
    assertThat(http.send("PUT", "/api/challenges/guarded", stranger, bundle("guarded", y -> y)).statusCode())
        .isEqualTo(403);
    assertThat(http.send("PUT", "/api/challenges/guarded", null, bundle("guarded", y -> y)).statusCode()).isEqualTo(401);
    assertThat(http.get("/api/challenges/guarded/versions", stranger).statusCode()).isEqualTo(403);
    String teamToken = People.competitor(platform, "guarded", "a-team");
    assertThat(http.send("PUT", "/api/challenges/guarded", teamToken, bundle("guarded", y -> y)).statusCode())
        .isEqualTo(403);
  }
}
