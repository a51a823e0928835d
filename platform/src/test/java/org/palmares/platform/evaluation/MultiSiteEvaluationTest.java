package org.palmares.platform.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobChannel;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.remote.HttpJobChannel;
import org.palmares.platform.Platform;
import org.palmares.platform.submission.EvaluationStatus;
import org.palmares.platform.submission.Submission;
import org.palmares.platform.submission.SubmissionStatus;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.ImageArchives;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.SiteBundles;

/**
 * A two-site challenge (sites nl and de) over the real HTTP server and the embedded database,
 * each site's evaluator speaking the job protocol with its own token through {@link HttpJobChannel}
 * (no Docker: the reports are written by hand). The platform's lease is long, so only what a test
 * does moves an evaluation.
 */
class MultiSiteEvaluationTest {
  private static final String SLUG = "two-sites";
  private static final String ONE_SITE = "one-site";
  private static JobChannel single;

  @TempDir static Path work;
  private static Platform platform;
  private static Http http;
  private static JobChannel nl;
  private static JobChannel de;
  private static String siteless;
  private static String undeclared;
  private static final AtomicInteger images = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    Path challenges = Files.createDirectories(work.resolve("challenges"));
    Path bundle = SiteBundles.platformCopy(challenges, SLUG);
    org.palmares.platform.testing.Bundles.demoCopy(challenges, ONE_SITE, y -> y);
    // a small total quota per team in phase final, so that counting the submission once (not once per site) shows
    Path yaml = bundle.resolve("challenge.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("quota: {perDay: 5, total: 100}",
        "quota: {perDay: 5, total: 2}"));
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), challenges)
        .withPort(0).withEmbeddedEvaluator(false).withLease(Duration.ofHours(1)));
    http = new Http(platform.port());
    URI base = URI.create("http://localhost:" + platform.port() + "/");
    nl = new HttpJobChannel(base, platform.evaluatorCredentials().create("rotterdam", List.of(SLUG), "nl",
        Instant.now()).token());
    de = new HttpJobChannel(base, platform.evaluatorCredentials().create("gbsg", List.of(SLUG), "de",
        Instant.now()).token());
    siteless = platform.evaluatorCredentials().create("anywhere", List.of(SLUG), null, Instant.now()).token();
    single = new HttpJobChannel(base, platform.evaluatorCredentials().create("hospital", List.of(ONE_SITE), null,
        Instant.now()).token());
    undeclared = platform.evaluatorCredentials().create("quebec", List.of(SLUG), "qc", Instant.now()).token();
  }

  @org.junit.jupiter.api.BeforeEach
  void emptyQueues() {
    drain(); // what an earlier test left queued would be leased first
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void anAcceptedSubmissionBecomesOneEvaluationPerSiteAndCountsOnceAgainstTheQuota() throws Exception {
    String team = People.competitor(platform, SLUG, "fan-out");
    String first = submit(team);
    String second = submit(team);

    Submission s = platform.submissions().find(first).orElseThrow();
    assertThat(s.sites().keySet()).containsExactly("nl", "de");
    assertThat(s.sites().values()).allMatch(e -> e.status() == EvaluationStatus.QUEUED);
    assertThat(s.status()).isEqualTo(SubmissionStatus.QUEUED);
    assertThat(platform.submissions().liveJob(first, "nl")).isPresent();
    assertThat(platform.submissions().liveJob(first, "de")).isPresent();
    assertThat(platform.submissions().liveJob(first, null)).as("no single-site job").isEmpty();
    assertThat(platform.submissions().lease("in-process#1/1", null))
        .as("the evaluator inside the platform serves single-site challenges only").isEmpty();
    assertThat(platform.submissions().liveJob(second, "de")).isPresent();

    // four jobs, two submissions: the team's total of 2 is used up
    HttpResponse<String> third = http.upload(SLUG, team, ImageArchives.fake(work.resolve("third.tar"), 7));
    assertThat(third.statusCode()).as(third.body()).isEqualTo(429);
    drain(); // leave the queue empty for the other tests
  }

  @Test
  void aSitesTokenLeasesOnlyItsOwnSitesEvaluationAndCannotHeartbeatOrReportAnothers() throws Exception {
    String team = People.competitor(platform, SLUG, "tokens");
    String id = submit(team);

    assertThat(post("/api/evaluator/lease", siteless, "{\"worker\":\"any#1/1\"}").statusCode())
        .as("a token without a site serves single-site challenges only").isEqualTo(204);
    assertThat(post("/api/evaluator/lease", undeclared, "{\"worker\":\"qc#1/1\"}").statusCode()).isEqualTo(204);

    Job atNl = nl.lease("nl#1/1", null).orElseThrow();
    Job atDe = de.lease("de#1/1", null).orElseThrow();
    assertThat(atNl.submissionId()).isEqualTo(id);
    assertThat(atDe.submissionId()).isEqualTo(id);
    assertThat(atNl.site()).isEqualTo("nl");
    assertThat(atDe.site()).isEqualTo("de");
    assertThat(nl.lease("nl#1/2", null)).as("nl's one evaluation is leased").isEmpty();

    // nl's token presenting de's lease: not one of its workers
    assertThatThrownBy(() -> nl.heartbeat(atDe)).isInstanceOf(JobChannel.RefusedException.class)
        .hasMessageContaining("403");
    assertThatThrownBy(() -> nl.report(atDe, Fixtures.scored(0.9, 0.9)))
        .isInstanceOf(JobChannel.RefusedException.class).hasMessageContaining("403");
    // with its own worker name and de's attempt, it still addresses nl's evaluation only: de's lease is untouched
    Job forged = new Job(id, atDe.attempt(), atNl.worker(), atDe.imageId(), atDe.imageDigest(), atDe.spec(), 0, "de");
    assertThat(nl.heartbeat(forged)).isTrue(); // nl's own lease, held at the same attempt number
    assertThat(platform.submissions().find(id).orElseThrow().sites().get("de").status())
        .isEqualTo(EvaluationStatus.RUNNING);
    // tokens that serve no site of it do not see the submission at all
    assertThat(post("/api/evaluator/jobs/" + id + "/heartbeat", siteless,
        "{\"worker\":\"x\",\"attempt\":1}").statusCode()).isEqualTo(404);
    assertThat(post("/api/evaluator/jobs/" + id + "/report", undeclared,
        "{\"worker\":\"x\",\"attempt\":1,\"report\":{}}").statusCode()).isEqualTo(404);

    assertThat(nl.report(atNl, Fixtures.scored(0.81, 0.8))).isTrue();
    Submission half = platform.submissions().find(id).orElseThrow();
    assertThat(half.sites().get("nl").status()).isEqualTo(EvaluationStatus.SCORED);
    assertThat(half.sites().get("nl").scores().publicPart().metrics().get("roc_auc").value()).isEqualTo(0.81);
    assertThat(half.sites().get("de").status()).isEqualTo(EvaluationStatus.RUNNING);
    assertThat(half.status()).isEqualTo(SubmissionStatus.RUNNING);
    JsonObject view = new JsonObject(http.get("/api/submissions/" + id, team).body());
    assertThat(view.getJsonObject("statusLine").getString("en")).isEqualTo("scored at 1 of 2 sites; pending at site de");
    assertThat(view.getJsonObject("statusLine").getString("fr")).isEqualTo("évaluée sur 1 site sur 2; en attente au site de");
    JsonArray sites = view.getJsonArray("sites");
    assertThat(sites.getJsonObject(0).getString("site")).isEqualTo("nl");
    assertThat(sites.getJsonObject(0).getJsonObject("scores").containsKey("private")).as("never to a team").isFalse();
    assertThat(sites.getJsonObject(1).getString("status")).isEqualTo("RUNNING");

    assertThat(de.report(atDe, Fixtures.scored(0.71, 0.7))).isTrue();
    assertThat(de.report(atDe, Fixtures.scored(0.71, 0.7))).as("a repeated report is harmless").isTrue();
    Submission done = platform.submissions().find(id).orElseThrow();
    assertThat(done.status()).isEqualTo(SubmissionStatus.SCORED);
    assertThat(done.sites().get("nl").scores().publicPart().metrics().get("roc_auc").value())
        .as("de's result did not touch nl's").isEqualTo(0.81);
    assertThat(new JsonObject(http.get("/api/submissions/" + id, team).body()).getJsonObject("statusLine")
        .getString("en")).isEqualTo("scored at 2 of 2 sites");
    // the per-site and pooled boards are built on BoardHook elsewhere; the phase's board takes the change and answers
    HttpResponse<String> board = http.get("/api/challenges/" + SLUG + "/leaderboard?phase=final", null);
    assertThat(board.statusCode()).as(board.body()).isEqualTo(200);
  }

  @Test
  void aManualReleaseSiteApprovesOrWithholdsAndARefusalIsTheSitesNotTheTeams() throws Exception {
    String team = People.competitor(platform, SLUG, "release");
    String approved = submit(team);
    String withheld = submit(team);

    Job nl1 = leaseFor(nl, "nl#1/1", approved);
    assertThat(nl.report(nl1, JobReport.awaitingRelease("waits for the operator", 2.5, "runsc"))).isTrue();
    assertThat(nl.report(nl1, JobReport.awaitingRelease("waits for the operator", 2.5, "runsc")))
        .as("repeated").isTrue();
    assertThat(nl.heartbeat(nl1)).as("no lease any more: it left the queue").isFalse();
    Submission waiting = platform.submissions().find(approved).orElseThrow();
    assertThat(waiting.sites().get("nl").status()).isEqualTo(EvaluationStatus.AWAITING_RELEASE);
    assertThat(waiting.sites().get("nl").scores()).isNull();
    assertThat(line(team, approved)).isEqualTo("pending at site de; awaiting the release of its result at site nl");

    assertThat(de.release(nl1, Fixtures.scored(0.9, 0.9))).as("another site cannot release nl's").isFalse();
    assertThatThrownBy(() -> nl.release(nl1, JobReport.evaluatorError("no scores")))
        .isInstanceOf(JobChannel.RefusedException.class);
    assertThat(nl.release(nl1, Fixtures.scored(0.77, 0.76))).isTrue();
    assertThat(nl.release(nl1, Fixtures.scored(0.77, 0.76))).as("idempotent").isTrue();
    assertThat(platform.submissions().find(approved).orElseThrow().sites().get("nl").status())
        .isEqualTo(EvaluationStatus.SCORED);

    assertThat(de.report(leaseFor(de, "de#1/1", approved), Fixtures.scored(0.7, 0.7))).isTrue();
    assertThat(platform.submissions().find(approved).orElseThrow().status()).isEqualTo(SubmissionStatus.SCORED);

    Job nl2 = leaseFor(nl, "nl#1/2", withheld);
    assertThat(nl.report(nl2, JobReport.awaitingRelease("waits", 1, "runsc"))).isTrue();
    assertThat(nl.release(nl2, null)).isTrue();
    Job de2 = leaseFor(de, "de#1/2", withheld);
    assertThat(de.report(de2, JobReport.refusedBySite("the image asks 8 CPUs; this site allows 4"))).isTrue();
    Submission none = platform.submissions().find(withheld).orElseThrow();
    assertThat(none.sites().get("nl").status()).isEqualTo(EvaluationStatus.WITHHELD);
    assertThat(none.sites().get("de").status()).isEqualTo(EvaluationStatus.REFUSED);
    assertThat(none.sites().get("de").message()).isEqualTo("the image asks 8 CPUs; this site allows 4");
    assertThat(none.status()).isEqualTo(SubmissionStatus.FAILED);
    assertThat(none.countsAgainstQuota()).as("the sites' doing, not the team's").isFalse();
    assertThat(line(team, withheld)).isEqualTo("scored at 0 of 2 sites; withheld by site nl; refused by site de"
        + " (the site’s policy, not a failure of your submission)");
    JsonObject teamView = new JsonObject(http.get("/api/submissions/" + withheld, team).body());
    assertThat(teamView.getJsonArray("sites").getJsonObject(1).containsKey("message"))
        .as("a refusal's reason is for organizers").isFalse();

    // the slot came back once: one more upload fits in the total of 2, a second does not
    assertThat(http.upload(SLUG, team, ImageArchives.fake(work.resolve("again-1.tar"), 11)).statusCode())
        .isEqualTo(202);
    assertThat(http.upload(SLUG, team, ImageArchives.fake(work.resolve("again-2.tar"), 12)).statusCode())
        .isEqualTo(429);
    drain();
  }

  @Test
  void aSubmissionPageSaysWhereThingsStandInTheTeamsLanguage() throws Exception {
    String email = "page-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    String team = http.signUp(SLUG, "page", email);
    Http.WebSession session = http.logIn(email, People.PASSWORD);
    String id = submit(team);
    Job atDe = leaseFor(de, "de#2/1", id);
    assertThat(de.report(atDe, Fixtures.scored(0.7, 0.7))).isTrue();
    assertThat(page(session, id, "en")).contains("scored at 1 of 2 sites; pending at site nl")
        .contains("data-site=\"de\"");
    assertThat(page(session, id, "fr")).contains("évaluée sur 1 site sur 2; en attente au site nl");
    drain();
  }

  private static String page(Http.WebSession who, String id, String language) throws Exception {
    HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            URI.create("http://localhost:" + platform.port() + "/submissions/" + id))
        .header("Cookie", who.cookie()).header("Accept-Language", language).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void anOrganizersRerunQueuesTheSubmissionAgainAtEverySiteWithAttemptsGoingOn() throws Exception {
    String team = People.competitor(platform, SLUG, "rerun");
    String id = submit(team);
    assertThat(nl.report(leaseFor(nl, "nl#3/1", id), Fixtures.scored(0.6, 0.6))).isTrue();
    assertThat(de.report(leaseFor(de, "de#3/1", id), JobReport.refusedBySite("closed for maintenance"))).isTrue();
    Submission before = platform.submissions().find(id).orElseThrow();
    assertThat(before.status()).isEqualTo(SubmissionStatus.SCORED);

    assertThat(platform.submissions().rerun(id, before.spec())).isTrue();
    Submission queued = platform.submissions().find(id).orElseThrow();
    assertThat(queued.status()).isEqualTo(SubmissionStatus.QUEUED);
    assertThat(queued.sites().values()).allMatch(e -> e.status() == EvaluationStatus.QUEUED && e.scores() == null);
    assertThat(leaseFor(nl, "nl#3/2", id).attempt()).isEqualTo(2);
    assertThat(leaseFor(de, "de#3/2", id).attempt()).isEqualTo(2);
  }

  @Test
  void aSingleSiteChallengesSiteMayHoldAResultForReleaseOrRefuseAJobToo() throws Exception {
    String team = People.competitor(platform, ONE_SITE, "single");
    String held = submit(ONE_SITE, team);
    String withheld = submit(ONE_SITE, team);
    String refused = submit(ONE_SITE, team);

    Job first = single.lease("one#1/1", null).orElseThrow();
    assertThat(first.submissionId()).isEqualTo(held);
    assertThat(first.site()).isNull();
    assertThat(single.report(first, JobReport.awaitingRelease("waits", 1, "runsc"))).isTrue();
    assertThat(platform.submissions().find(held).orElseThrow().status()).isEqualTo(SubmissionStatus.RUNNING);
    assertThat(single.release(first, Fixtures.scored(0.66, 0.65))).isTrue();
    Submission scored = platform.submissions().find(held).orElseThrow();
    assertThat(scored.status()).isEqualTo(SubmissionStatus.SCORED);
    assertThat(scored.scores().publicPart().metrics().get("roc_auc").value()).isEqualTo(0.66);
    assertThat(scored.sites()).isEmpty();

    Job second = single.lease("one#1/2", null).orElseThrow();
    assertThat(single.report(second, JobReport.awaitingRelease("waits", 1, "runsc"))).isTrue();
    assertThat(single.release(second, null)).isTrue();
    Submission kept = platform.submissions().find(withheld).orElseThrow();
    assertThat(kept.status()).isEqualTo(SubmissionStatus.FAILED);
    assertThat(kept.outcome()).isEqualTo("WITHHELD");
    assertThat(kept.message()).startsWith("Withheld by the site").contains("not a failure of your submission");
    assertThat(kept.countsAgainstQuota()).isFalse();

    Job third = single.lease("one#1/3", null).orElseThrow();
    assertThat(single.report(third, JobReport.refusedBySite("images above 2 GiB are not accepted here"))).isTrue();
    Submission no = platform.submissions().find(refused).orElseThrow();
    assertThat(no.status()).isEqualTo(SubmissionStatus.FAILED);
    assertThat(no.outcome()).isEqualTo(JobReport.REFUSED_BY_SITE);
    assertThat(no.countsAgainstQuota()).isFalse();
  }

  /** Leases, at one site, the evaluation of {@code id} (other sites' queues are left alone). */
  private static Job leaseFor(JobChannel site, String worker, String id) {
    Job job = site.lease(worker, null).orElseThrow();
    assertThat(job.submissionId()).isEqualTo(id);
    return job;
  }

  /** Scores whatever is still queued at both sites, so that each test starts with empty queues. */
  private static void drain() {
    for (JobChannel site : List.of(nl, de)) {
      java.util.Optional<Job> job;
      int n = 0;
      while ((job = site.lease("drain#1/" + n++, null)).isPresent()) {
        site.report(job.get(), Fixtures.scored(0.5, 0.5));
      }
    }
  }

  private static String line(String team, String id) throws Exception {
    return new JsonObject(http.get("/api/submissions/" + id, team).body()).getJsonObject("statusLine").getString("en");
  }

  private static String submit(String team) throws Exception {
    return submit(SLUG, team);
  }

  private static String submit(String slug, String team) throws Exception {
    Path archive = ImageArchives.fake(work.resolve("image-" + images.incrementAndGet() + ".tar"),
        100 + images.get());
    HttpResponse<String> r = http.upload(slug, team, archive);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return new JsonObject(r.body()).getString("id");
  }

  private static HttpResponse<String> post(String path, String token, String body) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            URI.create("http://localhost:" + platform.port() + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
