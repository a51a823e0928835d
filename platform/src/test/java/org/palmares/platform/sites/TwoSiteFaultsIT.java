package org.palmares.platform.sites;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.protocol.ProtocolJson;
import org.palmares.evaluator.protocol.Wire;
import org.palmares.evaluator.scoring.Interval;
import org.palmares.evaluator.scoring.MetricValue;
import org.palmares.evaluator.scoring.ScoreReport;
import org.palmares.evaluator.scoring.SplitScores;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.Platform;
import org.palmares.platform.submission.EvaluationStatus;
import org.palmares.platform.submission.LiveJob;
import org.palmares.platform.submission.SiteEvaluation;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.testing.EvaluatorProcess;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.TcpProxy;

/**
 * The faults of a two-site challenge, over real HTTP between the platform and two evaluator
 * PROCESSES ({@code palmares.jar evaluate}), one per site of {@code breast-cancer-two-sites}, each
 * with its own copy of the bundle and its hidden data ({@code sites/nl}, {@code sites/de}), its own
 * work folder and token. The platform runs in the test's process on a clock the test moves, so
 * "hours" pass without sleeping; every wait here is for a real run (about 8 s) or a process.
 */
class TwoSiteFaultsIT {
  private static final String SLUG = "breast-cancer-two-sites";
  private static Path archive;

  @TempDir Path work;
  private final ShiftedClock clock = new ShiftedClock();
  private final List<AutoCloseable> started = new ArrayList<>();
  private Platform platform;
  private Http http;

  @BeforeAll
  static void image(@TempDir Path images) throws Exception {
    TestImages.requireBaseImages();
    TestImages.build(Fixtures.repoRoot().resolve("platform/src/test/docker/slow-risk"), "palmares-test/slow-risk:latest");
    archive = TestImages.save("palmares-test/slow-risk:latest", images.resolve("slow-risk.tar"));
  }

  @AfterEach
  void stopAll() throws Exception {
    for (AutoCloseable c : started.reversed()) {
      c.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  private void startPlatform(Duration lease) throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false).withLease(lease), org.palmares.platform.http.EdgeLimits.defaults(), clock);
    http = new Http(platform.port());
  }

  private String platformUrl() {
    return "http://localhost:" + platform.port() + "/";
  }

  /** A token for {@code site}'s evaluator, made as the platform's operator makes it. */
  private String siteToken(String site) {
    return platform.evaluatorCredentials().create("site-" + site, List.of(SLUG), site, Instant.now()).token();
  }

  /** Site {@code site}'s evaluator process, reaching the platform at {@code url}, with the extra {@code args}. */
  private EvaluatorProcess site(String site, String url, String token, String... args) throws Exception {
    EvaluatorProcess p = EvaluatorProcess.start(url, token, Fixtures.repoRoot().resolve("sites/" + site),
        work.resolve("site-" + site), "site-" + site, args);
    started.add(p);
    return p;
  }

  private EvaluatorProcess site(String site) throws Exception {
    return site(site, platformUrl(), siteToken(site));
  }

  private String upload(String team) throws Exception {
    var r = http.upload(SLUG, team, archive);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return new JsonObject(r.body()).getString("id");
  }

  private Submission stored(String id) {
    return platform.submissions().find(id).orElseThrow();
  }

  private SiteEvaluation at(String id, String site) {
    return stored(id).sites().get(site);
  }

  private JsonObject submissionJson(String id, String team) throws Exception {
    return new JsonObject(http.get("/api/submissions/" + id, team).body());
  }

  private JsonObject pooledBoard() throws Exception {
    return new JsonObject(http.get("/api/challenges/" + SLUG + "/leaderboard?phase=final&site=pooled", null).body());
  }

  /** Waits (real time: runs take seconds) until the evaluation of {@code id} at {@code site} satisfies {@code what}. */
  private SiteEvaluation await(String id, String site, Predicate<SiteEvaluation> what, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      SiteEvaluation e = at(id, site);
      if (what.test(e)) {
        return e;
      }
      assertThat(Instant.now()).as("site %s of %s, now %s", site, id, e).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  private static Predicate<SiteEvaluation> is(EvaluationStatus status) {
    return e -> e.status() == status;
  }

  @Test
  void aSiteOfflineForHoursLeavesItsEvaluationWaitingAndTheBoardPendingUntilItReturns() throws Exception {
    startPlatform(Duration.ofSeconds(60));
    site("nl");
    String deToken = siteToken("de"); // site de's operator has its token, but its evaluator is off
    String team = People.competitor(platform, SLUG, "offline-team");
    String id = upload(team);
    await(id, "nl", is(EvaluationStatus.SCORED), Duration.ofMinutes(2));

    for (int hour = 0; hour < 8; hour++) { // eight hours of lease sweeps, and nobody at site de
      clock.advance(Duration.ofHours(1));
      platform.submissions().expireLeases();
    }

    SiteEvaluation waiting = at(id, "de");
    assertThat(waiting.status()).as("eight hours later, site de's evaluation still waits").isEqualTo(EvaluationStatus.QUEUED);
    assertThat(waiting.attempt()).as("nobody leased it, so no attempt was spent").isZero();
    assertThat(stored(id).status().name()).as("the submission waits for site de").isEqualTo("RUNNING");
    assertThat(submissionJson(id, team).getJsonObject("statusLine").getString("en")).isEqualTo("scored at 1 of 2 sites; pending at site de");
    JsonObject pooled = pooledBoard();
    assertThat(pooled.getBoolean("complete")).as("the pooled board is provisional: %s", pooled.encode()).isFalse();
    assertThat(pooled.getJsonArray("provisional").getJsonObject(0).getJsonArray("pending")).containsExactly("de");

    site("de", platformUrl(), deToken);
    SiteEvaluation back = await(id, "de", is(EvaluationStatus.SCORED), Duration.ofMinutes(2));

    assertThat(back.attempt()).isEqualTo(1);
    assertThat(at(id, "nl").attempt()).as("site nl did not run it again").isEqualTo(1);
    assertThat(stored(id).status().name()).isEqualTo("SCORED");
    assertThat(submissionJson(id, team).getJsonObject("statusLine").getString("en")).isEqualTo("scored at 2 of 2 sites");
    // the board follows the result it was told of (a board update per site result)
    JsonObject complete = pooledBoard();
    for (Instant until = Instant.now().plusSeconds(30); !complete.getBoolean("complete") && Instant.now().isBefore(until); ) {
      Thread.sleep(100);
      complete = pooledBoard();
    }
    assertThat(complete.getBoolean("complete")).as(complete.encode()).isTrue();
    assertThat(complete.getJsonArray("entries")).hasSize(1);
    assertThat(complete.getJsonArray("entries").getJsonObject(0).getJsonObject("pooled").getJsonArray("sites"))
        .containsExactly("nl", "de");
  }

  @Test
  void anEvaluatorKilledMidRunRunsItAgainAtThatSiteOnlyExactlyOnce() throws Exception {
    startPlatform(Duration.ofMinutes(10)); // no lease runs out during this test: only the hand-back re-runs
    EvaluatorProcess nl = site("nl");
    site("de");
    String team = People.competitor(platform, SLUG, "kill-team");
    String id = upload(team);
    awaitContainer(id, "site-nl", true);

    nl.kill();
    nl.restart();
    SiteEvaluation atNl = await(id, "nl", is(EvaluationStatus.SCORED), Duration.ofMinutes(2));
    SiteEvaluation atDe = await(id, "de", is(EvaluationStatus.SCORED), Duration.ofMinutes(2));

    assertThat(atNl.attempt()).as("one run killed at nl, one re-run there").isEqualTo(2);
    assertThat(atDe.attempt()).as("site de ran it once").isEqualTo(1);
    assertThat(nl.log()).contains("Handed back 1 lease(s) of earlier runs");
    assertThat(platform.submissions().ofTeam(SLUG, stored(id).teamId())).as("one submission").hasSize(1);
    awaitContainer(id, "site-nl", false);
  }

  @Test
  void aNetworkCutDuringARunFencesTheLateResultAndTakesTheRetriedRunOnce() throws Exception {
    Duration lease = Duration.ofSeconds(60);
    startPlatform(lease);
    // site nl starts after the clock jump below, which would otherwise run out its lease too
    TcpProxy line = new TcpProxy(platform.port()); // site de's only way to the platform
    started.add(line);
    EvaluatorProcess de = site("de", "http://localhost:" + line.port() + "/", siteToken("de"));
    String team = People.competitor(platform, SLUG, "cut-team");
    String id = upload(team);
    awaitContainer(id, "site-de", true);

    line.cut();
    clock.advance(lease.plusSeconds(1)); // the platform hears nothing from de for longer than its lease
    platform.submissions().expireLeases();
    assertThat(at(id, "de").status()).as("de's lease ran out: its evaluation is queued again")
        .isEqualTo(EvaluationStatus.QUEUED);
    awaitContainer(id, "site-de", false); // de's first run finished behind the cut: its result waits at the site
    line.restore();
    site("nl");

    SiteEvaluation retried = await(id, "de", is(EvaluationStatus.SCORED), Duration.ofMinutes(2));
    assertThat(retried.attempt()).as("the late result of attempt 1 was refused; attempt 2 was taken").isEqualTo(2);
    // the first run's result reaches the platform late (whichever comes first, it or the re-run) and is refused
    de.awaitLog("The platform refused the result of " + id + " attempt 1", Duration.ofSeconds(90));
    assertThat(at(id, "de")).as("the late result changed nothing")
        .extracting(SiteEvaluation::status, SiteEvaluation::attempt).containsExactly(EvaluationStatus.SCORED, 2);
    assertThat(at(id, "nl").attempt()).as("site nl was not affected").isEqualTo(1);
  }

  @Test
  void aSiteCannotReportOrHeartbeatAnotherSitesEvaluation() throws Exception {
    startPlatform(Duration.ofMinutes(10));
    var rogue = platform.evaluatorCredentials().create("site-nl", List.of(SLUG), "nl", Instant.now()); // no process
    var siteless = platform.evaluatorCredentials().create("legacy", List.of(SLUG), null, Instant.now());
    site("de");
    String team = People.competitor(platform, SLUG, "rogue-team");
    String id = upload(team);
    awaitContainer(id, "site-de", true);
    LiveJob atDe = platform.submissions().liveJob(id, "de").orElseThrow();
    // a perfect score, well formed for this challenge: refused for who sends it, not for what it says
    String forged = ProtocolJson.MAPPER.writeValueAsString(new Wire.ReportRequest(atDe.worker(), atDe.attempt(),
        perfectScore()));
    String rogueWorker = rogue.evaluator().id() + atDe.worker().substring(atDe.worker().indexOf(':'));
    String forgedAsNl = ProtocolJson.MAPPER.writeValueAsString(new Wire.ReportRequest(rogueWorker, atDe.attempt(),
        perfectScore()));

    var asDe = post("/api/evaluator/jobs/" + id + "/report", rogue.token(), forged);
    var heartbeat = post("/api/evaluator/jobs/" + id + "/heartbeat", rogue.token(),
        ProtocolJson.MAPPER.writeValueAsString(new Wire.HeartbeatRequest(atDe.worker(), atDe.attempt())));
    var asItself = post("/api/evaluator/jobs/" + id + "/report", rogue.token(), forgedAsNl);
    var withoutSite = post("/api/evaluator/jobs/" + id + "/report", siteless.token(), forged);

    assertThat(asDe.statusCode()).as("nl's token with de's worker: %s", asDe.body()).isEqualTo(403);
    assertThat(heartbeat.statusCode()).as("nl's token keeping de's lease: %s", heartbeat.body()).isEqualTo(403);
    // with its own worker name, nl's token can only address nl's evaluation, which it does not hold
    assertThat(asItself.statusCode()).as(asItself.body()).isEqualTo(200);
    assertThat(ProtocolJson.MAPPER.readValue(asItself.body(), Wire.ReportReply.class).held()).isFalse();
    assertThat(withoutSite.statusCode()).as("a token without a site: %s", withoutSite.body()).isEqualTo(404);
    SiteEvaluation atNl = at(id, "nl");
    assertThat(atNl.status()).as("nothing landed at nl").isEqualTo(EvaluationStatus.QUEUED);
    assertThat(atNl.scores()).isNull();

    SiteEvaluation done = await(id, "de", is(EvaluationStatus.SCORED), Duration.ofMinutes(2));
    assertThat(done.attempt()).isEqualTo(1);
    assertThat(done.scores().publicPart().metrics().get("c_index").value()).as("de's own result, not the forged one")
        .isLessThan(1.0);
  }

  private static JobReport perfectScore() {
    Map<String, MetricValue> metrics = Map.of("c_index", new MetricValue(1.0, new Interval(1.0, 1.0, 1000), null));
    SplitScores part = new SplitScores(343, 150, metrics);
    return new JobReport("SUCCEEDED", "ok", false, new ScoreReport("c_index", part, part), null, 8.0);
  }

  private HttpResponse<String> post(String path, String token, String json) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aManualReleaseSiteWhoseOperatorRejectsWithholdsItsResultWithoutFailingTheTeam() throws Exception {
    startPlatform(Duration.ofMinutes(10));
    site("nl", platformUrl(), siteToken("nl"), "--policy", Fixtures.repoRoot().resolve("sites/nl/policy.yaml").toString());
    Path manual = java.nio.file.Files.writeString(work.resolve("de-policy.yaml"), java.nio.file.Files.readString(
        Fixtures.repoRoot().resolve("sites/de/policy.yaml")).replace("release: automatic", "release: manual"));
    site("de", platformUrl(), siteToken("de"), "--policy", manual.toString());
    String team = People.competitor(platform, SLUG, "withheld-team");
    String id = upload(team);

    SiteEvaluation held = await(id, "de", is(EvaluationStatus.AWAITING_RELEASE), Duration.ofMinutes(2));
    assertThat(held.scores()).as("nothing of de's result has left the site yet").isNull();
    Path outbox = work.resolve("site-de/work/outbox");
    String listed = releaseCli("list", "--outbox", outbox.toString());
    String entry = listed.lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];
    String shown = releaseCli("show", entry, "--outbox", outbox.toString());
    assertThat(shown).as("the bytes the operator is shown hold no test case").contains("c_index").doesNotContain("de-0");
    releaseCli("reject", entry, "--outbox", outbox.toString());

    SiteEvaluation withheld = await(id, "de", is(EvaluationStatus.WITHHELD), Duration.ofMinutes(1));
    await(id, "nl", is(EvaluationStatus.SCORED), Duration.ofMinutes(2));
    assertThat(withheld.message()).contains("Withheld by site de");
    assertThat(withheld.scores()).isNull();
    assertThat(stored(id).status().name()).as("scored at nl; withheld at de is not the team's failure").isEqualTo("SCORED");
    assertThat(stored(id).countsAgainstQuota()).as("the submission counts once").isTrue();
  }

  /** The site operator's release command, as a process of its own; its output. */
  private static String releaseCli(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        Fixtures.repoRoot().resolve("platform/target/palmares.jar").toString(), "org.palmares.evaluator.site.ReleaseCli"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("release %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  /** The system clock, moved on by hand: time passes as usual, and hours pass at once when the test says. */
  private static final class ShiftedClock extends java.time.Clock {
    private volatile Duration shift = Duration.ZERO;

    void advance(Duration d) {
      shift = shift.plus(d);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(shift);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /** Waits until a sandbox of {@code submission} run by evaluator {@code evaluator} is (or is no longer) on the engine. */
  private static void awaitContainer(String submission, String evaluator, boolean present) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      boolean there = !TestImages.docker().listContainersCmd().withShowAll(true)
          .withLabelFilter(Map.of("org.palmares.submission", submission, "org.palmares.evaluator", evaluator))
          .exec().isEmpty();
      if (there == present) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the sandbox of " + submission + " at " + evaluator + (present ? " did not start" : " did not end"));
  }
}
