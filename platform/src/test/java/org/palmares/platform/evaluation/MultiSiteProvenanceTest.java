package org.palmares.platform.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.palmares.evaluator.protocol.JobReport;
import org.palmares.evaluator.provenance.SignedRecord;
import org.palmares.evaluator.provenance.SiteKey;
import org.palmares.evaluator.remote.HttpJobChannel;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.ImageArchives;
import org.palmares.platform.testing.People;
import org.palmares.platform.testing.SiteBundles;
import org.palmares.platform.testing.Fixtures;

/**
 * Signed results of a two-site challenge (nl, de) over the real HTTP server, without Docker: each
 * site signs with its own key for its own site; a record signed with the other site's key, or
 * claiming the other site, is refused; the export lists each record under its site and checks.
 */
class MultiSiteProvenanceTest {
  private static final String SLUG = "two-sites";

  @TempDir static Path work;
  private static Platform platform;
  private static HttpJobChannel nl;
  private static HttpJobChannel de;
  private static SiteKey nlKey;
  private static SiteKey deKey;
  private static ResultSigner nlSigner;
  private static ResultSigner deSigner;
  private static String organizer;

  @BeforeAll
  static void start() throws Exception {
    Path challenges = Files.createDirectories(work.resolve("challenges"));
    SiteBundles.platformCopy(challenges, SLUG);
    Path siteRoot = Files.createDirectories(work.resolve("site"));
    SiteBundles.siteCopy(siteRoot, SLUG);
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), challenges)
        .withPort(0).withEmbeddedEvaluator(false).withLease(Duration.ofHours(1)));
    URI base = URI.create("http://localhost:" + platform.port() + "/");
    nlKey = SiteKey.generate();
    deKey = SiteKey.generate();
    nl = new HttpJobChannel(base, platform.evaluatorCredentials().create("rotterdam", List.of(SLUG), "nl",
        nlKey.publicKeyPem(), Instant.now()).token());
    de = new HttpJobChannel(base, platform.evaluatorCredentials().create("gbsg", List.of(SLUG), "de",
        deKey.publicKeyPem(), Instant.now()).token());
    nlSigner = new ResultSigner(nlKey, new SiteData(siteRoot));
    deSigner = new ResultSigner(deKey, new SiteData(siteRoot));
    organizer = People.organizer(platform, "Oona", List.of(SLUG));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void eachSiteSignsForItselfAndTheExportFilesEachRecordUnderItsSite() throws Exception {
    String team = People.competitor(platform, SLUG, "two-site-team");
    HttpResponse<String> r = new Http(platform.port()).upload(SLUG, team,
        ImageArchives.fake(work.resolve("image.tar"), 4096));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String id = new JsonObject(r.body()).getString("id");
    Job atNl = nl.lease("nl#1/1", null).orElseThrow();
    Job atDe = de.lease("de#1/1", null).orElseThrow();
    assertThat(atNl.submissionId()).isEqualTo(id);
    JobReport nlReport = Fixtures.scored(0.71, 0.69);

    // nl's token with de's signature: the key is not nl's
    assertThatThrownBy(() -> nl.report(atNl, deSigner.signed(atNl, nlReport)))
        .hasMessageContaining("bad_record").hasMessageContaining("not the site's registered key " + nlKey.keyId());
    // nl's key, but a record saying it is de's result: the site is the token's
    JobReport claimingDe = nlReport.withRecord(SignedRecord.sign(nlSigner.recordOf(atDe, nlReport), nlKey));
    assertThatThrownBy(() -> nl.report(atNl, claimingDe)).hasMessageContaining("bad_record")
        .hasMessageContaining("site");

    assertThat(nl.report(atNl, nlSigner.signed(atNl, nlReport))).isTrue();
    assertThat(de.report(atDe, deSigner.signed(atDe, Fixtures.scored(0.64, 0.62)))).isTrue();

    List<ResultRecords.Kept> kept = platform.services().resultRecords().ofPhase(SLUG, "final");
    assertThat(kept).extracting(ResultRecords.Kept::site).containsExactly("de", "nl");
    // and with each site's result on the submission
    var sites = platform.submissions().find(id).orElseThrow().sites();
    assertThat(sites.get("de").record()).isEqualTo(kept.get(0).record());
    assertThat(sites.get("nl").record()).isEqualTo(kept.get(1).record());
    assertThat(SignedRecord.parse(sites.get("nl").record()).verifiedWith(nlKey.publicKey()).site()).isEqualTo("nl");
    HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://localhost:" + platform.port() + "/api/organizer/challenges/" + SLUG + "/phases/final/records"))
        .header("Authorization", "Bearer " + organizer).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
    RecordExport.Check check = RecordExport.check(new ObjectMapper().readTree(export.body()));
    assertThat(check.records()).isEqualTo(2);
    assertThat(check.problems()).as(export.body()).isEmpty();
    assertThat(check.figures()).as("each site's board, both parts, each figure its own site's record").isEqualTo(4);

    // a record filed under the other site in the export is caught
    String swapped = export.body().replace("\"site\" : \"nl\"", "\"site\" : \"xx\"");
    assertThat(RecordExport.check(new ObjectMapper().readTree(swapped)).problems())
        .anyMatch(p -> p.contains("at site xx") && p.contains("site nl"));
  }
}
