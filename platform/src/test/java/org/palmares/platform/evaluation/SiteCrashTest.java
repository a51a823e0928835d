package org.palmares.platform.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
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
import org.palmares.evaluator.protocol.Job;
import org.palmares.evaluator.protocol.JobChannel;
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
 * An evaluator that dies at one site of a two-site challenge (its lease runs out, 2 s here, and the
 * platform's own expiry pass puts it back): the evaluation is re-run at that site only, and its
 * dead attempt's late report is fenced; the other site's result stands untouched.
 */
class SiteCrashTest {
  private static final String SLUG = "two-sites";

  @TempDir static Path work;
  private static Platform platform;
  private static Http http;
  private static JobChannel nl;
  private static JobChannel de;

  @BeforeAll
  static void start() throws Exception {
    Path challenges = Files.createDirectories(work.resolve("challenges"));
    SiteBundles.platformCopy(challenges, SLUG);
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), challenges)
        .withPort(0).withEmbeddedEvaluator(false).withLease(Duration.ofSeconds(2)));
    http = new Http(platform.port());
    URI base = URI.create("http://localhost:" + platform.port() + "/");
    nl = new HttpJobChannel(base, platform.evaluatorCredentials().create("rotterdam", List.of(SLUG), "nl",
        Instant.now()).token());
    de = new HttpJobChannel(base, platform.evaluatorCredentials().create("gbsg", List.of(SLUG), "de",
        Instant.now()).token());
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aLeaseThatRunsOutAtOneSiteIsRunAgainThereOnly() throws Exception {
    String team = People.competitor(platform, SLUG, "crash");
    HttpResponse<String> r = http.upload(SLUG, team, ImageArchives.fake(work.resolve("image.tar"), 42));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String id = new JsonObject(r.body()).getString("id");

    Job atNl = nl.lease("nl#1/1", null).orElseThrow();
    assertThat(nl.report(atNl, Fixtures.scored(0.8, 0.8))).isTrue();
    Job dead = de.lease("de#dead/1", null).orElseThrow(); // and then this evaluator never heartbeats again

    Submission requeued = waitFor(id, s -> s.sites().get("de").status() == EvaluationStatus.QUEUED);
    assertThat(requeued.sites().get("de").attempt()).isEqualTo(1);
    assertThat(requeued.sites().get("nl").status()).isEqualTo(EvaluationStatus.SCORED);
    assertThat(requeued.status()).isEqualTo(SubmissionStatus.RUNNING);
    assertThat(nl.lease("nl#1/2", null)).as("nothing to run again at nl").isEmpty();

    Job again = de.lease("de#new/1", null).orElseThrow();
    assertThat(again.submissionId()).isEqualTo(id);
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(de.report(dead, Fixtures.scored(0.1, 0.1))).as("the dead attempt's late report is fenced").isFalse();
    assertThat(de.report(again, Fixtures.scored(0.7, 0.7))).isTrue();

    Submission done = platform.submissions().find(id).orElseThrow();
    assertThat(done.status()).isEqualTo(SubmissionStatus.SCORED);
    assertThat(done.sites().get("nl").attempt()).as("nl ran once").isEqualTo(1);
    assertThat(done.sites().get("de").attempt()).isEqualTo(2);
    assertThat(done.sites().get("de").scores().publicPart().metrics().get("roc_auc").value()).isEqualTo(0.7);
    assertThat(done.sites().get("nl").scores().publicPart().metrics().get("roc_auc").value()).isEqualTo(0.8);
  }

  private static Submission waitFor(String id, java.util.function.Predicate<Submission> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Submission s = platform.submissions().find(id).orElseThrow();
      if (done.test(s)) {
        return s;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not reached in 30 s: " + platform.submissions().find(id).orElseThrow());
  }
}
