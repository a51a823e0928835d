package org.palmares.platform.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.ResultSigner;
import org.palmares.evaluator.SiteData;
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobChannel;
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.provenance.SignedRecord;
import org.palmares.evaluator.provenance.SiteKey;
import org.palmares.evaluator.remote.HttpJobChannel;
import org.palmares.platform.Main;
import org.palmares.platform.Platform;
import org.palmares.platform.submission.SubmissionStatus;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.ImageArchives;
import org.palmares.platform.testing.People;
import picocli.CommandLine;

/**
 * Signed results over the real HTTP server, without Docker: a site whose key is registered must
 * sign every report; a report unsigned, signed with another key, or whose record does not
 * describe it is refused with a sentence; a good one is taken, kept and exported, and the export
 * verifies offline with {@code palmares verify} until a byte of it is changed.
 */
class ProvenanceTest {
  private static final String SLUG = "breast-cancer-diagnosis";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private static Platform platform;
  private static Http http;
  private static SiteKey siteKey;
  private static HttpJobChannel site;
  private static ResultSigner signer;
  private static String organizer;

  @BeforeAll
  static void start() throws Exception {
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false).withLease(Duration.ofHours(1)));
    http = new Http(platform.port());
    siteKey = SiteKey.loadOrCreate(work.resolve("site-data"));
    String token = platform.evaluatorCredentials().create("hospital-a", List.of(SLUG), null, siteKey.publicKeyPem(),
        Instant.now()).token();
    site = new HttpJobChannel(URI.create("http://localhost:" + platform.port() + "/"), token);
    signer = new ResultSigner(siteKey, new SiteData(Fixtures.repoRoot().resolve("challenges")));
    organizer = People.organizer(platform, "Orla", List.of(SLUG));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aSiteWithARegisteredKeyHasOnlyReportsItSignedForThisJobTaken() throws Exception {
    Job job = submitAndLease("signing-team", "site#1/1");
    JobReport report = Fixtures.scored(0.81, 0.79);

    assertThatThrownBy(() -> site.report(job, report)).isInstanceOf(JobChannel.RefusedException.class)
        .hasMessageContaining("422").hasMessageContaining("bad_record").hasMessageContaining("must carry a signed record");

    SiteKey stranger = SiteKey.generate();
    JobReport strangers = report.withRecord(SignedRecord.sign(signer.recordOf(job, report), stranger));
    assertThatThrownBy(() -> site.report(job, strangers)).hasMessageContaining("bad_record")
        .hasMessageContaining("signed with key " + stranger.keyId()).hasMessageContaining(siteKey.keyId());

    // the record signed for a modest score, the report claiming a better one
    JobReport raised = Fixtures.scored(0.99, 0.98).withRecord(signer.signed(job, report).record());
    assertThatThrownBy(() -> site.report(job, raised)).hasMessageContaining("bad_record")
        .hasMessageContaining("its scores differ");

    // the payload edited after signing
    SignedRecord good = signer.signed(job, report).record();
    JobReport edited = report.withRecord(new SignedRecord(good.payload().replace("0.81", "0.82"), good.signature(),
        good.key()));
    assertThatThrownBy(() -> site.report(job, edited)).hasMessageContaining("does not verify");

    // a record of another attempt (an old one replayed)
    Job earlier = new Job(job.submissionId(), job.attempt() + 1, job.worker(), job.imageId(), job.imageDigest(),
        job.spec());
    JobReport replayed = report.withRecord(signer.signed(earlier, report).record());
    assertThatThrownBy(() -> site.report(job, replayed)).hasMessageContaining("its attempt differs");

    assertThat(platform.submissions().find(job.submissionId()).orElseThrow().status())
        .isEqualTo(SubmissionStatus.RUNNING);
    assertThat(site.report(job, signer.signed(job, report))).isTrue();
    assertThat(platform.submissions().find(job.submissionId()).orElseThrow().status())
        .isEqualTo(SubmissionStatus.SCORED);
    // reported again (the answer was lost): harmless, and the record is kept once
    assertThat(site.report(job, signer.signed(job, report))).isTrue();
    assertThat(platform.services().resultRecords().ofPhase(SLUG, "final"))
        .filteredOn(k -> k.submission().equals(job.submissionId())).hasSize(1);
  }

  @Test
  void theExportVerifiesOfflineUntilARecordOrABoardFigureIsChanged() throws Exception {
    Job job = submitAndLease("export-team", "site#2/1");
    JobReport report = Fixtures.scored(0.7312, 0.7021);
    assertThat(site.report(job, signer.signed(job, report))).isTrue();

    // before the private board is revealed the records are not public (they sign its scores)
    HttpResponse<String> early = get("/api/challenges/" + SLUG + "/phases/final/records", null);
    assertThat(early.statusCode()).isEqualTo(403);
    assertThat(early.body()).contains("not_revealed").contains("private");

    HttpResponse<String> exported = get("/api/organizer/challenges/" + SLUG + "/phases/final/records", organizer);
    assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
    JsonNode export = JSON.readTree(exported.body());
    assertThat(export.path("keys").findValuesAsText("keyId")).contains(siteKey.keyId());
    Path file = Files.writeString(work.resolve("export.json"), exported.body());

    Run good = verify(file);
    assertThat(good.exit).as(good.err).isZero();
    assertThat(good.out).contains("verifies").containsPattern("[1-9][0-9]* board figure\\(s\\) backed");

    // a record's score raised in the export: its signature no longer holds
    Path tamperedRecord = Files.writeString(work.resolve("tampered-record.json"),
        exported.body().replace("0.7312", "0.7412"));
    Run tampered = verify(tamperedRecord);
    assertThat(tampered.exit).isEqualTo(1);
    assertThat(tampered.err).contains("record of submission " + job.submissionId())
        .contains("signature does not verify");

    // a board figure raised: no signed record backs it
    ObjectNode raised = (ObjectNode) export.deepCopy();
    for (JsonNode board : raised.path("boards")) {
      for (JsonNode entry : board.path("entries")) {
        if ("export-team".equals(entry.path("team").asText()) && "public".equals(board.path("part").asText())) {
          ((ObjectNode) entry).put("score", 0.9);
        }
      }
    }
    Run board = verify(Files.writeString(work.resolve("tampered-board.json"), raised.toPrettyString()));
    assertThat(board.exit).isEqualTo(1);
    assertThat(board.err).contains("board public").contains("team export-team").contains("0.9");
  }

  @Test
  void aRotatedKeySignsFromThenOnAndTheRecordsOfTheOldOneStillVerify() throws Exception {
    SiteKey old = SiteKey.generate();
    var created = platform.evaluatorCredentials().create("hospital-r", List.of(SLUG), null, old.publicKeyPem(),
        Instant.now());
    HttpJobChannel rotating = new HttpJobChannel(URI.create("http://localhost:" + platform.port() + "/"),
        created.token());
    ResultSigner oldSigner = new ResultSigner(old, new SiteData(Fixtures.repoRoot().resolve("challenges")));
    Job first = submitAndLease("rotation-team", rotating, "site#r/1");
    assertThat(rotating.report(first, oldSigner.signed(first, Fixtures.scored(0.66, 0.64)))).isTrue();

    // the admin registers the site's new key with the command line, beside the running platform
    SiteKey fresh = SiteKey.generate();
    Path pem = Files.writeString(work.resolve("fresh.pem"), fresh.publicKeyPem());
    Run rotated = palmares("evaluator-key", "--evaluator", created.evaluator().id(), "--public-key", pem.toString(),
        "--data", work.resolve("data").toString());
    assertThat(rotated.exit).as(rotated.err).isZero();
    assertThat(rotated.err).contains(fresh.keyId());
    Run garbage = palmares("evaluator-key", "--evaluator", created.evaluator().id(), "--public-key",
        Files.writeString(work.resolve("garbage.pem"), "not a key").toString(), "--data", work.resolve("data").toString());
    assertThat(garbage.exit).isEqualTo(2);
    assertThat(garbage.err).contains("not an Ed25519 public key");

    Job second = submitAndLease("rotation-team-2", rotating, "site#r/2");
    JobReport report = Fixtures.scored(0.67, 0.65);
    assertThatThrownBy(() -> rotating.report(second, oldSigner.signed(second, report)))
        .hasMessageContaining("not the site's registered key " + fresh.keyId());
    ResultSigner freshSigner = new ResultSigner(fresh, new SiteData(Fixtures.repoRoot().resolve("challenges")));
    assertThat(rotating.report(second, freshSigner.signed(second, report))).isTrue();

    HttpResponse<String> exported = get("/api/organizer/challenges/" + SLUG + "/phases/final/records", organizer);
    JsonNode export = JSON.readTree(exported.body());
    assertThat(export.path("keys").findValuesAsText("keyId")).contains(old.keyId(), fresh.keyId());
    RecordExport.Check check = RecordExport.check(export);
    assertThat(check.problems()).isEmpty();
  }

  private record Run(int exit, String out, String err) {}

  /** {@code palmares verify FILE} through the platform's command line. */
  private static Run verify(Path file) {
    return palmares("verify", file.toString());
  }

  /** A {@code palmares} command, in this process. */
  private static Run palmares(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(new Main()).execute(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  private static Job submitAndLease(String teamName, String worker) throws Exception {
    return submitAndLease(teamName, site, worker);
  }

  private static Job submitAndLease(String teamName, HttpJobChannel site, String worker) throws Exception {
    String team = People.competitor(platform, SLUG, teamName);
    Path archive = ImageArchives.fake(work.resolve(teamName + ".tar"), 4096);
    HttpResponse<String> r = http.upload(SLUG, team, archive);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String id = new JsonObject(r.body()).getString("id");
    Job job = site.lease(worker, null).orElseThrow();
    assertThat(job.submissionId()).isEqualTo(id);
    return job;
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + platform.port() + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
