package org.palmares.platform.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palmares.evaluator.Evaluator;
import org.palmares.evaluator.remote.HttpJobChannel;
import org.palmares.evaluator.site.PolicyFile;
import org.palmares.evaluator.site.ReleaseCli;
import org.palmares.evaluator.testing.TestImages;
import org.palmares.platform.Platform;
import org.palmares.platform.testing.Fixtures;
import org.palmares.platform.testing.Http;
import org.palmares.platform.testing.People;

/**
 * The data holder's control, against the real platform over HTTP: a remote evaluator governed by a
 * policy file with manual release holds each scored result at the site; the operator's CLI approves
 * one (the team then sees it scored) and rejects another (the team sees it withheld by the site, not
 * failed by its submission); a challenge the site does not serve is refused with the reason.
 */
class SiteReleaseIT {
  private static final String SLUG = "breast-cancer-diagnosis";
  private static final String NOT_SERVED = "breast-cancer-survival";

  @TempDir static Path work;
  private static Platform platform;
  private static Evaluator site;
  private static Http http;
  private static Path outbox;
  private static Path archive;

  @BeforeAll
  static void start() throws Exception {
    TestImages.requireBaseImages();
    platform = Platform.start(Platform.Settings.defaults(work.resolve("data"), Fixtures.repoRoot().resolve("challenges"))
        .withPort(0).withEmbeddedEvaluator(false));
    http = new Http(platform.port());
    String token = platform.evaluatorCredentials().create("site-de", List.of(SLUG, NOT_SERVED), Instant.now()).token();
    outbox = work.resolve("outbox");
    Path policy = Files.writeString(work.resolve("site-policy.yaml"), """
        site: de
        challenges: [%s]
        ceilings: {cpus: 2, memoryMiB: 4096, wallClockSeconds: 600}
        minCellCount: 5
        release: manual
        outbox: %s
        """.formatted(SLUG, outbox));
    site = Evaluator.onLocalEngine("site-release-it", work.resolve("site-work"),
        Fixtures.repoRoot().resolve("challenges"),
        new HttpJobChannel(URI.create("http://localhost:" + platform.port() + "/"), token),
        Duration.ofMillis(200), Duration.ofSeconds(5), PolicyFile.read(policy));
    site.start();
    TestImages.build(Fixtures.repoRoot().resolve("evaluator/src/test/docker/echo-input"),
        "palmares-test/site-release-echo:latest");
    archive = TestImages.save("palmares-test/site-release-echo:latest", work.resolve("echo.tar"));
  }

  @AfterAll
  static void stop() {
    if (site != null) {
      site.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  private static String cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = Stream.concat(Stream.of(args), Stream.of("--outbox", outbox.toString())).toArray(String[]::new);
    int code = ReleaseCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), all);
    assertThat(code).as("release %s: %s", String.join(" ", args), err).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String submit(String slug, String team) throws Exception {
    return new JsonObject(http.upload(slug, team, HttpRequest.BodyPublishers.ofFile(archive)).body()).getString("id");
  }

  /** Waits until the site's outbox holds the result of {@code submission}; returns its id there. */
  private static String held(String submission) throws Exception {
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      // the attempt is the platform's: a loaded machine may have re-run the first one
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(" + submission + "\\.[0-9]+)\\s")
          .matcher(cli("list"));
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the result of " + submission + " never reached the outbox: " + cli("list"));
  }

  @Test
  void anApprovedResultIsScoredWithExactlyTheBytesShown() throws Exception {
    String team = People.competitor(platform, SLUG, "approved-team");
    String submission = submit(SLUG, team);
    String id = held(submission);

    JsonObject waiting = http.pollSubmission(submission, team, Duration.ofSeconds(30),
        s -> s.encode().contains("AWAITING_RELEASE"));
    assertThat(waiting.getString("status")).as(waiting.encodePrettily()).isNotIn("SCORED", "FAILED");
    assertThat(waiting.getString("message")).contains("waits for the site's approval");
    assertThat(waiting.getValue("scores")).as("nothing of the scores left the site").isNull();

    String shown = cli("show", id);
    double shownAuc = new JsonObject(shown).getJsonObject("report").getJsonObject("scores").getJsonObject("publicPart")
        .getJsonObject("metrics").getJsonObject("roc_auc").getDouble("value");
    assertThat(new JsonObject(shown).getJsonObject("report").getString("logTail")).isEmpty();
    cli("approve", id);

    JsonObject done = http.pollSubmission(submission, team, Duration.ofSeconds(60), Http::terminal);
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("SCORED");
    assertThat(done.getJsonObject("scores").getJsonObject("public").getJsonObject("metrics")
        .getJsonObject("roc_auc").getDouble("value")).isEqualTo(shownAuc);
    long deadline = System.currentTimeMillis() + 10_000;
    while (!cli("list").matches("(?s).*" + id + "\\s+\\S+\\s+delivered.*") && System.currentTimeMillis() < deadline) {
      Thread.sleep(100); // the platform answered; the site records it just after
    }
    assertThat(cli("list")).containsPattern(id + "\\s+\\S+\\s+delivered");
  }

  @Test
  void aRejectedResultIsWithheldBySiteNotAFailureOfTheTeam() throws Exception {
    String team = People.competitor(platform, SLUG, "rejected-team");
    String submission = submit(SLUG, team);
    String id = held(submission);
    cli("reject", id);

    JsonObject done = http.pollSubmission(submission, team, Duration.ofSeconds(60),
        s -> "WITHHELD".equals(s.getString("outcome")));
    assertThat(done.getValue("scores")).isNull();
    assertThat(done.getString("outcome")).isEqualTo("WITHHELD");
    assertThat(done.getString("message")).as(done.encodePrettily()).startsWith("Withheld by")
        .contains("not a failure of your submission");
    assertThat(done.getBoolean("countsAgainstQuota")).isFalse();
  }

  @Test
  void aChallengeTheSiteDoesNotServeIsRefusedWithTheReason() throws Exception {
    String team = People.competitor(platform, NOT_SERVED, "refused-team");
    String submission = submit(NOT_SERVED, team);
    JsonObject done = http.pollSubmission(submission, team, Duration.ofSeconds(120), Http::terminal);
    assertThat(done.getString("status")).as(done.encodePrettily()).isEqualTo("FAILED");
    assertThat(done.getString("outcome")).isEqualTo("REFUSED_BY_SITE");
    assertThat(done.getString("message")).isEqualTo("site de does not serve challenge " + NOT_SERVED
        + " (it serves " + SLUG + ")");
    assertThat(done.getBoolean("countsAgainstQuota")).isFalse();
  }
}
